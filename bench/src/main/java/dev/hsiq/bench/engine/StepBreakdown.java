/*
 * `hsiq bench engine --steps`: where the time of each plan goes, step by step (the input
 * stage, then every op of the compiled plan), on one thread, after the pair timing has warmed
 * both plans up. Each mode runs `rounds` more calls through CompiledModel.timed (StepTimes);
 * a step's figure is its recorded time per patch (per-patch mode, microseconds) or per scene
 * (dense scene mode, milliseconds), and its share of the plan's total.
 */
package dev.hsiq.bench.engine;

import dev.hsiq.engine.compile.CompiledModel;
import dev.hsiq.engine.compile.StepTimes;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

final class StepBreakdown {

    /** One step of one plan in one mode: time per patch (us) or per scene (ms), and share of the plan. */
    record Row(String plan, String mode, String step, String kernel, double time, double share) {

        String unit() {
            return mode.equals("patch") ? "us/patch" : "ms/scene";
        }

        Map<String, Object> json() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("mode", "steps");
            r.put("plan", plan);
            r.put("run", mode);
            r.put("threads", 1L);
            r.put("step", step);
            r.put("kernel", kernel);
            r.put(mode.equals("patch") ? "us_per_patch" : "ms_per_scene", BenchEngineCommand.round(time, 3));
            r.put("share", BenchEngineCommand.round(share, 4));
            return r;
        }
    }

    private StepBreakdown() {
    }

    /**
     * Rows of one plan: per-patch mode (patchCall classifies `batch` patches) and, when sceneCall
     * is not null, dense scene mode (sceneCall classifies one scene).
     */
    static List<Row> measure(String plan, CompiledModel model, Consumer<CompiledModel> patchCall, int batch,
                             Consumer<CompiledModel> sceneCall, int rounds) {
        List<Row> rows = new ArrayList<>();
        rows.addAll(run(plan, "patch", model, patchCall, rounds, 1e3 * batch));
        if (sceneCall != null) {
            rows.addAll(run(plan, "scene", model, sceneCall, rounds, 1e6));
        }
        return rows;
    }

    private static List<Row> run(String plan, String mode, CompiledModel model, Consumer<CompiledModel> call,
                                 int rounds, double nanosPerUnit) {
        StepTimes times = model.newStepTimes();
        CompiledModel timed = model.timed(times);
        call.accept(timed);
        times.reset();
        for (int i = 0; i < rounds; i++) {
            call.accept(timed);
        }
        double total = times.totalNanos();
        List<Row> rows = new ArrayList<>();
        for (StepTimes.Step s : times.steps()) {
            rows.add(new Row(plan, mode, s.name(), s.kernel(), s.nanos() / (double) rounds / nanosPerUnit,
                    total > 0 ? s.nanos() / total : 0));
        }
        return rows;
    }

    static void print(PrintStream o, List<Row> rows) {
        o.println("time per step, 1 thread:");
        o.printf(Locale.ROOT, "%-9s %-6s %-7s %-30s %12s %7s%n", "plan", "mode", "step", "kernel", "time", "share");
        for (Row r : rows) {
            o.printf(Locale.ROOT, "%-9s %-6s %-7s %-30s %8.2f %s %6.1f%%%n", r.plan(), r.mode(), r.step(), r.kernel(),
                    r.time(), r.unit(), 100 * r.share());
        }
    }
}
