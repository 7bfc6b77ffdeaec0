/*
 * The engine on a minimal runtime (DESIGN section 4: embedders take engine + kernels, usable on
 * a jlink'd runtime of java.base + jdk.incubator.vector, falling back to scalar kernels without
 * the vector module):
 *   1. jdeps says the engine and kernels classes need exactly java.base and jdk.incubator.vector;
 *   2. jlink builds a runtime of those two modules (into a temporary directory, nothing cached);
 *   3. EmbeddedClassifyMain classifies a scene with a quantized and a float model file on that
 *      runtime, with the vector module, and again without it (scalar fallback, which it says);
 *   4. the results equal this JVM's: quantized labels and logits bit for bit in every run
 *      (integer arithmetic), float logits within 1e-4 relative (the scalar GEMM sums in another
 *      order) and labels equal away from near-ties.
 * Skipped, with the reason, when the JDK has no jlink or jdeps tool or cannot link its own
 * runtime (JDKs without jmods and without JEP 493 linking).
 */
package dev.hsiq.engine.embed;

import dev.hsiq.engine.Classification;
import dev.hsiq.engine.HsiClassifier;
import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.testing.TestModels;
import dev.hsiq.kernels.InputNormalizer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

class MinimalRuntimeTest {

    static String classpathOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    static String runTool(ToolProvider tool, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int rc = tool.run(ps, ps, args);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as("%s %s:%n%s", tool.name(), String.join(" ", args), text).isZero();
        return text;
    }

    @Test
    void classifiesOnAJlinkedRuntimeWithAndWithoutTheVectorModule(@TempDir Path dir) throws Exception {
        Optional<ToolProvider> jlink = ToolProvider.findFirst("jlink");
        Optional<ToolProvider> jdeps = ToolProvider.findFirst("jdeps");
        Assumptions.assumeTrue(jlink.isPresent() && jdeps.isPresent(),
                "this JDK has no jlink / jdeps tool (a JRE?): the minimal-runtime test needs a full JDK");
        String engine = classpathOf(HsiClassifier.class);
        String kernels = classpathOf(InputNormalizer.class);
        String tests = classpathOf(EmbeddedClassifyMain.class);

        String modules = runTool(jdeps.get(), "--print-module-deps", "--ignore-missing-deps", "--multi-release", "21",
                "-cp", kernels, engine, kernels).trim();
        assertThat(modules).as("modules the engine and kernels need").isEqualTo("java.base,jdk.incubator.vector");

        Path runtime = dir.resolve("runtime");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
        int rc = jlink.get().run(ps, ps, "--add-modules", modules, "--output", runtime.toString(), "--strip-debug",
                "--no-header-files", "--no-man-pages");
        Assumptions.assumeTrue(rc == 0, "jlink cannot link this JDK's runtime (no jmods, no JEP 493 linking): "
                + log.toString(StandardCharsets.UTF_8));
        Path java = runtime.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        assertThat(java).exists();

        int rows = 7;
        int cols = 9;
        Model quantized = TestModels.random(ModelSpec.patchCnn(7).resolve(4, QuantSettings.parseBits("2/1")), 12, 1,
                false);
        Model floating = TestModels.random(ModelSpec.patchCnn(7).resolve(4, null), 12, 2, false);
        for (Model m : List.of(quantized, floating)) {
            Path modelFile = dir.resolve(m.spec().isQuantized() ? "q.hsiq" : "f.hsiq");
            ModelFile.write(m, modelFile);
            float[] cube = scene(m, rows, cols);
            Path sceneFile = dir.resolve("scene.f32");
            EmbeddedClassifyMain.writeFloats(sceneFile, cube);
            Classification here = HsiClassifier.load(modelFile).classifySceneWithLogits(cube, rows, cols, m.bands());
            for (boolean vector : new boolean[]{true, false}) {
                Path out = dir.resolve("out-" + vector + ".bin");
                List<String> cmd = new ArrayList<>(List.of(java.toString()));
                if (vector) {
                    cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
                }
                cmd.addAll(List.of("-cp", String.join(File.pathSeparator, engine, kernels, tests),
                        EmbeddedClassifyMain.class.getName(), modelFile.toString(), sceneFile.toString(),
                        Integer.toString(rows), Integer.toString(cols), Integer.toString(m.bands()), out.toString()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
                assertThat(p.exitValue()).as("%s%n%s", cmd, output).isZero();
                assertThat(output).as("vectorization decision").contains(vector ? "Vector API" : "scalar");
                if (!vector) {
                    assertThat(output).contains("jdk.incubator.vector");
                }
                compare(m, here, Files.readAllBytes(out), rows * cols, vector);
            }
        }
    }

    private static void compare(Model m, Classification here, byte[] bytes, int pixels, boolean vector) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int classes = m.classes();
        int[] labels = new int[pixels];
        for (int i = 0; i < pixels; i++) labels[i] = b.getInt();
        float[] logits = new float[pixels * classes];
        for (int i = 0; i < logits.length; i++) logits[i] = b.getFloat();
        String what = (m.spec().isQuantized() ? "quantized" : "float") + (vector ? " with" : " without")
                + " the vector module";
        if (m.spec().isQuantized()) {
            assertThat(labels).as(what).isEqualTo(here.labels());
            assertThat(logits).as(what).isEqualTo(here.logits());
            return;
        }
        for (int i = 0; i < pixels; i++) {
            float[] want = here.logits(i);
            float scale = 0;
            float top = Float.NEGATIVE_INFINITY;
            float second = Float.NEGATIVE_INFINITY;
            for (float v : want) {
                scale = Math.max(scale, Math.abs(v));
                if (v > top) {
                    second = top;
                    top = v;
                } else if (v > second) {
                    second = v;
                }
            }
            for (int k = 0; k < classes; k++) {
                assertThat(Math.abs(logits[i * classes + k] - want[k])).as("%s, pixel %d", what, i)
                        .isLessThanOrEqualTo(1e-4f * Math.max(scale, 1e-3f));
            }
            if (top - second > 1e-3f * scale) {
                assertThat(labels[i]).as("%s, pixel %d", what, i).isEqualTo(here.labels()[i]);
            }
        }
    }

    static float[] scene(Model m, int rows, int cols) {
        Random rnd = new Random(3);
        float[] low = m.normalization().low();
        float[] high = m.normalization().high();
        float[] cube = new float[rows * cols * m.bands()];
        for (int i = 0; i < cube.length; i++) {
            int b = i % m.bands();
            cube[i] = low[b] + rnd.nextFloat() * (high[b] - low[b]);
        }
        return cube;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
    }
}
