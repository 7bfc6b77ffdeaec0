/*
 * Reads numeric variables of MAT 7.3 files through jhdf. A MAT 7.3 file is HDF5 with a
 * 512-byte MATLAB user block; each top-level variable is a dataset carrying a string
 * attribute MATLAB_class. MATLAB writes arrays in its column-major order, and HDF5
 * describes data row-major (C order), so an array MATLAB sees as rows x cols is stored as
 * an HDF5 dataset of shape [cols, rows]: the dataset's dimensions are MATLAB's reversed,
 * while the flat element order is exactly MATLAB's column-major order. Empty arrays are
 * stored as their dimension vector with attribute MATLAB_empty = 1.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.HsiqException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

final class Mat73Reader {

    /** Deflate cannot expand data by more than about 1032:1; more means a corrupt header. */
    private static final long MAX_EXPANSION = 1100;

    static {
        // jhdf logs through SLF4J; without a provider SLF4J prints three warning lines to
        // stderr on first use. Keep a command's output clean unless the user chose otherwise.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private Mat73Reader() {
    }

    static List<MatVariableInfo> variables(Path file) {
        return variables(file.toString(), () -> new HdfFile(file));
    }

    static List<MatVariableInfo> variables(String file, byte[] bytes) {
        return variables(file, () -> HdfFile.fromBytes(bytes));
    }

    static MatArray read(Path file, String variable) {
        long size;
        try {
            size = Files.size(file);
        } catch (java.io.IOException e) {
            throw new HsiqException("cannot read " + file + ": " + e, e);
        }
        return read(file.toString(), size, () -> new HdfFile(file), variable);
    }

    static MatArray read(String file, byte[] bytes, String variable) {
        return read(file, bytes.length, () -> HdfFile.fromBytes(bytes), variable);
    }

    private static List<MatVariableInfo> variables(String file, Supplier<HdfFile> opener) {
        try (HdfFile hdf = open(file, opener)) {
            List<MatVariableInfo> out = new ArrayList<>();
            for (Map.Entry<String, Node> e : hdf.getChildren().entrySet()) {
                out.add(describe(file, e.getKey(), e.getValue()));
            }
            return out;
        } catch (BadFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadFileException(file, "", "cannot read as MAT 7.3 / HDF5: " + e.getMessage(), e);
        }
    }

    private static MatArray read(String file, long fileSize, Supplier<HdfFile> opener, String variable) {
        try (HdfFile hdf = open(file, opener)) {
            Node node = hdf.getChildren().get(variable);
            if (node == null) {
                List<String> present = new ArrayList<>();
                for (Map.Entry<String, Node> e : hdf.getChildren().entrySet()) {
                    present.add(describe(file, e.getKey(), e.getValue()).describe());
                }
                throw MatReader.missingVariable(file, variable, present);
            }
            MatVariableInfo info = describe(file, variable, node);
            MatReader.requireNumericReal(file, info);
            Dataset ds = (Dataset) node;
            long bytes = ds.getSizeInBytes();
            if (bytes > fileSize * MAX_EXPANSION) {
                throw new BadFileException(file, variable, "declares " + bytes + " bytes of data, impossible for a "
                        + fileSize + "-byte file (corrupt header)");
            }
            if (info.elementCount() > Integer.MAX_VALUE - 16) {
                throw new BadFileException(file, variable, info.shape() + " holds more elements than one Java array");
            }
            if (info.elementCount() == 0) {
                return new MatArray(file, variable, info.matlabClass(), info.dims(), new float[0]);
            }
            float[] data = toFloat(file, variable, ds.getDataFlat());
            return new MatArray(file, variable, info.matlabClass(), info.dims(), data);
        } catch (BadFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadFileException(file, variable, "cannot decode MAT 7.3 / HDF5 data: " + e.getMessage(), e);
        }
    }

    private static HdfFile open(String file, Supplier<HdfFile> opener) {
        try {
            return opener.get();
        } catch (RuntimeException e) {
            throw new BadFileException(file, "", "not a readable MAT 7.3 / HDF5 file: " + e.getMessage(), e);
        }
    }

    private static MatVariableInfo describe(String file, String name, Node node) {
        String cls = stringAttribute(node, "MATLAB_class");
        if (!(node instanceof Dataset ds)) {
            return new MatVariableInfo(name, cls == null ? "struct" : cls, new int[]{1, 1}, null, false, false);
        }
        if (cls == null) {
            cls = "(no MATLAB_class)";
        }
        boolean empty = node.getAttribute("MATLAB_empty") != null;
        int[] hdfDims = ds.getDimensions();
        int[] dims;
        if (empty) {
            // The dataset holds the dimension vector itself (with a zero in it).
            Object flat = ds.getDataFlat();
            float[] d = toFloat(file, name, flat);
            dims = new int[Math.max(2, d.length)];
            for (int i = 0; i < d.length; i++) {
                dims[i] = (int) d[i];
            }
        } else if (hdfDims.length == 0) {
            dims = new int[]{1, 1};
        } else {
            dims = new int[Math.max(2, hdfDims.length)];
            java.util.Arrays.fill(dims, 1);
            for (int i = 0; i < hdfDims.length; i++) {
                dims[i] = hdfDims[hdfDims.length - 1 - i];
            }
        }
        boolean complex = ds.isCompound();
        String storage = ds.getJavaType() == null ? null : ds.getJavaType().getSimpleName();
        return new MatVariableInfo(name, cls, dims, storage, complex, "logical".equals(cls));
    }

    private static String stringAttribute(Node node, String key) {
        Attribute a = node.getAttribute(key);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] arr && arr.length > 0) {
            return arr[0];
        }
        return String.valueOf(v);
    }

    /** Converts jhdf's flat primitive array (unsigned types come widened) to float. */
    private static float[] toFloat(String file, String variable, Object flat) {
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] d) {
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        if (flat instanceof byte[] b) {
            float[] out = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = b[i];
            }
            return out;
        }
        if (flat instanceof short[] s) {
            float[] out = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[i];
            }
            return out;
        }
        if (flat instanceof int[] n) {
            float[] out = new float[n.length];
            for (int i = 0; i < n.length; i++) {
                out[i] = n[i];
            }
            return out;
        }
        if (flat instanceof long[] l) {
            float[] out = new float[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = l[i];
            }
            return out;
        }
        if (flat instanceof boolean[] z) {
            float[] out = new float[z.length];
            for (int i = 0; i < z.length; i++) {
                out[i] = z[i] ? 1 : 0;
            }
            return out;
        }
        if (flat instanceof BigInteger[] big) {
            float[] out = new float[big.length];
            for (int i = 0; i < big.length; i++) {
                out[i] = big[i].floatValue();
            }
            return out;
        }
        throw new BadFileException(file, variable, "data of Java type "
                + (flat == null ? "null" : flat.getClass().getSimpleName()) + " is not a numeric array");
    }
}
