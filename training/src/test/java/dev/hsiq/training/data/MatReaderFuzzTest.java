/*
 * Coverage-guided fuzz target for the MAT reader (issue 7 item 2): any bytes go to the
 * entry point that detects the format (level 5 through Mat5Scanner and mfl-core, 7.3
 * through jhdf), which lists the variables; each listed variable is then read as an array,
 * as a cube and as an unlabeled scene (whose input, for the allocation bound, is the decoded
 * cube). Every call must stay within ReaderLimits: only the project's exceptions, under
 * 1 s, bounded allocation.
 *
 * Seeds: the real ground-truth and labeled-spectra files of the shared data directory when
 * present (read, never copied), and fixtures written here: level 5 in both byte orders,
 * compressed and not, several storage types (MatFixtures), a file written by mfl-core, and
 * a MAT 7.3 file. Inputs that once failed are kept under
 * src/test/resources/dev/hsiq/training/data/MatReaderFuzzTestInputs/anyBytes/ and replayed
 * by every test run. How to fuzz for longer: docs/fuzzing.md.
 */
package dev.hsiq.training.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.hsiq.training.data.MatFixtures.*;

class MatReaderFuzzTest {

    static final String FILE = "fuzz.mat";
    /** Variables read per input: enough to reach every code path, few enough to stay fast. */
    private static final int MAX_VARIABLES = 4;

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "60s")
    void anyBytes(byte[] input) {
        List<MatVariableInfo> vars = new ArrayList<>();
        long listed = ReaderLimits.check("variables", FILE, input.length, () -> {
            vars.addAll(MatReader.variables(FILE, input));
            return 0;
        });
        if (listed < 0) {
            ReaderLimits.check("read after a failed listing", FILE, input.length,
                    () -> 4L * MatReader.read(FILE, input, "gt").data().length);
            return;
        }
        for (MatVariableInfo v : vars.subList(0, Math.min(MAX_VARIABLES, vars.size()))) {
            String name = v.name();
            ReaderLimits.check("read " + name, FILE, input.length,
                    () -> 4L * MatReader.read(FILE, input, name).data().length);
            Cube[] cube = new Cube[1];
            ReaderLimits.check("cube " + name, FILE, input.length, () -> {
                cube[0] = MatReader.readCube(FILE, input, name);
                return 4L * cube[0].data().length;
            });
            if (cube[0] != null) { // the scene's input is the decoded cube, which may be larger than the file
                ReaderLimits.check("scene from " + name, FILE, 4L * cube[0].data().length, () -> {
                    SceneFiles.unlabeled(FILE, cube[0], "fuzz input");
                    return 0;
                });
            }
        }
        ReaderLimits.check("missing variable", FILE, input.length,
                () -> 4L * MatReader.read(FILE, input, "no_such_variable_in_this_file").data().length);
    }

    static Stream<Arguments> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        double[] gt = columnMajor(3, 4, (r, c) -> (r * 4 + c) % 3);
        double[] cube = new double[2 * 3 * 2];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = 100 + 7 * i;
        }
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (boolean compressed : List.of(true, false)) {
                seeds.add(level5(order, compressed,
                        new Var("gt", MX_DOUBLE, new int[]{3, 4}, MI_UINT8, gt),
                        new Var("cube", MX_SINGLE, new int[]{2, 3, 2}, MI_SINGLE, cube),
                        new Var("dn", MX_UINT16, new int[]{2, 6}, MI_UINT16, cube),
                        new Var("d", MX_DOUBLE, new int[]{1, 3}, MI_DOUBLE, new double[]{-1.5, 0, 2e9})));
            }
        }
        seeds.add(level5(ByteOrder.LITTLE_ENDIAN, true,
                new Var("z", MX_DOUBLE, new int[]{1, 2}, MI_DOUBLE, new double[]{1, 2}, true),
                new Var("c", MX_CELL, new int[]{0, 0}, MI_DOUBLE, null)));
        try {
            Path dir = Files.createTempDirectory("hsiq-mat-seeds");
            try {
                seeds.add(writtenByMfl(dir.resolve("mfl.mat")));
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("gt", new double[][]{{1, 2, 3}, {4, 5, 6}});
                data.put("cube", new float[][][]{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
                data.put("small", new byte[][]{{1, 2}, {3, 4}, {5, 6}});
                Path v73 = dir.resolve("v73.mat");
                mat73(v73, data, Map.of("gt", "double", "cube", "single", "small", "int8"));
                seeds.add(Files.readAllBytes(v73));
            } finally {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
            seeds.addAll(realFiles(".mat"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seeds.stream().map(b -> Arguments.of((Object) b));
    }

    private static byte[] writtenByMfl(Path p) throws IOException {
        Mat5File mat = Mat5.newMatFile();
        Matrix d = Mat5.newMatrix(2, 3);
        Matrix u8 = Mat5.newMatrix(2, 2, MatlabType.UInt8);
        for (int i = 0; i < 6; i++) {
            d.setDouble(i, i * 1.5);
        }
        u8.setInt(1, 1, 200);
        mat.addArray("d", d).addArray("u8", u8);
        try (Sink sink = Sinks.newStreamingFile(p.toFile())) {
            Mat5.newWriter(sink).writeMat(mat);
        }
        return Files.readAllBytes(p);
    }

    /** Files of the shared data directory with this extension, under 1 MiB (none if it is absent). */
    static List<byte[]> realFiles(String extension) throws IOException {
        Path root = SharedData.directory().path();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(extension)).sorted()
                    .toList()) {
                if (Files.size(p) < (1 << 20)) {
                    out.add(Files.readAllBytes(p));
                }
            }
        }
        return out;
    }
}
