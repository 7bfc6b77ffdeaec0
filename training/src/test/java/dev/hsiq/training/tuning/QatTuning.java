/*
 * Tuning and acceptance driver for quantization-aware training (test scope, not shipped):
 * does what `hsiq train --bits A/W --grad G --init FLOAT --seed S --train-ratio R` does, for
 * many settings in one JVM, on the project's data pipeline (Datasets, StratifiedSplitter,
 * NormalizationFit, SpectrumExtractor):
 *
 *   for each seed: split (ratio, min 5 per class, seed), normalization from the training
 *     pixels; the float model of that seed (trained with TrainConfig.defaultsFor and cached
 *     as FLOAT_DIR/<dataset>-s<seed>.hsiq, or read from there); its test OA;
 *   for each bits x grad: QatTrainer fine-tuning from the float model; test OA through
 *     ReferenceExecutor (the integer semantics, the figure reported) and through the
 *     network's fake-quant float forward (to see the gap); train time.
 *
 * Run (from the repository root, after `mvn -q -o -pl training -am test-compile`):
 *   java --add-modules jdk.incubator.vector -cp kernels/target/classes:engine/target/classes:\
 *     training/target/classes:training/target/test-classes:$(cat /tmp/qat-cp.txt) \
 *     -Ddataset=IndianPines-spectra -Dseeds=1,2 -Dbits=4/4,2/2,2/1,1/1 -Dgrads=constant,tanh \
 *     dev.hsiq.training.tuning.QatTuning
 * (the classpath file holds the training module's dependencies: mvn dependency:build-classpath).
 * Properties: dataset, seeds, ratio (0.1), bits, grads, floatDir (/tmp/qat-float), data
 * (/work/shared/data), scratch (true: train from scratch instead of fine-tuning), and
 * overrides of the QAT defaults: epochs, lr, warmup, tau0, tau1, clip (learnable|lsq|fixed),
 * kd, kdT (distillation weight and temperature), bnRecal (true|false), bnFreeze (fraction of the
 * epochs after which batch norm statistics freeze, e.g. 0.8), scaleClip (true|false), calib (samples), wScale (ENGINE|LEAST_SQUARES), noise, jitter, wd, inputBits, last (8|float),
 * firstWeights (the first conv layer's weight format, e.g. 8), ema (weight averaging decay, e.g. 0.999),
 * clipLr (learning rate factor of the clip levels, e.g. 0.1), smoothing (label smoothing of the loss, e.g. 0.1),
 * ewgs (element-wise gradient scaling delta of the constant gradient, e.g. 0.2),
 * stages (progressive fine-tuning, e.g. 4/4,2/2,2/1: each stage is initialized from the previous
 * stage's exported quantized model, as `hsiq train --init` would be; replaces bits) and stageEpochs
 * (epochs per stage, e.g. 40,40,40; default 40 each), lastAct (bits of the activation feeding the last layer),
 * margin (the quantized input's range margin, InputRange; default 0.1), layerBits (per-layer overrides, e.g. act2:8,conv3:8: an activation's bits, a conv/dense layer's weight format), val (validation fraction carved out of the training split; 0 = none, the default).
 * Results: training/QAT.md.
 */
