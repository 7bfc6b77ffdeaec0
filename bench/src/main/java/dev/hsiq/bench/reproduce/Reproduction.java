/*
 * The paper reproduction, stage by stage (`hsiq reproduce` is its command line):
 *
 *   1. data      load every study's dataset; a dataset whose files are absent is skipped
 *                with one line saying how to get it, and the rest of the run goes on;
 *   2. train     per study and seed: the float model, then every quantized configuration
 *                fine-tuned from that seed's float model (QatTraining with the tuned
 *                defaults). Each run is looked up in, or stored into, the run cache first,
 *                and checkpoints every epoch into its cache directory, so an interrupted
 *                reproduction resumes where it stopped, within the run it was training;
 *   3. measure   per study and distinct bit configuration: the compiled quantized plan
 *                against the compiled float plan of the same network (seed 1's models), in
 *                the same run, one thread: samples/s and, for scenes, the scene time; each
 *                pair in a fresh JVM (EngineProbe says why);
 *   4. report    report.md, report.json and the PNG plots (OA vs bits, speed and memory vs
 *                bits, class maps of each scene for float and 2/1 beside the ground truth).
 *
 * Accuracy is the test OA/AA/kappa of each seed's split as the saved (integer) model scores
 * it, mean and population std over the seeds.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.bench.reproduce.ReproducePlan.Config;
import dev.hsiq.bench.reproduce.ReproducePlan.Study;
import dev.hsiq.engine.compile.CompiledModel;
import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.kernels.Parallel;
import dev.hsiq.training.checkpoint.RunCheckpoint;
import dev.hsiq.training.checkpoint.RunFingerprint;
import dev.hsiq.training.data.DatasetInfo;
import dev.hsiq.training.data.DatasetRegistry;
import dev.hsiq.training.data.Datasets;
import dev.hsiq.training.data.LabeledData;
import dev.hsiq.training.data.MissingDataException;
import dev.hsiq.training.data.Scene;
import dev.hsiq.training.output.ClassMap;
import dev.hsiq.training.protocol.EvaluationMetrics;
import dev.hsiq.training.protocol.MetricsSummary;
import dev.hsiq.training.protocol.PatchExtractor;
import dev.hsiq.training.protocol.Split;
import dev.hsiq.training.protocol.SplitSpec;
import dev.hsiq.training.protocol.StratifiedSplitter;
import dev.hsiq.training.quant.QatSettings;
import dev.hsiq.training.quant.QatTrainer;
import dev.hsiq.training.quant.QatTraining;
import dev.hsiq.training.report.RunReport;
import dev.hsiq.training.run.FloatTraining;
import dev.hsiq.training.run.PreparedData;
import dev.hsiq.training.run.TrainedModel;
import dev.hsiq.training.train.TrainConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class Reproduction {

    /** Bumped when a change in training makes cached runs stale. */
    static final String RECIPE_VERSION = "r1";

    private final ReproducePlan plan;
    private final Datasets datasets;
    private final Path out;
    private final RunCache cache;
    private final ReproduceProgress progress;
    private final EngineSpeed.Budget budget;

    /** A study whose data is loaded. */
    private record Loaded(Study study, DatasetInfo info, LabeledData data, ModelSpec spec, int trainSamples) {

        SplitSpec split(long seed) {
            Study s = study;
            if (s.trainCountPerClass() > 0) {
                return SplitSpec.count(s.trainCountPerClass(), seed);
            }
            return s.trainRatio() != null ? SplitSpec.ratio(s.trainRatio(), seed) : SplitSpec.defaultFor(info, seed);
        }

        long macs() {
            return spec.resolve(data.classCount(), QuantSettings.parseBits("8/8")).macs(data.bands());
        }
    }

    /** Everything trained for one study: per configuration, the seeds' reports and seed 1's model. */
    private record Trained(Loaded loaded, Map<Config, List<RunReport>> reports, Map<Config, Model> firstSeedModels,
                           Map<Config, Path> firstSeedFiles, int[] firstSeedTest) {
    }

    public Reproduction(ReproducePlan plan, Datasets datasets, Path out, ReproduceProgress progress,
                        EngineSpeed.Budget budget) {
        this.plan = plan;
        this.datasets = datasets;
        this.out = out;
        this.cache = new RunCache(out.resolve("cache"));
        this.progress = progress;
        this.budget = budget;
    }

    /** Runs every stage and writes the report; returns the rows of the report. */
    public List<ConfigResult> run(Instant started) {
        List<String> skipped = new ArrayList<>();
        List<Trained> trained = trainAll(skipped);
        progress.stage("measure: engine speed, quantized vs float plan, 1 thread, a fresh JVM per pair");
        List<ConfigResult> rows = new ArrayList<>();
        for (Trained t : trained) {
            rows.addAll(measure(t));
        }
        progress.stage("report: tables, plots and class maps");
        List<String> plots = new ArrayList<>();
        if (!rows.isEmpty()) {
            plots.add(out.relativize(Plots.oaVsBits(out, rows)).toString());
            plots.add(out.relativize(Plots.speedMemoryVsBits(out, rows)).toString());
        }
        for (Trained t : trained) {
            if (t.loaded().study().scene()) {
                plots.add(out.relativize(maps(t)).toString());
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        RunHeader header = RunHeader.here(plan.mode(), plan.seeds(), started, seconds, skipped);
        ReportWriter.write(out, header, rows, plots);
        progress.done();
        return rows;
    }

    private final long startNanos = System.nanoTime();

    /** Stages 1 and 2 only: loads the data and trains (or reads from the cache) every model. */
    public void trainAll() {
        trainAll(new ArrayList<>());
        progress.done();
    }

    private List<Trained> trainAll(List<String> skipped) {
        progress.stage("data: loading " + plan.studies().size() + " datasets");
        List<Loaded> loaded = new ArrayList<>();
        for (Study s : plan.studies()) {
            Loaded l = load(s, skipped);
            if (l != null) {
                loaded.add(l);
            }
        }
        int runs = 0;
        double units = 0;
        List<Study> measured = new ArrayList<>();
        for (Loaded l : loaded) {
            runs += l.study().configs().size() * plan.seeds().size();
            units += units(l, plan.seeds().size());
            measured.add(l.study());
        }
        progress.plan(runs, units, measureSeconds(measured, budget));
        List<Trained> trained = new ArrayList<>();
        for (Loaded l : loaded) {
            trained.add(train(l));
        }
        return trained;
    }


    // ------------------------------------------------------------------ data

    private Loaded load(Study s, List<String> skipped) {
        DatasetInfo info = DatasetRegistry.get(s.dataset());
        if (!datasets.available(s.dataset())) {
            String why;
            try {
                datasets.load(s.dataset());
                why = "files missing";
            } catch (MissingDataException e) {
                why = e.getMessage();
            } catch (HsiqException e) {
                why = e.getMessage();
            }
            skipped.add(s.dataset() + " (" + s.model() + "): " + why);
            progress.note("skipping " + s.dataset() + ": " + why);
            return null;
        }
        try {
            LabeledData data = s.scene() ? datasets.loadScene(s.dataset()) : datasets.loadSpectra(s.dataset());
            ModelSpec spec = ModelSpec.builtin(s.model());
            Loaded partial = new Loaded(s, info, data, spec, 0);
            Split split = StratifiedSplitter.split(data, partial.split(plan.seeds().get(0)));
            return new Loaded(s, info, data, spec, split.train().length);
        } catch (HsiqException e) {
            skipped.add(s.dataset() + " (" + s.model() + "): " + e.getMessage());
            progress.note("skipping " + s.dataset() + ": " + e.getMessage());
            return null;
        }
    }

    /** Cost of a study's runs for the progress estimate: epochs x samples x MACs. */
    private static double units(Loaded l, int seeds) {
        Study s = l.study();
        double perSample = l.macs();
        int floatEpochs = withEpochs(TrainConfig.defaultsFor(s.model()), s.floatEpochs()).epochs();
        int tuneEpochs = withEpochs(QatTrainer.defaultConfig(s.model(), true), s.fineTuneEpochs()).epochs();
        double floatUnits = (double) floatEpochs * l.trainSamples() * perSample;
        double qatUnits = (double) tuneEpochs * l.trainSamples() * perSample * ReproduceProgress.QAT_COST_PRIOR;
        return seeds * (floatUnits + qatUnits * (s.configs().size() - 1));
    }

    // ------------------------------------------------------------------ training

    private Trained train(Loaded l) {
        Study s = l.study();
        Map<Config, List<RunReport>> reports = new LinkedHashMap<>();
        Map<Config, Model> first = new LinkedHashMap<>();
        Map<Config, Path> firstFiles = new LinkedHashMap<>();
        int[] firstTest = null;
        for (Config c : s.configs()) {
            reports.put(c, new ArrayList<>());
        }
        progress.stage("train " + s.dataset() + " / " + s.model());
        for (long seed : plan.seeds()) {
            PreparedData prepared = PreparedData.prepare(l.data(), l.spec(), l.split(seed));
            if (firstTest == null) {
                firstTest = prepared.split().test();
            }
            TrainConfig floatConfig = withEpochs(TrainConfig.defaultsFor(s.model()), s.floatEpochs());
            String splitText = prepared.split().spec().describe();
            double sampleUnits = (double) prepared.train().count() * l.macs();
            RunCache.Key floatKey = key(l, Config.FLOAT, seed, floatConfig.epochs(),
                    "float-" + hash(floatConfig.describe() + splitText));
            TrainedModel floatModel = runCached(floatKey, floatConfig.epochs() * sampleUnits, false,
                    () -> FloatTraining.run(prepared, floatConfig, seed, progress,
                            checkpoint(floatKey, RunFingerprint.of(prepared, l.spec(), floatConfig, seed, null, null))));
            record(reports, first, Config.FLOAT, seed, floatModel);
            if (seed == plan.seeds().get(0)) {
                firstFiles.put(Config.FLOAT, cache.dir(floatKey).resolve("model.hsiq"));
            }
            for (Config c : s.configs()) {
                if (c.isFloat()) {
                    continue;
                }
                TrainConfig qatConfig = withEpochs(QatTrainer.defaultConfig(s.model(), true), s.fineTuneEpochs());
                QatSettings base = QatSettings.defaults(c.quant()).withGradient(c.grad())
                        .withFirstWeights(c.firstWeights()).withFirstActivationBits(c.firstActivation());
                QatSettings settings = (c.clip() != null ? base.withClip(c.clip()) : base)
                        .withGradientScaling(c.gradientScaling());
                String recipe = qatConfig.describe() + settings.describe() + splitText + " from float "
                        + floatConfig.describe();
                RunCache.Key qKey = key(l, c, seed, qatConfig.epochs(), "ft-" + hash(recipe));
                TrainedModel q = runCached(qKey, qatConfig.epochs() * sampleUnits * ReproduceProgress.QAT_COST_PRIOR,
                        true, () -> QatTraining.run(prepared, qatConfig, settings, floatModel.model(),
                                "float model of seed " + seed, seed, progress, checkpoint(qKey,
                                        RunFingerprint.of(prepared, l.spec(), qatConfig, seed, settings,
                                                floatModel.model()))).trained());
                record(reports, first, c, seed, q);
                if (seed == plan.seeds().get(0)) {
                    firstFiles.put(c, cache.dir(qKey).resolve("model.hsiq"));
                }
            }
        }
        return new Trained(l, reports, first, firstFiles, firstTest);
    }

    /**
     * The checkpoints of a run in its cache directory: an interrupted run (Ctrl-C, or killed
     * after an epoch) continues from its last checkpoint when the reproduction runs again. A
     * checkpoint that does not match (another recipe) is set aside and the run starts afresh.
     */
    private RunCheckpoint checkpoint(RunCache.Key key, RunFingerprint fingerprint) {
        Path dir = cache.dir(key);
        Path file = dir.resolve(RunCheckpoint.FILE_NAME);
        if (Files.isRegularFile(file)) {
            try {
                RunCheckpoint resumed = RunCheckpoint.open(dir, dir, fingerprint, System.err);
                progress.note("  resuming " + key.dirName() + " " + resumed.resumePoint(key.epochs()));
                return resumed;
            } catch (HsiqException e) {
                progress.note("  note: not resuming from " + file + ": " + e.getMessage());
            }
        }
        return RunCheckpoint.open(dir, null, fingerprint, System.err);
    }

    private static TrainConfig withEpochs(TrainConfig recipe, int epochs) {
        return epochs == ReproducePlan.RECIPE_EPOCHS ? recipe : recipe.withEpochs(epochs);
    }

    private void record(Map<Config, List<RunReport>> reports, Map<Config, Model> first, Config c, long seed,
                        TrainedModel t) {
        reports.get(c).add(t.report());
        if (seed == plan.seeds().get(0)) {
            first.put(c, t.model());
        }
    }

    private RunCache.Key key(Loaded l, Config c, long seed, int epochs, String mode) {
        // the variant joins the bits part of the key only when set, so the plain runs keep their keys
        String bits = (c.firstWeights() == null ? c.bits() : c.bits() + "-first" + c.firstWeights() + "-" + c.clip().label())
                + (c.firstActivation() == 0 ? "" : "-act" + c.firstActivation());
        return new RunCache.Key(l.study().dataset(), l.study().model(), bits, c.gradLabel(), c.inputBits(), seed,
                epochs, RECIPE_VERSION + "-" + mode);
    }

    private TrainedModel runCached(RunCache.Key key, double units, boolean quantized,
                                   java.util.function.Supplier<TrainedModel> train) {
        String what = key.dataset() + " " + key.model() + " " + (key.bits().equals("fp32") ? "fp32"
                : key.bits() + (key.inputBits() != 8 ? " in" + key.inputBits() : "") + " " + key.grad())
                + " seed " + key.seed();
        progress.startRun(what, units, quantized);
        var hit = cache.get(key);
        TrainedModel t = hit.orElseGet(() -> {
            TrainedModel trained = cache.put(key, train.get());
            try {
                Files.deleteIfExists(cache.dir(key).resolve(RunCheckpoint.FILE_NAME));
            } catch (java.io.IOException e) {
                progress.note("  note: could not delete the finished run's checkpoint: " + e.getMessage());
            }
            return trained;
        });
        EvaluationMetrics m = t.report().metrics();
        progress.finishRun(hit.isPresent(), fmt("OA %.2f AA %.2f kappa %.4f", 100 * m.oa(), 100 * m.aa(), m.kappa()));
        return t;
    }

    // ------------------------------------------------------------------ measure

    private List<ConfigResult> measure(Trained t) {
        Loaded l = t.loaded();
        Study s = l.study();
        Model floatModel = t.firstSeedModels().get(Config.FLOAT);
        CompiledModel floatPlan = CompiledModel.compile(floatModel);
        int count = Math.min(EngineSpeed.BATCH, t.firstSeedTest().length);
        float[] samples = rawSamples(l, floatPlan, t.firstSeedTest(), count);
        Scene sc = s.scene() ? (Scene) l.data() : null;
        EngineSpeed.Cube scene = sc == null ? null : new EngineSpeed.Cube(sc.cube(), sc.rows(), sc.cols(), sc.bands());
        Path probeInput = out.resolve("cache").resolve("probe-input.bin");
        new ProbeInput(samples, count, floatPlan.sampleLength(), scene).write(probeInput);
        Map<String, EngineSpeed.Figures> byBits = new LinkedHashMap<>();
        List<ConfigResult> rows = new ArrayList<>();
        for (Config c : s.configs()) {
            List<RunReport> reps = t.reports().get(c);
            RunReport r0 = reps.get(0);
            ConfigResult row = new ConfigResult(s.dataset(), l.data().provenance(), s.model(), c.bits(),
                    c.gradLabel(), c.inputBits(), c.firstWeights() == null ? null : c.firstWeights().toString(),
                    c.firstActivation(),
                    plan.seeds(), MetricsSummary.of(reps.stream().map(RunReport::metrics)
                    .toList()), reps.stream().map(r -> new ConfigResult.SeedScore(r.seed(), r.metrics().oa(),
                    r.metrics().aa(), r.metrics().kappa(), r.trainSeconds())).toList(),
                    c.isFloat() ? r0.weightBytesFp32() : r0.weightBytesPacked(), r0.weightBytesFp32(),
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            String speedKey = c.variant();
            EngineSpeed.Figures f = byBits.get(speedKey);
            if (f == null) {
                f = measureOne(t, c, floatPlan, samples, count, scene, probeInput);
                byBits.put(speedKey, f);
                progress.measured(fmt("%s %s %s: %,.0f vs %,.0f samples/s%s", s.dataset(), s.model(), c.variant(),
                        f.samplesPerSecond(), f.floatSamplesPerSecond(), Double.isFinite(f.sceneMs())
                                ? fmt(", scene %.1f vs %.1f ms", f.sceneMs(), f.floatSceneMs()) : ""),
                        measureEstimate(s, budget));
            }
            rows.add(row.withSpeed(f.samplesPerSecond(), f.floatSamplesPerSecond(), f.speedup(), f.sceneMs(),
                    f.floatSceneMs()));
        }
        try {
            Files.deleteIfExists(probeInput);
        } catch (java.io.IOException e) {
            progress.note("  note: could not delete " + probeInput + ": " + e.getMessage());
        }
        return rows;
    }

    /** One configuration against float: in a fresh JVM, or in this one if that cannot start. */
    private EngineSpeed.Figures measureOne(Trained t, Config c, CompiledModel floatPlan, float[] samples, int count,
                                           EngineSpeed.Cube scene, Path probeInput) {
        try {
            return EngineSpeed.measureForked(probeInput, t.firstSeedFiles().get(c),
                    t.firstSeedFiles().get(Config.FLOAT), budget);
        } catch (RuntimeException e) {
            progress.note("  note: measuring in this JVM (" + e.getMessage() + ")");
            CompiledModel plan = c.isFloat() ? floatPlan : CompiledModel.compile(t.firstSeedModels().get(c));
            return EngineSpeed.measure(plan, floatPlan, samples, count, scene, budget);
        }
    }

    /** The budgeted seconds of one measurement (for the ETA): warm-up, rounds, scene calls plus a JVM start. */
    static double measureEstimate(Study s, EngineSpeed.Budget budget) {
        double perRound = s.patchModel() ? 0.25 : 0.05;
        double scene = s.scene() ? (budget.sceneWarmupCalls() + budget.sceneRounds()) * 4.0 : 0;
        return budget.warmupNanos() / 1e9 + budget.sampleRounds() * perRound + scene;
    }

    /** Estimated seconds of the measure stage: one measurement per distinct bit configuration of each study. */
    static double measureSeconds(List<Study> studies, EngineSpeed.Budget budget) {
        double total = 0;
        for (Study s : studies) {
            long distinct = s.configs().stream().map(Config::variant).distinct().count();
            total += distinct * measureEstimate(s, budget);
        }
        return total;
    }

    /** The first {@code count} test samples as raw values (spectra, or patches cut from the scene). */
    private static float[] rawSamples(Loaded l, CompiledModel plan, int[] test, int count) {
        int len = plan.sampleLength();
        float[] out = new float[count * len];
        if (plan.patchModel()) {
            new PatchExtractor((Scene) l.data(), plan.patchSize(), null).extractBatch(test, 0, count, out, 0);
        } else {
            float[] all = l.data().data();
            int bands = l.data().bands();
            for (int i = 0; i < count; i++) {
                System.arraycopy(all, test[i] * bands, out, i * len, bands);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ maps

    private Path maps(Trained t) {
        Scene scene = (Scene) t.loaded().data();
        List<ClassMap> maps = new ArrayList<>();
        maps.add(ClassMap.groundTruth(scene));
        Config q = bestTwoOne(t);
        for (Config c : q == null ? List.of(Config.FLOAT) : List.of(Config.FLOAT, q)) {
            CompiledModel plan = CompiledModel.compile(t.firstSeedModels().get(c));
            int[] labels = new int[scene.rows() * scene.cols()];
            plan.classifyScene(scene.cube(), scene.rows(), scene.cols(), scene.bands(), labels, null,
                    Parallel.sequential());
            for (int i = 0; i < labels.length; i++) {
                labels[i] += 1;
            }
            maps.add(ClassMap.prediction(scene, labels, t.loaded().study().model() + " " + c));
        }
        String name = "maps_" + scene.name().replaceAll("[^A-Za-z0-9._-]", "-") + ".png";
        return Plots.maps(out.resolve(name), scene.name() + ": ground truth, float and 2/1 (seed "
                + plan.seeds().get(0) + ")", maps);
    }

    /** The 8-bit-input 2/1 configuration with the better mean OA. */
    private static Config bestTwoOne(Trained t) {
        Config best = null;
        double bestOa = -1;
        for (var e : t.reports().entrySet()) {
            Config c = e.getKey();
            if (!c.isFloat() && "2/1".equals(c.bits()) && c.inputBits() == 8 && c.firstWeights() == null
                    && c.firstActivation() == 0) {
                double oa = e.getValue().stream().mapToDouble(r -> r.metrics().oa()).average().orElse(-1);
                if (oa > bestOa) {
                    bestOa = oa;
                    best = c;
                }
            }
        }
        return best;
    }

    static String hash(String s) {
        return String.format(Locale.ROOT, "%08x", s.hashCode());
    }

    private static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
