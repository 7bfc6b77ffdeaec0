/*
 * Writes DIR/report.md and DIR/report.json of a reproduction: the run header, the paper's
 * three claims beside the measured figures with a one-line verdict each, and one table
 * per dataset with one row per configuration (OA/AA/kappa mean and std over seeds, weight
 * bytes and memory ratio, engine throughput and speedup against the float plan measured
 * in the same run, and the scene time for scene datasets).
 *
 * JSON field names are the ones used elsewhere: oa, aa, kappa, memory_ratio, speedup,
 * patches_per_s, scene_ms, bits, grad, seeds.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.engine.io.AtomicFiles;
import dev.hsiq.engine.json.Json;
import dev.hsiq.training.protocol.MetricsSummary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

public final class ReportWriter {

    /** The paper's figures (abstract of Mei et al. 2022). */
    public static final double PAPER_MEMORY_RATIO = 13.6;
    public static final double PAPER_SPEEDUP = 10.0;
    /** What this report calls a "slight" accuracy drop, in OA points. */
    public static final double SLIGHT_DROP_POINTS = 2.0;

    private ReportWriter() {
    }

    public static void write(Path dir, RunHeader header, List<ConfigResult> rows, List<String> plots) {
        AtomicFiles.writeString(dir.resolve("report.json"), Json.write(json(header, rows, plots)) + "\n");
        AtomicFiles.writeString(dir.resolve("report.md"), markdown(header, rows, plots));
    }

    // ------------------------------------------------------------------ verdicts

    /** The three claims with measured figures and verdicts, as lines of a Markdown table. */
    static List<String[]> claims(List<ConfigResult> rows) {
        List<String[]> out = new ArrayList<>();
        ConfigResult bestMem = null;
        for (ConfigResult r : rows) {
            if (!r.isFloat() && Double.isFinite(r.memoryRatio()) && "2/1".equals(r.bits()) && r.plain()
                    && (bestMem == null || r.model().equals("patch-cnn"))) {
                bestMem = r;
            }
        }
        if (bestMem != null) {
            boolean ok = bestMem.memoryRatio() >= PAPER_MEMORY_RATIO;
            out.add(new String[]{"memory", fmt("%.1fx less", PAPER_MEMORY_RATIO),
                    fmt("%.1fx (%s at %s: %,d bytes packed vs %,d float)", bestMem.memoryRatio(), bestMem.model(),
                            bestMem.bits(), bestMem.weightBytes(), bestMem.weightBytesFp32()),
                    ok ? "reproduced: at least the paper's ratio" : "not reproduced: below the paper's ratio"});
        }
        ConfigResult fastest = null;
        for (ConfigResult r : rows) {
            if (!r.isFloat() && Double.isFinite(r.speedup()) && withinOfFloat(rows, r, 1.5)
                    && (fastest == null || r.speedup() > fastest.speedup())) {
                fastest = r;
            }
        }
        if (fastest != null) {
            double s = fastest.speedup();
            out.add(new String[]{"speed", fmt("about %.0fx faster", PAPER_SPEEDUP),
                    fmt("%.1fx (%s at %s, %,.0f vs %,.0f samples/s, 1 thread, best configuration within 1.5 OA points of float)",
                            s, fastest.model(), fastest.label(), fastest.patchesPerSecond(),
                            fastest.floatPatchesPerSecond()),
                    s >= 0.9 * PAPER_SPEEDUP ? "reproduced" : s >= 3 ? "partly: a real speedup, below the paper's ~10x"
                            : "not reproduced"});
        }
        for (ConfigResult f : rows) {
            if (!f.isFloat() || f.provenance().contains("stand-in")) {
                continue;
            }
            ConfigResult best = null;
            for (ConfigResult r : rows) {
                if (!r.isFloat() && r.dataset().equals(f.dataset()) && r.model().equals(f.model())
                        && "2/1".equals(r.bits()) && r.plain()
                        && (best == null || r.accuracy().oa().mean() > best.accuracy().oa().mean())) {
                    best = r;
                }
            }
            if (best != null) {
                double drop = 100 * (f.accuracy().oa().mean() - best.accuracy().oa().mean());
                out.add(new String[]{"accuracy, " + f.dataset(), "slight drop",
                        fmt("%.2f -> %.2f OA at 2/1 (%s gradient): %+.2f points", 100 * f.accuracy().oa().mean(),
                                100 * best.accuracy().oa().mean(), best.grad(), -drop),
                        drop <= SLIGHT_DROP_POINTS ? "reproduced: a drop of at most " + SLIGHT_DROP_POINTS + " points"
                                : "not reproduced: the drop exceeds " + SLIGHT_DROP_POINTS + " points"});
            }
        }
        return out;
    }

    private static boolean withinOfFloat(List<ConfigResult> rows, ConfigResult r, double points) {
        for (ConfigResult f : rows) {
            if (f.isFloat() && f.dataset().equals(r.dataset()) && f.model().equals(r.model())) {
                return 100 * (f.accuracy().oa().mean() - r.accuracy().oa().mean()) <= points;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ markdown

    static String markdown(RunHeader h, List<ConfigResult> rows, List<String> plots) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Reproduction of Mei et al. 2022 (step activation quantization)\n\n");
        sb.append(fmt("Run: %s, %d seed(s) %s, started %s, took %.1f min.%n", h.mode(), h.seeds().size(), h.seeds(),
                h.started(), h.seconds() / 60));
        sb.append(fmt("Machine: %s, %d cores; JDK %s; %s.%n", h.machine(), h.cores(), h.jdk(), h.kernels()));
        sb.append(fmt("Models: %d trained, %.1f min of training in total (runs read from the cache count the time "
                + "they took when trained; evaluation and measurement not included).%n%n", modelCount(rows),
                trainingSeconds(rows) / 60));
        for (String s : h.skipped()) {
            sb.append("Skipped: ").append(s).append("\n");
        }
        if (!h.skipped().isEmpty()) {
            sb.append('\n');
        }
        sb.append("## The paper's claims beside the measured figures\n\n");
        sb.append("| claim | paper | measured | verdict |\n|---|---|---|---|\n");
        for (String[] c : claims(rows)) {
            sb.append("| ").append(String.join(" | ", c)).append(" |\n");
        }
        sb.append("\nAccuracy is the test OA (mean over seeds) of the stratified split; speed is the compiled "
                + "engine's throughput on one thread, quantized plan over float plan of the same network in the same "
                + "run (interleaved, a fresh JVM per pair; seed 1's models): samples/s are the medians of the rounds, "
                + "speedup the median of the per-round ratios (calls made back to back, so a slow phase of a shared "
                + "machine hits both), close to but not exactly the ratio of the two medians; memory is float32 "
                + "parameter bytes over packed parameter bytes.\n");
        Set<String> datasets = new LinkedHashSet<>();
        rows.forEach(r -> datasets.add(r.dataset() + "\u0000" + r.model()));
        for (String key : datasets) {
            String[] dm = key.split("\u0000");
            List<ConfigResult> table = rows.stream().filter(r -> r.dataset().equals(dm[0]) && r.model().equals(dm[1]))
                    .toList();
            ConfigResult first = table.get(0);
            boolean scene = table.stream().anyMatch(r -> Double.isFinite(r.sceneMs()));
            sb.append("\n## ").append(dm[0]).append(" — ").append(dm[1]).append("\n\n");
            sb.append("Data: ").append(first.provenance()).append(".\n\n");
            sb.append("| config | grad | OA % | AA % | kappa | weight bytes | memory ratio | samples/s | float samples/s | speedup |");
            sb.append(scene ? " scene ms | float scene ms |\n" : "\n");
            sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|").append(scene ? "---:|---:|\n" : "\n");
            for (ConfigResult r : table) {
                MetricsSummary a = r.accuracy();
                sb.append(fmt("| %s | %s | %.2f ± %.2f | %.2f ± %.2f | %.4f ± %.4f | %,d | %.2f | %s | %s | %s |",
                        r.label(), r.isFloat() ? "-" : r.grad(), 100 * a.oa().mean(), 100 * a.oa().std(),
                        100 * a.aa().mean(), 100 * a.aa().std(), a.kappa().mean(), a.kappa().std(), r.weightBytes(),
                        r.memoryRatio(), num(r.patchesPerSecond(), "%,.0f"), num(r.floatPatchesPerSecond(), "%,.0f"),
                        num(r.speedup(), "%.2fx")));
                if (scene) {
                    sb.append(fmt(" %s | %s |", num(r.sceneMs(), "%.1f"), num(r.floatSceneMs(), "%.1f")));
                }
                sb.append('\n');
            }
        }
        if (!plots.isEmpty()) {
            sb.append("\n## Plots\n\n");
            for (String p : plots) {
                sb.append("![").append(p).append("](").append(p).append(")\n\n");
            }
        }
        return sb.toString();
    }

    static int modelCount(List<ConfigResult> rows) {
        return rows.stream().mapToInt(r -> r.perSeed().size()).sum();
    }

    static double trainingSeconds(List<ConfigResult> rows) {
        return rows.stream().flatMap(r -> r.perSeed().stream()).mapToDouble(ConfigResult.SeedScore::trainSeconds).sum();
    }

    private static String num(double v, String format) {
        return Double.isFinite(v) ? fmt(format, v) : "-";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    // ------------------------------------------------------------------ json

    static Map<String, Object> json(RunHeader h, List<ConfigResult> rows, List<String> plots) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> header = new LinkedHashMap<>(h.toJson());
        header.put("models", (long) modelCount(rows));
        header.put("training_seconds", trainingSeconds(rows));
        root.put("header", header);
        List<Object> claims = new ArrayList<>();
        for (String[] c : claims(rows)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("claim", c[0]);
            m.put("paper", c[1]);
            m.put("measured", c[2]);
            m.put("verdict", c[3]);
            claims.add(m);
        }
        root.put("claims", claims);
        List<Object> results = new ArrayList<>();
        for (ConfigResult r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", r.dataset());
            m.put("provenance", r.provenance());
            m.put("model", r.model());
            m.put("bits", r.bits());
            m.put("grad", r.isFloat() ? "none" : r.grad());
            m.put("input_bits", (long) r.inputBits());
            m.put("first_layer", r.firstLayer());
            m.put("first_activation", r.firstActivation() == 0 ? null : (long) r.firstActivation());
            m.put("seeds", r.seeds());
            m.put("oa", stat(r.accuracy().oa()));
            m.put("aa", stat(r.accuracy().aa()));
            m.put("kappa", stat(r.accuracy().kappa()));
            List<Object> per = new ArrayList<>();
            for (ConfigResult.SeedScore s : r.perSeed()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("seed", s.seed());
                e.put("oa", s.oa());
                e.put("aa", s.aa());
                e.put("kappa", s.kappa());
                e.put("train_seconds", s.trainSeconds());
                per.add(e);
            }
            m.put("per_seed", per);
            m.put("weight_bytes", r.weightBytes());
            m.put("weight_bytes_fp32", r.weightBytesFp32());
            m.put("memory_ratio", r.memoryRatio());
            m.put("patches_per_s", r.patchesPerSecond());
            m.put("float_patches_per_s", r.floatPatchesPerSecond());
            m.put("speedup", r.speedup());
            m.put("scene_ms", r.sceneMs());
            m.put("float_scene_ms", r.floatSceneMs());
            results.add(m);
        }
        root.put("results", results);
        root.put("plots", plots);
        return root;
    }

    private static Map<String, Object> stat(MetricsSummary.Stat s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", s.mean());
        m.put("std", s.std());
        return m;
    }
}
