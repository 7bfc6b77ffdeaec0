/*
 * `hsiq bench engine --model FILE|patch-cnn|spectral-cnn [--bits A/W] [--input-bits N]
 *  [--threads N] [--quick] [--rounds N] [--warmup SECONDS] --out FILE.json`: the float plan and
 * the quantized plan of the same network, measured in the same run (issue 5 item 6).
 *
 * Models: a built-in network gets random weights with calibrated batch norm (RandomModels) at
 * --bands bands (200) and --classes classes (16), quantized with --bits, --input-bits and
 * --last-layer, and a float twin (same layers, float weights, ReLU). A model FILE is compiled
 * as it is, with a random twin of the other kind (float twin of a quantized file; quantized
 * twin with --bits of a float one).
 *
 * Modes, for each thread count 1, 2, 4, ... up to --threads (and --threads itself):
 *   patch  per-sample inference of a batch of --batch raw samples (patches in the model's CHW
 *          layout, or spectra), one call per timing: patches_per_s = batch / median time;
 *   scene  a 145 x 145 scene (BIP, --bands bands) classified whole (dense scene mode for
 *          patch-cnn; every pixel's spectrum for spectral models): scene_ms = median time,
 *          patches_per_s = pixels per second.
 * Timing: PairTiming (a warm-up of 8 s, 3 with --quick, or --warmup, continued until the JIT
 * has settled, warmup_s in each record; then 9 interleaved
 * quantized / float rounds, 5 with --quick, or --rounds; medians; speedup is the median of the
 * per-round float / quantized time ratios, not the ratio of the two medians, so that a shared
 * machine's slow and fast phases pair up). Before
 * timing, the quantized dense-scene labels are checked against per-patch inference on every
 * pixel of that scene (they must be identical; the run fails otherwise), and the float plan's
 * agreement is reported.
 *
 * Output: a table, and a JSON array written atomically (temporary file, then move), one
 * record per mode and thread count: mode, threads, network, bits, input_bits, last_layer,
 * patches_per_s, float_patches_per_s, speedup, scene_ms, float_scene_ms (null in patch mode),
 * weight_bytes (packed, PackedSize), weight_bytes_fp32, memory_ratio, labels_identical, env
 * (CPU, JDK, vector decision, load average before and after, timing settings).
 * --steps adds StepBreakdown's records (mode "steps": plan, run, step, kernel, us_per_patch or
 * ms_per_scene, share): the time of each step of each plan on 1 thread.
 */
package dev.hsiq.bench.engine;

import dev.hsiq.engine.compile.CompiledModel;
import dev.hsiq.engine.compile.LayerInfo;
import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.io.AtomicFiles;
import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.json.Json;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.reference.PackedSize;
import dev.hsiq.kernels.Parallel;
import dev.hsiq.kernels.Vectorization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Benchmark the compiled engine: float plan vs quantized plan of the same network, per-patch "
                + "and dense scene mode; prints a table and writes JSON.")
public final class BenchEngineCommand implements Callable<Integer> {

    static final int SCENE_ROWS = 145;
    static final int SCENE_COLS = 145;

    @Option(names = "--model", required = true, paramLabel = "FILE|patch-cnn|spectral-cnn",
            description = "A .hsiq model file or a built-in network (random weights, calibrated batch norm).")
    String model;

    @Option(names = "--bits", defaultValue = "2/1", paramLabel = "A/W",
            description = "Activation / weight bits of the quantized plan (default ${DEFAULT-VALUE}).")
    String bits;

    @Option(names = "--input-bits", defaultValue = "8", paramLabel = "N",
            description = "Bits of the first layer's input codes (default ${DEFAULT-VALUE}).")
    int inputBits;

    @Option(names = "--last-layer", defaultValue = "8", paramLabel = "8|float",
            description = "Last layer weights of the quantized plan (default ${DEFAULT-VALUE}).")
    String lastLayer;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Measure 1, 2, 4, ... and N threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--bands", defaultValue = "200", description = "Bands of a built-in network (default ${DEFAULT-VALUE}).")
    int bands;

    @Option(names = "--classes", defaultValue = "16", description = "Classes of a built-in network (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--batch", defaultValue = "512", description = "Samples per timed call in patch mode (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of weights and inputs (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quick", description = "Shorter warm-up and fewer rounds (about a minute per thread count).")
    boolean quick;