package dev.hsiq.training.tuning;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.training.data.Datasets;
import dev.hsiq.training.data.DataDirectory;
import dev.hsiq.training.data.LabeledData;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.protocol.NormalizationFit;
import dev.hsiq.training.protocol.Split;
import dev.hsiq.training.protocol.SplitSpec;
import dev.hsiq.training.protocol.SpectrumExtractor;
import dev.hsiq.training.protocol.StratifiedSplitter;
import dev.hsiq.training.quant.ClipMode;
import dev.hsiq.training.quant.GradientMode;
import dev.hsiq.training.quant.QatRun;
import dev.hsiq.training.quant.QatSettings;
import dev.hsiq.training.quant.QatTrainer;
import dev.hsiq.training.quant.QuantizedEvaluation;
import dev.hsiq.training.quant.TemperatureSchedule;
import dev.hsiq.training.quant.WeightScaleRule;
import dev.hsiq.training.train.EpochListener;
import dev.hsiq.training.train.LabeledSamples;
import dev.hsiq.training.train.TrainConfig;
import dev.hsiq.training.train.Trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class QatTuning {

    record Data(LabeledSamples train, LabeledSamples validation, LabeledSamples test, Normalization norm,
                List<String> classNames, int bands) {
    }

    static LabeledSamples samples(LabeledData d, int[] idx, Normalization norm) {
        SpectrumExtractor ex = new SpectrumExtractor(d, norm);
        float[] x = ex.extractBatch(idx, 0, idx.length);
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            y[i] = d.labels()[idx[i]] - 1;
        }
        return new LabeledSamples(x, y, new Shape(1, 1, d.bands()));
    }

    static Data data(LabeledData d, double ratio, double val, long seed) {
        Split split = StratifiedSplitter.split(d, SplitSpec.ratio(ratio, seed).withValidation(val));
        Normalization norm = NormalizationFit.fit(d, split.train());
        return new Data(samples(d, split.train(), norm), split.validation().length == 0 ? null
                : samples(d, split.validation(), norm), samples(d, split.test(), norm), norm, d.classNames(),
                d.bands());
    }

    static double accuracy(int[] predicted, int[] labels) {
        long c = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) c++;
        }
        return (double) c / labels.length;
    }

    static Model floatModel(String dataset, long seed, Data data, Path dir) throws IOException {
        Path file = dir.resolve(dataset + "-s" + seed + ".hsiq");
        if (Files.isRegularFile(file)) {
            return ModelFile.read(file);
        }
        Files.createDirectories(dir);
        ModelSpec spec = ModelSpec.spectralCnn().resolve(data.classNames().size(), null);
        Network net = Network.build(spec, data.bands(), seed);
        TrainConfig cfg = TrainConfig.defaultsFor("spectral-cnn").withSeed(seed);
        long t0 = System.nanoTime();
        new Trainer(cfg).train(net, data.train(), null, EpochListener.NONE);
        System.out.printf(Locale.ROOT, "  float model %s seed %d trained in %.1fs%n", dataset, seed,
                (System.nanoTime() - t0) / 1e9);
        Model m = net.toModel(data.classNames(), data.norm(), Map.of("dataset", dataset, "seed", seed));
        ModelFile.write(m, file);
        return m;
    }

    static EpochListener verbose(LabeledSamples test) {
        if (!Boolean.getBoolean("verbose")) {
            return EpochListener.NONE;
        }
        return r -> {
            if (r.epoch() % 5 == 0 || r.epoch() == 1) {
                System.out.printf(Locale.ROOT, "    epoch %d loss %.4f train acc %.4f lr %.5f val %.4f %.1fs%n",
                        r.epoch(), r.loss(), r.trainAccuracy(), r.learningRate(), r.validationAccuracy(),
                        r.elapsedSeconds());
            }
        };
    }

    /** Every (count / n)-th sample, n of them at most. */
    static LabeledSamples subset(LabeledSamples s, int n) {
        int stride = Math.max(1, s.count() / n);
        int k = (s.count() + stride - 1) / stride;
        int size = s.shape().size();
        float[] x = new float[k * size];
        int[] y = new int[k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(s.data(), i * stride * size, x, i * size, size);
            y[i] = s.labels()[i * stride];
        }
        return new LabeledSamples(x, y, s.shape());
    }

    static String prop(String k, String def) {
        return System.getProperty(k, def);
    }

    static QatSettings settings(QuantSettings q, GradientMode g) {
        QatSettings s = QatSettings.defaults(q).withGradient(g);
        TemperatureSchedule t = s.temperature();
        s = s.withTemperature(new TemperatureSchedule(Double.parseDouble(prop("tau0", "" + t.tau0())),
                Double.parseDouble(prop("tau1", "" + t.tau1()))));
        if (System.getProperty("clip") != null) s = s.withClip(ClipMode.parse(prop("clip", "")));
        if (System.getProperty("scaleClip") != null) s = s.withScaleClipGradient(Boolean.getBoolean("scaleClip"));
        if (System.getProperty("wScale") != null) s = s.withWeightScales(WeightScaleRule.valueOf(prop("wScale", "")));
        if (System.getProperty("kd") != null) s = s.withDistillation(Double.parseDouble(prop("kd", "")),
                Double.parseDouble(prop("kdT", "" + s.distillTemperature())));
        if (System.getProperty("bnRecal") != null) s = s.withBatchNormRecalibration(Boolean.getBoolean("bnRecal"));
        if (System.getProperty("bnFreeze") != null) s = s.withBatchNormFreeze(Double.parseDouble(prop("bnFreeze", "")));
        if (System.getProperty("ema") != null) s = s.withWeightAveraging(Double.parseDouble(prop("ema", "")));
        if (System.getProperty("clipLr") != null) s = s.withClipLearningRate(Double.parseDouble(prop("clipLr", "")));
        if (System.getProperty("ewgs") != null) s = s.withGradientScaling(Double.parseDouble(prop("ewgs", "")));
        if (System.getProperty("calib") != null) s = s.withCalibrationSamples(Integer.parseInt(prop("calib", "")));
        if (System.getProperty("margin") != null) s = s.withInputMargin(Double.parseDouble(prop("margin", "")));
        return s;
    }

    static TrainConfig config(boolean scratch, long seed) {
        TrainConfig c = QatTrainer.defaultConfig("spectral-cnn", !scratch).withSeed(seed);
        String v;
        if ((v = System.getProperty("epochs")) != null) c = c.withEpochs(Integer.parseInt(v));
        if ((v = System.getProperty("lr")) != null) c = c.withLearningRate(Double.parseDouble(v));
        if ((v = System.getProperty("wd")) != null) c = c.withOptimizer(c.optimizer(), c.learningRate(),
                Double.parseDouble(v));
        if ((v = System.getProperty("warmup")) != null) c = c.withSchedule(c.schedule(), Double.parseDouble(v));
        c = c.withRegularization(Double.parseDouble(prop("smoothing", "" + c.labelSmoothing())), c.classWeightPower(),
                Double.parseDouble(prop("noise", "" + c.noiseStd())),
                Double.parseDouble(prop("jitter", "" + c.scaleJitter())));
        return c;
    }

    public static void main(String[] args) throws IOException {
        String dataset = prop("dataset", "IndianPines-spectra");
        double ratio = Double.parseDouble(prop("ratio", "0.1"));
        double val = Double.parseDouble(prop("val", "0"));
        long[] seeds = Arrays.stream(prop("seeds", "1,2,3,4,5").split(",")).mapToLong(Long::parseLong).toArray();
        List<String> bitsList = List.of(prop("bits", "4/4,2/2,2/1,1/1").split(","));
        List<GradientMode> grads = Arrays.stream(prop("grads", "constant,tanh").split(","))
                .map(GradientMode::parse).toList();
        boolean scratch = Boolean.getBoolean("scratch");
        List<String> stages = System.getProperty("stages") == null ? List.of()
                : List.of(prop("stages", "").split(","));
        List<Integer> stageEpochs = stages.isEmpty() ? List.of() : Arrays.stream(prop("stageEpochs",
                String.join(",", java.util.Collections.nCopies(stages.size(), "40"))).split(","))
                .map(Integer::parseInt).toList();
        if (!stages.isEmpty() && (grads.size() != 1 || stageEpochs.size() != stages.size())) {
            throw new IllegalArgumentException("-Dstages needs one gradient mode and one -DstageEpochs entry per stage");
        }
        Path floatDir = Path.of(prop("floatDir", "/tmp/qat-float"));
        Datasets datasets = new Datasets(DataDirectory.resolve(Path.of(prop("data", "/work/shared/data"))));
        LabeledData all = datasets.load(dataset);
        System.out.println(dataset + " ratio " + ratio + (scratch ? " from scratch: " : " fine-tuned: ")
                + config(scratch, 0).describe());

        Map<String, List<double[]>> results = new LinkedHashMap<>(); // key -> [integer OA, fake OA, seconds]
        List<Double> floatOa = new ArrayList<>();
        for (long seed : seeds) {
            Data data = data(all, ratio, val, seed);
            Model fm = floatModel(dataset, seed, data, floatDir);
            double fOa = accuracy(Network.fromModel(fm).predict(data.test().data(), data.test().count()),
                    data.test().labels());
            floatOa.add(fOa);
            System.out.printf(Locale.ROOT, "seed %d float OA %.2f (n_train %d, n_test %d)%n", seed, 100 * fOa,
                    data.train().count(), data.test().count());
            Model stageInit = fm; // progressive (-Dstages): each stage starts from the previous stage's model
            for (String bits : stages.isEmpty() ? bitsList : stages) {
                QuantSettings q = QuantSettings.parseBits(bits)
                        .withInputBits(Integer.parseInt(prop("inputBits", "8")))
                        .withLastWeights(WeightFormat.parse(prop("last", "8")));
                for (GradientMode g : grads) {
                    QatSettings s = settings(q, g);
                    TrainConfig cfg = config(scratch, seed);
                    LabeledSamples validation = data.validation();
                    if (Boolean.getBoolean("peek")) { // learning curve on a test subset (analysis only, no selection)
                        validation = subset(data.test(), 1000);
                        cfg = cfg.withValidation(5, false);
                    }
                    if (!stages.isEmpty()) {
                        cfg = cfg.withEpochs(stageEpochs.get(stages.indexOf(bits)));
                    }
                    QatRun run = new QatTrainer(s, cfg).train(spec(), data.bands(),
                            data.classNames(), data.norm(), data.train(), validation,
                            scratch ? null : stages.isEmpty() ? fm : stageInit,
                            Map.of("dataset", dataset), verbose(data.test()));
                    // the quantized network reads the widened input range (InputRange): evaluate it there
                    LabeledSamples testIn = s.inputRange().rescale(data.test());
                    LabeledSamples trainIn = s.inputRange().rescale(data.train());
                    long t0 = System.nanoTime();
                    double intOa = Boolean.parseBoolean(prop("intEval", "true"))
                            ? QuantizedEvaluation.accuracy(run.model(), testIn) : Double.NaN;
                    double evalS = (System.nanoTime() - t0) / 1e9;
                    double fakeOa = accuracy(run.network().predict(testIn.data(), testIn.count()), testIn.labels());
                    double trainEval = accuracy(run.network().predict(trainIn.data(), trainIn.count()),
                            trainIn.labels());
                    String key = (stages.isEmpty() ? "" : "stage ") + bits + " " + g.label();
                    if (!stages.isEmpty()) {
                        stageInit = run.model();
                    }
                    results.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new double[]{intOa, fakeOa, run.training().trainSeconds()});
                    System.out.printf(Locale.ROOT, "seed %d %-4s %-8s OA %.2f (fake-quant %.2f) train acc %.2f/%.2f "
                                    + "train %.1fs eval %.1fs best epoch %d clips %s -> %s%n", seed, bits, g.label(),
                            100 * intOa, 100 * fakeOa, 100 * trainEval, 100 * run.training().last().trainAccuracy(),
                            run.training().trainSeconds(), evalS, run.training().bestEpoch(),
                            clips(new java.util.TreeMap<>(run.calibratedClips()).values()), clips(run.model().params().entrySet().stream()
                                    .filter(e -> e.getKey().endsWith(".clip")).sorted(Map.Entry.comparingByKey())
                                    .map(e -> e.getValue().data()[0]).toList()));
                }
            }
        }
        double[] fs = floatOa.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "%nSUMMARY %s: float mean OA %.2f std %.2f%n", dataset, 100 * mean(fs),
                100 * std(fs));
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            double[] oa = e.getValue().stream().mapToDouble(r -> r[0]).toArray();
            double[] fake = e.getValue().stream().mapToDouble(r -> r[1]).toArray();
            double[] t = e.getValue().stream().mapToDouble(r -> r[2]).toArray();
            System.out.printf(Locale.ROOT, "%-14s OA %.2f std %.2f (float - %.2f) fake-quant %.2f time %.1fs  per seed %s%n",
                    e.getKey(), 100 * mean(oa), 100 * std(oa), 100 * (mean(fs) - mean(oa)), 100 * mean(fake),
                    mean(t), Arrays.toString(Arrays.stream(oa).map(v -> Math.round(v * 10000) / 100.0).toArray()));
        }
    }

    /** spectral-cnn, with -DfirstWeights=F overriding the first conv layer's weight format. */
    static ModelSpec spec() {
        ModelSpec base = ModelSpec.spectralCnn();
        String f = System.getProperty("firstWeights");
        String lastAct = System.getProperty("lastAct");
        String layerBits = System.getProperty("layerBits");
        if (f == null && lastAct == null && layerBits == null) {
            return base;
        }
        List<dev.hsiq.engine.model.LayerSpec> layers = new ArrayList<>(base.layers());
        if (f != null) {
            layers.set(0, ((dev.hsiq.engine.model.LayerSpec.Conv) layers.get(0)).withWeights(WeightFormat.parse(f)));
        }
        if (lastAct != null) { // the activation feeding the last layer at these bits
            for (int i = layers.size() - 1; i >= 0; i--) {
                if (layers.get(i) instanceof dev.hsiq.engine.model.LayerSpec.Act a) {
                    layers.set(i, new dev.hsiq.engine.model.LayerSpec.Act(a.name(), Integer.parseInt(lastAct)));
                    break;
                }
            }
        }
        if (layerBits != null) { // name:bits,...: an activation's bits or a conv/dense layer's weight format
            for (String item : layerBits.split(",")) {
                String[] kv = item.split(":");
                int i = indexOf(layers, kv[0]);
                layers.set(i, switch (layers.get(i)) {
                    case dev.hsiq.engine.model.LayerSpec.Act a -> new dev.hsiq.engine.model.LayerSpec.Act(a.name(), Integer.parseInt(kv[1]));
                    case dev.hsiq.engine.model.LayerSpec.Conv c -> c.withWeights(WeightFormat.parse(kv[1]));
                    case dev.hsiq.engine.model.LayerSpec.Dense d -> d.withWeights(WeightFormat.parse(kv[1]));
                    default -> throw new IllegalArgumentException("layerBits: " + kv[0] + " has no bits");
                });
            }
        }
        return new ModelSpec(base.name(), base.input(), base.patchSize(), base.inputBits(), layers);
    }

    static int indexOf(List<dev.hsiq.engine.model.LayerSpec> layers, String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) return i;
        }
        throw new IllegalArgumentException("layerBits: no layer " + name);
    }

    static String clips(java.util.Collection<Float> v) {
        StringBuilder sb = new StringBuilder("[");
        for (float f : v) sb.append(sb.length() > 1 ? " " : "").append(String.format(Locale.ROOT, "%.3f", f));
        return sb.append(']').toString();
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    static double std(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }
}
