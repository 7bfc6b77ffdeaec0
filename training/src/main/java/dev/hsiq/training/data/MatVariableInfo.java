/*
 * What a MAT file says about one top-level variable before its data is decoded: name,
 * MATLAB class (what MATLAB returns on load), dimensions in MATLAB order (rows, cols, ...),
 * the on-disk storage type (which can be narrower than the class, e.g. class double stored
 * as uint8), and the complex/logical flags. Used to pick a variable, to list the variables
 * present in error messages, and to validate sizes before anything is allocated.
 */
package dev.hsiq.training.data;

import java.util.Arrays;
import java.util.Set;

public record MatVariableInfo(String name, String matlabClass, int[] dims, String storageType,
                              boolean complex, boolean logical) {

    private static final Set<String> NUMERIC = Set.of("double", "single", "int8", "uint8", "int16", "uint16",
            "int32", "uint32", "int64", "uint64", "logical");

    public MatVariableInfo {
        dims = dims.clone();
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public boolean isNumeric() {
        return NUMERIC.contains(matlabClass);
    }

    public long elementCount() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** "145x145" style shape, as MATLAB prints it. */
    public String shape() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }

    /** One-line description, e.g. {@code indian_pines_gt (double 145x145, stored uint8)}. */
    public String describe() {
        String stored = storageType == null || storageType.equals(matlabClass) ? "" : ", stored " + storageType;
        return name + " (" + (complex ? "complex " : "") + matlabClass + " " + shape() + stored + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatVariableInfo v && name.equals(v.name) && matlabClass.equals(v.matlabClass)
                && Arrays.equals(dims, v.dims) && java.util.Objects.equals(storageType, v.storageType)
                && complex == v.complex && logical == v.logical;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return describe();
    }
}
