/*
 * Tuning driver (test scope, not shipped): trains a spec on a labeled-spectra MAT file
 * (X: samples x bands, Y: samples x 1, labels 1..K) with the acceptance protocol of
 * issue 2 -- stratified per-class split (ratio, at least 5 training pixels per class),
 * normalization from training pixels only (per band 0.5th / 99.5th percentile) -- and
 * prints OA per seed, mean, std and time. The shipped readers, splits and normalization
 * live in the data package; this loader only exists to tune the trainer's defaults.
 *
 * Run (from the repository root, after `mvn -q -o -pl training -am test-compile`):
 *   java --add-modules jdk.incubator.vector -cp kernels/target/classes:engine/target/classes:\
 *     training/target/classes:training/target/test-classes:MFL_CORE_JAR \
 *     -Ddataset=ip -Dseeds=1,2,3,4,5 dev.hsiq.training.tuning.SpectraTuning
 * Properties: dataset (ip|bw), seeds, ratio, and TrainConfig overrides of the spectral-cnn
 * defaults: epochs, bs, opt, lr, wd, sched, warmup, smooth, cw, noise, jitter; dropout
 * (inserted before every dense layer); verbose and peek (test accuracy every 10 epochs, for
 * learning curves only: never used to pick a model). Results: training/TUNING.md.
 */
package dev.hsiq.training.tuning;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.train.LabeledSamples;
import dev.hsiq.training.train.TrainConfig;
import dev.hsiq.training.train.TrainResult;
import dev.hsiq.training.train.Trainer;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

public final class SpectraTuning {

    /** Raw spectra and 0-based labels. */
    record Spectra(float[][] x, int[] y, int classes) {
    }

    record Split(LabeledSamples train, LabeledSamples test) {
    }