    @Option(names = "--rounds", paramLabel = "N", description = "Timed rounds of each mode (default 9, 5 with "
            + "--quick); more rounds make the medians steadier on a noisy machine.")
    Integer rounds;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Warm-up before the rounds of each mode "
            + "(default 8, 3 with --quick), continued until the JIT has compiled nothing for a second (at most 20 s "
            + "more; 0: no warm-up at all); a fresh JVM needs several seconds before C2 has compiled every tile.")
    Integer warmupSeconds;

    @Option(names = "--steps", description = "Also time each step of both plans (input stage and every layer) on "
            + "1 thread, per patch and per scene, and print and write each step's time and share.")
    boolean steps;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "Where to write the JSON records.")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintStream o = System.out;
        if (threads < 1) {
            throw new IllegalArgumentException("--threads " + threads + " must be at least 1");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch " + batch + " must be at least 1");
        }
        if (rounds != null && rounds < 1) {
            throw new IllegalArgumentException("--rounds " + rounds + " must be at least 1");
        }
        if (warmupSeconds != null && (warmupSeconds < 0 || warmupSeconds > 3600)) {
            throw new IllegalArgumentException("--warmup " + warmupSeconds + " must be between 0 and 3600 seconds");
        }
        String loadBefore = loadAverage();
        Models m = models();
        CompiledModel q = CompiledModel.compile(m.quantized());
        CompiledModel f = CompiledModel.compile(m.floating());
        o.println("hsiq bench engine: " + Vectorization.decision() + ", java " + Runtime.version() + ", load " + loadBefore);
        o.println("network " + q.name() + ", " + q.bands() + " bands, " + q.classes() + " classes; quantized "
                + m.label() + ", dense scene: " + q.denseScene());
        describe(o, "quantized plan", q);
        describe(o, "float plan", f);

        Random rnd = new Random(seed + 1);
        float[] samples = flatten(RandomModels.samples(q.model(), batch, rnd), q.sampleLength());
        float[] scene = RandomModels.scene(q.model(), SCENE_ROWS, SCENE_COLS, rnd);
        int pixels = SCENE_ROWS * SCENE_COLS;

        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-engine");
            t.setDaemon(true);
            return t;
        });
        try {
            Parallel all = Parallel.of(pool, Math.max(2, threads));
            Agreement qa = agreement(q, scene, all);
            if (qa.mismatches() != 0) {
                throw new IllegalStateException("quantized plan: dense scene labels differ from per-patch labels on "
                        + qa.mismatches() + " of " + pixels + " pixels");
            }
            Agreement fa = agreement(f, scene, all);
            o.printf(Locale.ROOT, "labels, dense scene vs per-patch on %d pixels: quantized identical; float %d differ%n",
                    pixels, fa.mismatches());

            PackedSize sizes = q.sizes();
            long warmup = (warmupSeconds != null ? warmupSeconds : quick ? 3L : 8L) * 1_000_000_000L;
            int rounds = this.rounds != null ? this.rounds : quick ? 5 : 9;
            Map<String, Object> env = env(loadBefore, warmup, rounds);
            List<Map<String, Object>> records = new ArrayList<>();
            for (int t : threadCounts(threads)) {
                Parallel par = Parallel.of(pool, t);
                int[] lq = new int[batch];
                int[] lf = new int[batch];
                PairTiming.Result patch = PairTiming.measure(() -> classify(q, samples, batch, lq, par),
                        () -> classify(f, samples, batch, lf, par), warmup, 3, rounds, settle());
                records.add(record("patch", t, m, q, sizes, batch / seconds(patch.a()), batch / seconds(patch.b()),
                        patch.pairedSpeedup(), null, null, patch.warmupSeconds(), qa, env));
                int[] sq = new int[pixels];
                int[] sf = new int[pixels];
                PairTiming.Result sc = PairTiming.measure(
                        () -> q.classifyScene(scene, SCENE_ROWS, SCENE_COLS, q.bands(), sq, null, par),
                        () -> f.classifyScene(scene, SCENE_ROWS, SCENE_COLS, f.bands(), sf, null, par), warmup, 3, rounds,
                        settle());
                records.add(record("scene", t, m, q, sizes, pixels / seconds(sc.a()), pixels / seconds(sc.b()),
                        sc.pairedSpeedup(), sc.a().medianNs() / 1e6, sc.b().medianNs() / 1e6, sc.warmupSeconds(), qa,
                        env));
                o.printf(Locale.ROOT, "  %d thread(s) measured%n", t);
            }
            List<StepBreakdown.Row> stepRows = new ArrayList<>();
            if (steps) {
                Parallel one = Parallel.sequential();
                int[] l = new int[Math.max(batch, pixels)];
                stepRows.addAll(StepBreakdown.measure("quantized", q, c -> classify(c, samples, batch, l, one), batch,
                        q.denseScene() ? c -> c.classifyScene(scene, SCENE_ROWS, SCENE_COLS, c.bands(), l, null, one)
                                : null, rounds));
                stepRows.addAll(StepBreakdown.measure("float", f, c -> classify(c, samples, batch, l, one), batch,
                        f.denseScene() ? c -> c.classifyScene(scene, SCENE_ROWS, SCENE_COLS, c.bands(), l, null, one)
                                : null, rounds));
            }
            env.put("load_after", loadAverage());
            printTable(o, records);
            if (steps) {
                StepBreakdown.print(o, stepRows);
                stepRows.forEach(r -> records.add(r.json()));
            }
            AtomicFiles.writeString(out, Json.write(records) + "\n");
            o.println("wrote " + records.size() + " records to " + out + " (load average after: " + loadAverage() + ")");
        } finally {
            pool.shutdownNow();
        }
        return 0;
    }

    /** The two models, the quantized one's "A/W" label and a description. */
    record Models(Model quantized, Model floating, String bits, String label) {
    }

    record Agreement(int mismatches) {
    }

    private Models models() throws IOException {
        ModelSpec builtin = ModelSpec.builtin(model);
        QuantSettings qs = QuantSettings.parseBits(bits).withInputBits(inputBits)
                .withLastWeights(WeightFormat.parse(lastLayer));
        if (builtin != null) {
            if (bands < 1 || classes < 2) {
                throw new IllegalArgumentException("--bands must be >= 1 and --classes >= 2");
            }
            ModelSpec qSpec = builtin.resolve(classes, qs);
            Model q = RandomModels.create(qSpec, bands, seed);
            Model f = RandomModels.create(RandomModels.floatTwin(qSpec), bands, seed);
            return new Models(q, f, qs.label(), qs.label() + " input " + inputBits + " last " + lastLayer);
        }
        Path file = Path.of(model);
        if (!Files.exists(file)) {
            throw new BadInputException("--model '" + model + "' is neither a file nor a built-in network ("
                    + String.join(", ", ModelSpec.builtinNames()) + ")");
        }
        Model loaded = ModelFile.read(file);
        ModelSpec spec = loaded.spec();
        if (spec.isQuantized()) {
            Model f = RandomModels.create(RandomModels.floatTwin(spec), loaded.bands(), seed);
            String label = bitsOf(spec);
            return new Models(loaded, f, label, label + " from " + file.getFileName() + " (input " + spec.inputBits()
                    + ")");
        }
        throw new BadInputException("--model " + file + " is a float model; give a quantized model file, or a built-in "
                + "network name with --bits");
    }

    private static void describe(PrintStream o, String what, CompiledModel c) {
        o.println("  " + what + ":");
        for (LayerInfo l : c.layers()) {
            o.printf(Locale.ROOT, "    %-8s %-28s %s -> %s%n", l.name(), l.kernel(), l.input(), l.output());
        }
    }

    private static void classify(CompiledModel c, float[] samples, int count, int[] labels, Parallel p) {
        if (c.patchModel()) {
            c.classifyPatches(samples, count, labels, null, p);
        } else {
            c.classifySpectra(samples, count, labels, null, p);
        }
    }

    private static Agreement agreement(CompiledModel c, float[] scene, Parallel p) {
        int n = SCENE_ROWS * SCENE_COLS;
        int[] dense = new int[n];
        int[] patch = new int[n];
        c.classifyScene(scene, SCENE_ROWS, SCENE_COLS, c.bands(), dense, null, p);
        c.classifyScenePerPatch(scene, SCENE_ROWS, SCENE_COLS, c.bands(), patch, null, p);
        int diff = 0;
        for (int i = 0; i < n; i++) {
            if (dense[i] != patch[i]) diff++;
        }
        return new Agreement(diff);
    }

    static List<Integer> threadCounts(int max) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int t = 1; t <= max; t *= 2) s.add(t);
        s.add(max);
        return new ArrayList<>(s);
    }

    private static double seconds(PairTiming.Stats s) {
        return s.medianNs() / 1e9;
    }

    private Map<String, Object> record(String mode, int t, Models m, CompiledModel q, PackedSize sizes, double qRate,
                                       double fRate, double speedup, Double sceneMs, Double floatSceneMs,
                                       double warmupSeconds, Agreement qa, Map<String, Object> env) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", mode);
        r.put("threads", (long) t);
        r.put("network", q.name());
        r.put("bits", m.bits());
        r.put("input_bits", (long) q.model().spec().inputBits());
        r.put("last_layer", lastLayerLabel(q.model()));
        r.put("patches_per_s", round(qRate, 1));
        r.put("float_patches_per_s", round(fRate, 1));
        r.put("speedup", round(speedup, 3));
        r.put("scene_ms", sceneMs == null ? null : round(sceneMs, 2));
        r.put("float_scene_ms", floatSceneMs == null ? null : round(floatSceneMs, 2));
        r.put("scene", SCENE_ROWS + "x" + SCENE_COLS + "x" + q.bands());
        r.put("warmup_s", round(warmupSeconds, 1));
        r.put("dense_scene", q.denseScene());
        r.put("labels_identical", qa.mismatches() == 0);
        r.put("weight_bytes", sizes.weightBytesPacked());
        r.put("weight_bytes_fp32", sizes.weightBytesFp32());
        r.put("memory_ratio", round(sizes.memoryRatio(), 2));
        r.put("batch", mode.equals("patch") ? (long) batch : null);
        r.put("env", env);
        return r;
    }

    /** "A/W" of a quantized spec: the first step activation's bits and the first hidden weight format. */
    static String bitsOf(ModelSpec spec) {
        Integer a = null;
        WeightFormat w = null;
        for (dev.hsiq.engine.model.LayerSpec l : spec.layers()) {
            if (a == null && l instanceof dev.hsiq.engine.model.LayerSpec.Act act && act.isStep()) {
                a = act.bits();
            }
            if (w == null && l instanceof dev.hsiq.engine.model.LayerSpec.Conv c) {
                w = c.weights();
            }
            if (w == null && l instanceof dev.hsiq.engine.model.LayerSpec.Dense d) {
                w = d.weights();
            }
        }
        return (a == null ? "?" : a.toString()) + "/" + (w == null ? "?" : w.toString());
    }

    private static String lastLayerLabel(Model m) {
        List<dev.hsiq.engine.model.LayerSpec> ls = m.spec().layers();
        for (int i = ls.size() - 1; i >= 0; i--) {
            if (ls.get(i) instanceof dev.hsiq.engine.model.LayerSpec.Dense d) return d.weights().toString();
            if (ls.get(i) instanceof dev.hsiq.engine.model.LayerSpec.Conv c) return c.weights().toString();
        }
        return null;
    }

    /** Whether warm-ups continue until the JIT settles: always, unless --warmup 0 asked for none. */
    private boolean settle() {
        return warmupSeconds == null || warmupSeconds > 0;
    }

    private Map<String, Object> env(String loadBefore, long warmupNs, int rounds) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("timestamp", Instant.now().toString());
        e.put("cpu", cpuModel());
        e.put("cores", (long) Runtime.getRuntime().availableProcessors());
        e.put("jdk", "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        e.put("vector", Vectorization.decision().toString());
        e.put("load_before", loadBefore);
        e.put("timing", "in-process, interleaved quantized/float rounds after " + warmupNs / 1_000_000_000L
                + " s warm-up" + (settle() ? " (continued until the JIT settled, warmup_s)" : "") + ", median of "
                + rounds + " rounds (PairTiming); speedup = median of the per-round"
                + " float / quantized time ratios");
        e.put("seed", seed);
        return e;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static void printTable(PrintStream o, List<Map<String, Object>> records) {
        o.printf(Locale.ROOT, "%-6s %7s %-6s %5s %12s %12s %8s %10s %10s %12s %9s%n", "mode", "threads", "bits", "input",
                "patches/s", "float p/s", "speedup", "scene ms", "float ms", "weight B", "mem ratio");
        for (Map<String, Object> r : records) {
            o.printf(Locale.ROOT, "%-6s %7d %-6s %5d %12.0f %12.0f %8.2f %10s %10s %12d %9.2f%n", r.get("mode"),
                    (Long) r.get("threads"), r.get("bits"), (Long) r.get("input_bits"), (Double) r.get("patches_per_s"),
                    (Double) r.get("float_patches_per_s"), (Double) r.get("speedup"),
                    r.get("scene_ms") == null ? "-" : String.format(Locale.ROOT, "%.1f", (Double) r.get("scene_ms")),
                    r.get("float_scene_ms") == null ? "-" : String.format(Locale.ROOT, "%.1f", (Double) r.get("float_scene_ms")),
                    (Long) r.get("weight_bytes"), (Double) r.get("memory_ratio"));
        }
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static float[] flatten(float[][] s, int len) {
        float[] f = new float[s.length * len];
        for (int i = 0; i < s.length; i++) System.arraycopy(s[i], 0, f, i * len, len);
        return f;
    }
}
