/*
 * The reproduction's speed figures: a quantized model's compiled plan against the float
 * model's compiled plan of the same network and data, timed in the same run and interleaved
 * (PairTiming), on one thread, as the paper compares them. The speedup is the paired one
 * (median of per-round ratios, as `hsiq bench engine` reports it): on a shared machine with
 * slow and fast phases the ratio of the two medians can pair a fast phase with a slow one.
 *   per-sample mode  a batch of test samples (raw spectra, or raw B x P x P patches cut from
 *                    the scene with mirror padding) classified per call: samples/s;
 *   scene mode       the whole scene classified in one call (dense mode for patch-cnn):
 *                    milliseconds per scene.
 * Both plans are compiled once; their scratch space is allocated per call by the engine,
 * as it would be in a user's program. measureForked runs the same in a fresh JVM
 * (EngineProbe explains why the reproduction does that).
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.bench.engine.PairTiming;
import dev.hsiq.engine.compile.CompiledModel;
import dev.hsiq.kernels.Parallel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class EngineSpeed {

    /** Samples per timed call in per-sample mode (as in `hsiq bench engine`). */
    public static final int BATCH = 512;

    /** A scene to classify: rows x cols x bands raw values in BIP order. */
    public record Cube(float[] values, int rows, int cols, int bands) {
    }

    /**
     * Measured figures; scene fields are NaN without a scene. speedup is the per-sample mode's
     * paired speedup (PairTiming.Result.pairedSpeedup: the median over rounds of the float call's
     * time over the quantized call's, made back to back), not the ratio of the two medians.
     */
    public record Figures(double samplesPerSecond, double floatSamplesPerSecond, double speedup, double sceneMs,
                          double floatSceneMs) {
    }

    /**
     * How long to measure: warm-up time and rounds of the per-sample mode, warm-up calls and
     * rounds of the scene mode (a scene call is long: the samples' warm-up has compiled the
     * kernels already). The per-sample warm-up also continues until the JIT has settled
     * (PairTiming), so the quick budget's short time no longer measures plans C2 has not
     * compiled yet. The scene warm-up is its calls only: a scene call is seconds long (Botswana,
     * 1476 x 256), background compilations complete during most of them, so waiting for a
     * quiet second added several such calls per configuration (with it, the quick run took
     * 15.9 min instead of 8.7), while the per-sample warm-up has compiled the kernels already.
     */
    public record Budget(long warmupNanos, int sampleRounds, int sceneWarmupCalls, int sceneRounds) {

        public static Budget full() {
            return new Budget(8_000_000_000L, 9, 2, 3);
        }

        public static Budget quick() {
            return new Budget(1_500_000_000L, 5, 1, 1);
        }
    }

    private EngineSpeed() {
    }

    /**
     * Times {@code quantized} against {@code floating} on {@code count} samples of
     * {@code sampleLength} raw values, and on {@code scene} when not null.
     */
    public static Figures measure(CompiledModel quantized, CompiledModel floating, float[] samples, int count,
                                  Cube scene, Budget budget) {
        Parallel one = Parallel.sequential();
        int[] lq = new int[count];
        int[] lf = new int[count];
        PairTiming.Result per = PairTiming.measure(() -> classify(quantized, samples, count, lq, one),
                () -> classify(floating, samples, count, lf, one), budget.warmupNanos(), budget.sampleRounds());
        double qps = count / (per.a().medianNs() / 1e9);
        double fps = count / (per.b().medianNs() / 1e9);
        if (scene == null) {
            return new Figures(qps, fps, per.pairedSpeedup(), Double.NaN, Double.NaN);
        }
        int pixels = scene.rows() * scene.cols();
        int[] sq = new int[pixels];
        int[] sf = new int[pixels];
        PairTiming.Result sc = PairTiming.measure(
                () -> quantized.classifyScene(scene.values(), scene.rows(), scene.cols(), scene.bands(), sq, null, one),
                () -> floating.classifyScene(scene.values(), scene.rows(), scene.cols(), scene.bands(), sf, null, one),
                0, budget.sceneWarmupCalls(), budget.sceneRounds(), false);
        return new Figures(qps, fps, per.pairedSpeedup(), sc.a().medianNs() / 1e6, sc.b().medianNs() / 1e6);
    }

    /**
     * The same measurement in a fresh JVM (EngineProbe) with this JVM's java binary, options
     * and class path, on the models in two files and the inputs in {@code input}.
     */
    public static Figures measureForked(Path input, Path quantized, Path floating, Budget budget) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // keep module, memory and property options; leave out agents and debuggers of the parent
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xrunjdwp")
                    && !a.startsWith("-XX:+HeapDumpOnOutOfMemoryError")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EngineProbe.class.getName());
        cmd.add(input.toString());
        cmd.add(quantized.toString());
        cmd.add(floating.toString());
        cmd.add(Long.toString(budget.warmupNanos()));
        cmd.add(Integer.toString(budget.sampleRounds()));
        cmd.add(Integer.toString(budget.sceneWarmupCalls()));
        cmd.add(Integer.toString(budget.sceneRounds()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            for (String line : output.lines().toList()) {
                if (line.startsWith("probe ")) {
                    String[] v = line.substring(6).trim().split(" ");
                    if (v.length != 5) {
                        throw new IllegalStateException("engine probe printed " + v.length + " figures, expected 5: "
                                + line);
                    }
                    return new Figures(Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]),
                            Double.parseDouble(v[3]), Double.parseDouble(v[4]));
                }
            }
            throw new IllegalStateException("engine probe exited with " + exit + " without a result: "
                    + output.strip().lines().reduce((a, b) -> b).orElse("(no output)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the engine probe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engine probe ran", e);
        }
    }

    private static void classify(CompiledModel m, float[] samples, int count, int[] labels, Parallel p) {
        if (m.patchModel()) {
            m.classifyPatches(samples, count, labels, null, p);
        } else {
            m.classifySpectra(samples, count, labels, null, p);
        }
    }
}