    static Spectra load(String path) throws IOException {
        MatFile mat = Mat5.readFromFile(path);
        Matrix x = mat.getMatrix("X");
        Matrix y = mat.getMatrix("Y");
        int n = x.getNumRows();
        int bands = x.getNumCols();
        float[][] data = new float[n][bands];
        int[] labels = new int[n];
        int classes = 0;
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < bands; b++) {
                data[i][b] = (float) x.getDouble(i, b);
            }
            labels[i] = (int) y.getDouble(i, 0) - 1;
            classes = Math.max(classes, labels[i] + 1);
        }
        return new Spectra(data, labels, classes);
    }

    static Split split(Spectra s, double ratio, int minPerClass, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < s.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < s.y().length; i++) {
            byClass.get(s.y()[i]).add(i);
        }
        SplittableRandom r = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> idx : byClass) {
            for (int i = idx.size() - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                Integer t = idx.get(i);
                idx.set(i, idx.get(j));
                idx.set(j, t);
            }
            int k = Math.min(idx.size() - 1, Math.max(minPerClass, (int) Math.round(ratio * idx.size())));
            train.addAll(idx.subList(0, k));
            test.addAll(idx.subList(k, idx.size()));
        }
        int bands = s.x()[0].length;
        float[] low = new float[bands];
        float[] high = new float[bands];
        double[] v = new double[train.size()];
        for (int b = 0; b < bands; b++) {
            for (int i = 0; i < train.size(); i++) {
                v[i] = s.x()[train.get(i)][b];
            }
            Arrays.sort(v);
            low[b] = (float) percentile(v, 0.5);
            high[b] = (float) percentile(v, 99.5);
            if (!(high[b] > low[b])) {
                high[b] = low[b] + 1;
            }
        }
        return new Split(samples(s, train, low, high), samples(s, test, low, high));
    }

    static double percentile(double[] sorted, double pct) {
        double pos = pct / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static LabeledSamples samples(Spectra s, List<Integer> idx, float[] low, float[] high) {
        int bands = low.length;
        float[] data = new float[idx.size() * bands];
        int[] labels = new int[idx.size()];
        for (int i = 0; i < idx.size(); i++) {
            float[] row = s.x()[idx.get(i)];
            for (int b = 0; b < bands; b++) {
                data[i * bands + b] = (row[b] - low[b]) / (high[b] - low[b]);
            }
            labels[i] = s.y()[idx.get(i)];
        }
        return new LabeledSamples(data, labels, new Shape(1, 1, bands));
    }

    static ModelSpec withDropout(ModelSpec spec, float p) {
        if (p <= 0) {
            return spec;
        }
        List<LayerSpec> out = new ArrayList<>();
        int k = 0;
        for (LayerSpec l : spec.layers()) {
            if (l instanceof LayerSpec.Dense) {
                out.add(new LayerSpec.Dropout("drop" + (++k), p));
            }
            out.add(l);
        }
        return new ModelSpec(spec.name(), spec.input(), spec.patchSize(), spec.inputBits(), out);
    }

    static TrainConfig config(String model) {
        TrainConfig c = TrainConfig.defaultsFor(model);
        String v;
        if ((v = System.getProperty("epochs")) != null) c = c.withEpochs(Integer.parseInt(v));
        if ((v = System.getProperty("bs")) != null) c = c.withBatchSize(Integer.parseInt(v));
        if ((v = System.getProperty("opt")) != null || System.getProperty("lr") != null
                || System.getProperty("wd") != null) {
            TrainConfig.OptimizerKind kind = v == null ? c.optimizer()
                    : TrainConfig.OptimizerKind.valueOf(v.toUpperCase(Locale.ROOT));
            c = c.withOptimizer(kind, Double.parseDouble(System.getProperty("lr", "" + c.learningRate())),
                    Double.parseDouble(System.getProperty("wd", "" + c.weightDecay())));
        }
        if ((v = System.getProperty("sched")) != null || System.getProperty("warmup") != null) {
            c = c.withSchedule(v == null ? c.schedule() : TrainConfig.ScheduleKind.valueOf(v.toUpperCase(Locale.ROOT)),
                    Double.parseDouble(System.getProperty("warmup", "" + c.warmupEpochs())));
        }
        c = c.withRegularization(Double.parseDouble(System.getProperty("smooth", "" + c.labelSmoothing())),
                Double.parseDouble(System.getProperty("cw", "" + c.classWeightPower())),
                Double.parseDouble(System.getProperty("noise", "" + c.noiseStd())),
                Double.parseDouble(System.getProperty("jitter", "" + c.scaleJitter())));
        return c;
    }

    public static void main(String[] args) throws IOException {
        String dataset = System.getProperty("dataset", "ip");
        String path = dataset.equals("ip") ? "/work/shared/data/indian_pines/labeled_only/INDIANPINES.mat"
                : "/work/shared/data/botswana/labeled_only/BOTSWANA.mat";
        double ratio = Double.parseDouble(System.getProperty("ratio", "0.1"));
        long[] seeds = Arrays.stream(System.getProperty("seeds", "1,2,3,4,5").split(","))
                .mapToLong(Long::parseLong).toArray();
        boolean verbose = Boolean.getBoolean("verbose");
        Spectra s = load(path);
        ModelSpec spec = withDropout(ModelSpec.spectralCnn(),
                Float.parseFloat(System.getProperty("dropout", "0"))).resolve(s.classes(), null);
        TrainConfig base = config("spectral-cnn");
        System.out.println(dataset + " ratio " + ratio + ": " + base.describe()
                + " dropout " + System.getProperty("dropout", "0"));
        double sum = 0;
        double sq = 0;
        double time = 0;
        for (long seed : seeds) {
            Split sp = split(s, ratio, 5, seed);
            Network net = Network.build(spec, s.x()[0].length, seed);
            // peek: evaluate the test set every 10 epochs to see the learning curve (analysis only,
            // never used to pick the model: keepBest is off)
            boolean peek = Boolean.getBoolean("peek");
            TrainConfig cfg = base.withSeed(seed).withValidation(10, false);
            TrainResult r = new Trainer(cfg).train(net, sp.train(), peek ? sp.test() : null, rep -> {
                if (verbose && (rep.epoch() % 10 == 0 || rep.epoch() == rep.epochs())) {
                    System.out.printf(Locale.ROOT, "  epoch %d loss %.4f acc %.4f lr %.5f test %.4f %.1fs%n",
                            rep.epoch(), rep.loss(), rep.trainAccuracy(), rep.learningRate(),
                            rep.validationAccuracy(), rep.elapsedSeconds());
                }
            });
            long t0 = System.nanoTime();
            double oa = Trainer.accuracy(net, sp.test());
            double evalS = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "seed %d: n_train %d n_test %d OA %.2f%% train loss %.4f acc %.4f "
                            + "train %.1fs eval %.1fs%n", seed, sp.train().count(), sp.test().count(), 100 * oa,
                    r.last().loss(), r.last().trainAccuracy(), r.trainSeconds(), evalS);
            sum += oa;
            sq += oa * oa;
            time += r.trainSeconds();
        }
        int k = seeds.length;
        double mean = sum / k;
        double std = k > 1 ? Math.sqrt(Math.max(0, (sq - k * mean * mean) / (k - 1))) : 0;
        System.out.printf(Locale.ROOT, "MEAN OA %.2f%% std %.2f mean train time %.1fs%n", 100 * mean, 100 * std,
                time / k);
    }
}
