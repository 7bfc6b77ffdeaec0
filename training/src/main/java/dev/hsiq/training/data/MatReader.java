/*
 * Reads one numeric variable of a MAT file by name, whichever flavour the header says it
 * is: level 5 (compressed or not, either byte order) through mfl-core after a structural
 * pre-scan (Mat5Scanner) that validates every declared size against the file, and 7.3
 * (HDF5) through jhdf. Values come back as float in MATLAB's column-major order, whatever
 * the storage type on disk (class double stored as uint8 is converted like MATLAB does).
 * The same entry points exist for a file's bytes already in memory (fuzzing, downloads);
 * whatever the bytes, the only exceptions are the project's own (HsiqException and
 * subclasses), naming the file and the variable.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.HsiqException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class MatReader {

    private MatReader() {
    }

    /** The variables of {@code file}, with class, shape and storage type. */
    public static List<MatVariableInfo> variables(Path file) {
        return switch (MatFormat.detect(requireFile(file))) {
            case LEVEL5 -> Mat5Scanner.scan(file.toString(), readAll(file), null);
            case V73 -> Mat73Reader.variables(file);
        };
    }

    /** The variables of a MAT file held in memory; {@code file} names it in error messages. */
    public static List<MatVariableInfo> variables(String file, byte[] bytes) {
        return switch (MatFormat.detect(file, bytes)) {
            case LEVEL5 -> Mat5Scanner.scan(file, bytes, null);
            case V73 -> Mat73Reader.variables(file, bytes);
        };
    }

    /** Reads numeric variable {@code variable} of {@code file} as float, column-major. */
    public static MatArray read(Path file, String variable) {
        return switch (MatFormat.detect(requireFile(file))) {
            case LEVEL5 -> readLevel5(file.toString(), readAll(file), variable);
            case V73 -> Mat73Reader.read(file, variable);
        };
    }

    /** Reads numeric variable {@code variable} of a MAT file held in memory. */
    public static MatArray read(String file, byte[] bytes, String variable) {
        return switch (MatFormat.detect(file, bytes)) {
            case LEVEL5 -> readLevel5(file, bytes, variable);
            case V73 -> Mat73Reader.read(file, bytes, variable);
        };
    }

    /**
     * Reads a rows x cols x bands variable as a cube in BIP order (pixel-major:
     * (r*cols + c)*bands + b). A 2-D variable reads as a single-band cube.
     */
    public static Cube readCube(Path file, String variable) {
        return toCube(read(file, variable));
    }

    /** As {@link #readCube(Path, String)}, for a MAT file held in memory. */
    public static Cube readCube(String file, byte[] bytes, String variable) {
        return toCube(read(file, bytes, variable));
    }

    private static Cube toCube(MatArray a) {
        String file = a.file();
        String variable = a.name();
        for (int i = 3; i < a.rank(); i++) {
            if (a.dim(i) != 1) {
                throw new BadFileException(file, variable, "expected a rows x cols x bands array, found " + a.shape());
            }
        }
        int rows = a.dim(0);
        int cols = a.dim(1);
        int bands = a.dim(2);
        return new Cube(rows, cols, bands, columnMajorToBip(a.data(), rows, cols, bands), null, null,
                file + ":" + variable);
    }

    /** Reorders a column-major rows x cols x bands array into BIP order. */
    public static float[] columnMajorToBip(float[] src, int rows, int cols, int bands) {
        float[] out = new float[src.length];
        int plane = rows * cols;
        for (int b = 0; b < bands; b++) {
            int base = b * plane;
            for (int c = 0; c < cols; c++) {
                int s = base + c * rows;
                for (int r = 0; r < rows; r++) {
                    out[(r * cols + c) * bands + b] = src[s + r];
                }
            }
        }
        return out;
    }

    private static MatArray readLevel5(String file, byte[] bytes, String variable) {
        Mat5Scanner.Isolated isolated = Mat5Scanner.isolate(file, bytes, variable);
        List<MatVariableInfo> vars = isolated.vars();
        MatVariableInfo info = vars.stream().filter(v -> v.name().equals(variable)).findFirst().orElse(null);
        if (info == null) {
            throw missingVariable(file, variable, vars.stream().map(MatVariableInfo::describe).toList());
        }
        requireNumericReal(file, info);
        Array array;
        try {
            Mat5File mat = Mat5.newReader(Sources.wrap(isolated.element()))
                    .setEntryFilter(h -> variable.equals(h.getName()))
                    .disableSubsystemProcessing()
                    .readMat();
            array = mat.getArray(variable);
        } catch (IOException | RuntimeException e) {
            throw new BadFileException(file, variable, "cannot decode: " + e.getMessage(), e);
        }
        if (!(array instanceof Matrix m)) {
            throw new BadFileException(file, variable, "is a " + array.getType() + ", not a numeric matrix");
        }
        int[] dims = m.getDimensions();
        if (!Arrays.equals(dims, info.dims())) {
            throw new BadFileException(file, variable, "decoder reports shape " + Arrays.toString(dims)
                    + " but the header says " + info.shape());
        }
        int n = m.getNumElements();
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) m.getDouble(i);
        }
        return new MatArray(file, variable, info.matlabClass(), dims, data);
    }

    static void requireNumericReal(String file, MatVariableInfo info) {
        if (!info.isNumeric()) {
            throw new BadFileException(file, info.name(), "is a " + info.matlabClass() + " array, not a numeric one");
        }
        if (info.complex()) {
            throw new BadFileException(file, info.name(), "is complex; hyperspectral data must be real");
        }
    }

    static BadFileException missingVariable(String file, String variable, List<String> present) {
        return new BadFileException(file, variable, "no such variable; the file holds "
                + (present.isEmpty() ? "no variables" : String.join(", ", new ArrayList<>(present))));
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HsiqException(file + ": no such file");
        }
        return file;
    }

    static byte[] readAll(Path file) {
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 16) {
                throw new BadFileException(file, "", "file of " + size + " bytes is larger than a MAT level-5 file "
                        + "can be (2 GiB)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new HsiqException(file + ": no such file", e);
        } catch (IOException e) {
            throw new HsiqException("cannot read " + file + ": " + e, e);
        }
    }
}
