/*
 * A numeric MAT variable decoded to float, in MATLAB's own column-major order: element
 * (i0, i1, i2, ...) sits at i0 + d0*(i1 + d1*(i2 + ...)). For a 2-D array, (r, c) is at
 * r + c*rows. Floats hold every integer up to 2^24 exactly, which covers the uint8/uint16
 * label maps and DN cubes of the HSI benchmarks.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;

import java.util.Arrays;

public record MatArray(String file, String name, String matlabClass, int[] dims, float[] data) {

    public MatArray {
        dims = dims.clone();
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " need " + n + " values, got "
                    + data.length);
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** The data array itself (not a copy: arrays of this size are shared, not cloned). */
    @Override
    public float[] data() {
        return data;
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return i < dims.length ? dims[i] : 1;
    }

    public int rows() {
        return dim(0);
    }

    public int cols() {
        return dim(1);
    }

    /** Element (r, c) of a 2-D array. */
    public float get(int r, int c) {
        return data[r + c * dims[0]];
    }

    public String shape() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }

    /** Requires a 2-D array (trailing singleton dimensions allowed); names the problem otherwise. */
    public void require2d() {
        for (int i = 2; i < dims.length; i++) {
            if (dims[i] != 1) {
                throw new BadFileException(file, name, "expected a 2-D array, found " + shape());
            }
        }
    }

    /** The 2-D array in row-major order: (r, c) at r*cols + c. */
    public float[] toRowMajor() {
        require2d();
        int rows = rows();
        int cols = cols();
        float[] out = new float[data.length];
        for (int c = 0; c < cols; c++) {
            int src = c * rows;
            for (int r = 0; r < rows; r++) {
                out[r * cols + c] = data[src + r];
            }
        }
        return out;
    }

    /**
     * The 2-D array as non-negative integer labels in row-major order; a value that is not a
     * whole number in [0, 2^31) is reported with its (row, col), 1-based as MATLAB prints it.
     */
    public int[] toLabelsRowMajor() {
        require2d();
        int rows = rows();
        int cols = cols();
        int[] out = new int[data.length];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                float v = data[r + c * rows];
                if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                    throw new BadFileException(file, name, "value " + v + " at (" + (r + 1) + ", " + (c + 1)
                            + ") is not a non-negative whole-number label");
                }
                out[r * cols + c] = (int) v;
            }
        }
        return out;
    }
}
