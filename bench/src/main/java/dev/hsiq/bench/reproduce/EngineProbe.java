/*
 * One engine measurement in a JVM of its own: the reproduction starts this main class once
 * per configuration, as JMH forks once per benchmark. In the reproduction's long-lived JVM,
 * which by then has trained dozens of networks and compiled every kernel variant, the JIT's
 * profiles are shared by all variants (the same tile methods run with other bit schedules,
 * call sites of the plan's ops see every op class) and the quantized plan measured 1.3x the
 * float plan where a fresh JVM measured 2.2x for the same two model files. A fresh JVM
 * measures what a user's program that loads one model sees.
 *
 *   EngineProbe INPUT QUANTIZED.hsiq FLOAT.hsiq WARMUP_NS SAMPLE_ROUNDS SCENE_WARMUP_CALLS SCENE_ROUNDS
 *
 * INPUT is written by ProbeInput (samples and, optionally, the scene). The result is one
 * line on stdout: "probe Q_SAMPLES_PER_S F_SAMPLES_PER_S SPEEDUP Q_SCENE_MS F_SCENE_MS" (NaN
 * where there is no scene; SPEEDUP the paired one, EngineSpeed.Figures); anything else is a
 * failure the parent reports.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.engine.compile.CompiledModel;
import dev.hsiq.engine.io.ModelFile;

import java.nio.file.Path;
import java.util.Locale;

public final class EngineProbe {

    private EngineProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: EngineProbe INPUT QUANTIZED.hsiq FLOAT.hsiq WARMUP_NS SAMPLE_ROUNDS "
                    + "SCENE_WARMUP_CALLS SCENE_ROUNDS");
            System.exit(2);
        }
        ProbeInput input = ProbeInput.read(Path.of(args[0]));
        CompiledModel q = CompiledModel.compile(ModelFile.read(Path.of(args[1])));
        CompiledModel f = CompiledModel.compile(ModelFile.read(Path.of(args[2])));
        EngineSpeed.Budget budget = new EngineSpeed.Budget(Long.parseLong(args[3]), Integer.parseInt(args[4]),
                Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        EngineSpeed.Figures fig = EngineSpeed.measure(q, f, input.samples(), input.count(), input.scene(), budget);
        System.out.println(String.format(Locale.ROOT, "probe %s %s %s %s %s", fig.samplesPerSecond(),
                fig.floatSamplesPerSecond(), fig.speedup(), fig.sceneMs(), fig.floatSceneMs()));
    }
}
