package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.HsiqException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sinks;
import us.hebi.matlab.mat.types.Sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

import static dev.hsiq.training.data.MatFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatReaderTest {

    @TempDir
    Path dir;

    /** Writes a file with mfl-core's own writer, compressed or not. */
    private Path writeWithMfl(String name, boolean compressed) throws IOException {
        Mat5File mat = Mat5.newMatFile();
        Matrix d = Mat5.newMatrix(3, 4); // double
        Matrix u8 = Mat5.newMatrix(2, 3, MatlabType.UInt8);
        Matrix i16 = Mat5.newMatrix(1, 3, MatlabType.Int16);
        Matrix f = Mat5.newMatrix(2, 2, MatlabType.Single);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                d.setDouble(r, c, 10 * r + c + 0.5);
            }
        }
        u8.setInt(0, 0, 0);
        u8.setInt(1, 0, 127);
        u8.setInt(0, 1, 128);
        u8.setInt(1, 1, 200);
        u8.setInt(0, 2, 255);
        u8.setInt(1, 2, 1);
        i16.setShort(0, 0, (short) -32768);
        i16.setShort(0, 1, (short) -1);
        i16.setShort(0, 2, (short) 32767);
        f.setFloat(0, 0, 1.25f);
        f.setFloat(1, 0, -2.5f);
        f.setFloat(0, 1, 3e-3f);
        f.setFloat(1, 1, 7f);
        mat.addArray("data", d).addArray("labels", u8).addArray("shorts", i16).addArray("floats", f);
        Path p = dir.resolve(name);
        try (Sink sink = Sinks.newStreamingFile(p.toFile())) {
            Mat5.newWriter(sink).setDeflateLevel(compressed ? Deflater.DEFAULT_COMPRESSION : Deflater.NO_COMPRESSION)
                    .writeMat(mat);
        }
        return p;
    }

    private static int firstElementType(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(128);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsFilesWrittenByMfl(boolean compressed) throws IOException {
        Path p = writeWithMfl("mfl.mat", compressed);
        assertThat(firstElementType(p)).as("top-level element type").isEqualTo(compressed ? 15 : 14);
        assertThat(MatFormat.detect(p)).isEqualTo(MatFormat.LEVEL5);

        MatArray d = MatReader.read(p, "data");
        assertThat(d.dims()).containsExactly(3, 4);
        assertThat(d.matlabClass()).isEqualTo("double");
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(d.get(r, c)).isEqualTo(10 * r + c + 0.5f);
                assertThat(d.data()[r + 3 * c]).as("column-major").isEqualTo(10 * r + c + 0.5f);
            }
        }
        assertThat(d.toRowMajor()).containsExactly(0.5f, 1.5f, 2.5f, 3.5f, 10.5f, 11.5f, 12.5f, 13.5f, 20.5f, 21.5f,
                22.5f, 23.5f);

        MatArray u8 = MatReader.read(p, "labels");
        assertThat(u8.matlabClass()).isEqualTo("uint8");
        assertThat(u8.data()).containsExactly(0, 127, 128, 200, 255, 1);
        assertThat(MatReader.read(p, "shorts").data()).containsExactly(-32768, -1, 32767);
        assertThat(MatReader.read(p, "floats").data()).containsExactly(1.25f, -2.5f, 3e-3f, 7f);

        List<MatVariableInfo> vars = MatReader.variables(p);
        assertThat(vars).extracting(MatVariableInfo::name).containsExactly("data", "labels", "shorts", "floats");
        assertThat(vars.get(1).shape()).isEqualTo("2x3");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void classDoubleStoredAsNarrowUnsignedTypesConvertsLikeMatlab(boolean compressed) throws IOException {
        // The real gt maps: class double, data element miUINT8 / miUINT16. Values above the
        // signed range prove unsigned conversion.
        double[] u8 = {0, 1, 127, 128, 200, 255};
        double[] u16 = {0, 985, 32767, 32768, 40000, 65535};
        for (ByteOrder order : new ByteOrder[]{ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            Path p = dir.resolve("narrow-" + order + "-" + compressed + ".mat");
            Files.write(p, level5(order, compressed,
                    new Var("gt", MX_DOUBLE, new int[]{2, 3}, MI_UINT8, u8),
                    new Var("X", MX_DOUBLE, new int[]{3, 2}, MI_UINT16, u16),
                    new Var("neg", MX_DOUBLE, new int[]{1, 3}, MI_INT16, new double[]{-5, 0, 5})));
            MatArray gt = MatReader.read(p, "gt");
            assertThat(gt.matlabClass()).isEqualTo("double");
            assertThat(gt.data()).containsExactly(0, 1, 127, 128, 200, 255);
            assertThat(gt.get(1, 2)).isEqualTo(255f);
            assertThat(gt.toLabelsRowMajor()).containsExactly(0, 127, 200, 1, 128, 255);
            assertThat(MatReader.read(p, "X").data()).containsExactly(0, 985, 32767, 32768, 40000, 65535);
            assertThat(MatReader.read(p, "neg").data()).containsExactly(-5, 0, 5);
            MatVariableInfo info = MatReader.variables(p).get(0);
            assertThat(info.describe()).isEqualTo("gt (double 2x3, stored uint8)");
        }
    }

    @Test
    void readsACubeIntoBipOrder() throws IOException {
        int rows = 3;
        int cols = 4;
        int bands = 5;
        double[] v = new double[rows * cols * bands];
        for (int b = 0; b < bands; b++) {
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    v[r + rows * (c + cols * b)] = 100 * r + 10 * c + b;
                }
            }
        }
        Path p = dir.resolve("cube.mat");
        Files.write(p, level5(ByteOrder.LITTLE_ENDIAN, true,
                new Var("cube", MX_DOUBLE, new int[]{rows, cols, bands}, MI_UINT16, v)));
        Cube cube = MatReader.readCube(p, "cube");
        assertThat(cube.rows()).isEqualTo(rows);
        assertThat(cube.cols()).isEqualTo(cols);
        assertThat(cube.bands()).isEqualTo(bands);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int b = 0; b < bands; b++) {
                    assertThat(cube.data()[(r * cols + c) * bands + b]).isEqualTo(100 * r + 10 * c + b);
                }
            }
        }
    }

    @Test
    void missingVariableListsTheVariablesPresent() throws IOException {
        Path p = writeWithMfl("vars.mat", true);
        assertThatThrownBy(() -> MatReader.read(p, "indian_pines_gt"))
                .isInstanceOf(BadFileException.class)
                .hasMessageContaining(p.toString())
                .hasMessageContaining("indian_pines_gt: no such variable")
                .hasMessageContaining("data (double 3x4)")
                .hasMessageContaining("labels (uint8 2x3)");
    }

    @Test
    void nonNumericAndComplexVariablesAreRefused() throws IOException {
        Path p = dir.resolve("odd.mat");
        Files.write(p, level5(ByteOrder.LITTLE_ENDIAN, false,
                new Var("z", MX_DOUBLE, new int[]{1, 2}, MI_DOUBLE, new double[]{1, 2}, true),
                new Var("c", MX_CELL, new int[]{0, 0}, 0, null)));
        assertThatThrownBy(() -> MatReader.read(p, "z")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("z: is complex");
        assertThatThrownBy(() -> MatReader.read(p, "c")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("c: is a cell array");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyTruncationIsABadFileException(boolean compressed) throws IOException {
        byte[] full = level5(ByteOrder.LITTLE_ENDIAN, compressed,
                new Var("gt", MX_DOUBLE, new int[]{20, 30}, MI_UINT8, columnMajor(20, 30, (r, c) -> (r * c) % 17)));
        assertThat(MatReader.read(write("full.mat", full), "gt").data()).hasSize(600);
        for (int cut = 0; cut < full.length; cut += (cut < 300 ? 1 : 37)) {
            Path p = write("cut" + cut + ".mat", Arrays.copyOf(full, cut));
            assertThatThrownBy(() -> MatReader.read(p, "gt"))
                    .as("file cut at %d of %d bytes", cut, full.length)
                    .isInstanceOf(BadFileException.class)
                    .hasMessageStartingWith(p.toString());
        }
    }

    @Test
    void hugeDeclaredDimensionsAreRejectedBeforeAllocating() throws IOException {
        // dims 100000 x 100000 but only 6 bytes of data: must not try to allocate 10^10 values.
        byte[] element = matrixElement(ByteOrder.LITTLE_ENDIAN,
                new Var("gt", MX_DOUBLE, new int[]{2, 3}, MI_UINT8, new double[]{1, 2, 3, 4, 5, 6}));
        ByteBuffer bb = ByteBuffer.wrap(element).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(8 + 16 + 8, 100000); // first dimension
        bb.putInt(8 + 16 + 12, 100000); // second dimension
        for (boolean compressed : new boolean[]{false, true}) {
            byte[] file = concat(header(ByteOrder.LITTLE_ENDIAN, "MATLAB 5.0 MAT-file"),
                    compressed ? concat(tag(ByteOrder.LITTLE_ENDIAN, 15, deflate(element).length), deflate(element))
                            : element);
            Path p = write("huge" + compressed + ".mat", file);
            assertThatThrownBy(() -> MatReader.read(p, "gt")).isInstanceOf(BadFileException.class)
                    .hasMessageContaining("gt: ")
                    .hasMessageContaining("100000x100000");
        }
        // A declared element length of 2 GiB in a small file.
        byte[] file = concat(header(ByteOrder.LITTLE_ENDIAN, "MATLAB 5.0 MAT-file"), element);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(132, Integer.MAX_VALUE);
        Path p = write("longelement.mat", file);
        assertThatThrownBy(() -> MatReader.read(p, "gt")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("declares 2147483647 bytes");
        // A compressed element whose inner tag claims far more than the stream holds.
        byte[] inner = matrixElement(ByteOrder.LITTLE_ENDIAN,
                new Var("gt", MX_DOUBLE, new int[]{2, 3}, MI_UINT8, new double[]{1, 2, 3, 4, 5, 6}));
        ByteBuffer.wrap(inner).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2_000_000_000);
        byte[] z = deflate(inner);
        Path q = write("liar.mat", concat(header(ByteOrder.LITTLE_ENDIAN, "MATLAB 5.0 MAT-file"),
                concat(tag(ByteOrder.LITTLE_ENDIAN, 15, z.length), z)));
        assertThatThrownBy(() -> MatReader.read(q, "gt")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("gt: compressed data ends after");
    }

    @Test
    void corruptZlibStreamAndWrongStorageSizeAreReported() throws IOException {
        byte[] file = level5(ByteOrder.LITTLE_ENDIAN, true,
                new Var("gt", MX_DOUBLE, new int[]{10, 10}, MI_UINT8, columnMajor(10, 10, (r, c) -> r + c)));
        for (int i = 128 + 8 + 2; i < file.length; i += 5) {
            file[i] ^= 0x5a;
        }
        Path p = write("corrupt.mat", file);
        assertThatThrownBy(() -> MatReader.read(p, "gt")).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(p.toString());

        byte[] element = matrixElement(ByteOrder.LITTLE_ENDIAN,
                new Var("gt", MX_DOUBLE, new int[]{2, 2}, MI_UINT8, new double[]{1, 2, 3, 4, 5, 6, 7, 8}));
        Path q = write("sizes.mat", concat(header(ByteOrder.LITTLE_ENDIAN, "MATLAB 5.0 MAT-file"), element));
        assertThatThrownBy(() -> MatReader.read(q, "gt")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("real part holds 8 bytes but 2x2 uint8 values need 4");
    }

    @Test
    void notAMatFileIsNamedAsSuch() throws IOException {
        Path p = write("notes.mat", "this is a text file, not MATLAB data\n".repeat(10).getBytes());
        assertThatThrownBy(() -> MatReader.read(p, "x")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("not a MAT level-5 or 7.3 file");
        Path tiny = write("tiny.mat", new byte[10]);
        assertThatThrownBy(() -> MatReader.read(tiny, "x")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("header");
        assertThatThrownBy(() -> MatReader.read(dir.resolve("absent.mat"), "x")).isInstanceOf(HsiqException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void readsMat73WithTransposedHdf5Layout() throws IOException {
        // MATLAB sees gt as 3 x 4 with gt(r, c) = 10r + c; HDF5 stores it as [4][3].
        double[][] gt = new double[4][3];
        for (int c = 0; c < 4; c++) {
            for (int r = 0; r < 3; r++) {
                gt[c][r] = 10 * r + c;
            }
        }
        // A 2 x 3 x 2 cube: HDF5 [bands][cols][rows].
        double[][][] cube = new double[2][3][2];
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < 2; r++) {
                    cube[b][c][r] = 100 * r + 10 * c + b;
                }
            }
        }
        byte[][] small = {{1, 2}, {3, 4}, {5, 6}}; // MATLAB 2 x 3 int8
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("gt", gt);
        data.put("cube", cube);
        data.put("small", small);
        Path p = dir.resolve("v73.mat");
        MatFixtures.mat73(p, data, Map.of("gt", "double", "cube", "double", "small", "int8"));

        assertThat(MatFormat.detect(p)).isEqualTo(MatFormat.V73);
        MatArray a = MatReader.read(p, "gt");
        assertThat(a.dims()).containsExactly(3, 4);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(a.get(r, c)).isEqualTo(10 * r + c);
            }
        }
        Cube cb = MatReader.readCube(p, "cube");
        assertThat(new int[]{cb.rows(), cb.cols(), cb.bands()}).containsExactly(2, 3, 2);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                for (int b = 0; b < 2; b++) {
                    assertThat(cb.get(r, c, b)).isEqualTo(100 * r + 10 * c + b);
                }
            }
        }
        MatArray s = MatReader.read(p, "small");
        assertThat(s.dims()).containsExactly(2, 3);
        assertThat(s.get(1, 2)).isEqualTo(6f);
        assertThat(s.matlabClass()).isEqualTo("int8");
        assertThat(MatReader.variables(p)).extracting(MatVariableInfo::name).contains("gt", "cube", "small");
        assertThatThrownBy(() -> MatReader.read(p, "salinas_gt")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("no such variable")
                .hasMessageContaining("gt (double 3x4");
    }

    @Test
    void mat73HeaderWithoutHdf5PartIsReported() throws IOException {
        Path p = dir.resolve("v73.mat");
        MatFixtures.mat73(p, Map.of("gt", new double[][]{{1, 2}}), Map.of("gt", "double"));
        byte[] all = Files.readAllBytes(p);
        Path cut = write("v73cut.mat", Arrays.copyOf(all, 520));
        assertThatThrownBy(() -> MatReader.read(cut, "gt")).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(cut.toString());
        Path headerOnly = write("v73head.mat", Arrays.copyOf(all, 300));
        assertThatThrownBy(() -> MatReader.read(headerOnly, "gt")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("MAT 7.3");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
