/*
 * Small fixtures for the QAT tests: a tiny spectral network spec, synthetic labeled spectra
 * (class c has a smooth mean spectrum of class-dependent sinusoids, each sample a brightness
 * factor and Gaussian noise), their normalization (NormalizationFit on the training part)
 * and a float model trained on them.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.protocol.NormalizationFit;
import dev.hsiq.training.train.EpochListener;
import dev.hsiq.training.train.LabeledSamples;
import dev.hsiq.training.train.TrainConfig;
import dev.hsiq.training.train.Trainer;

import java.util.List;
import java.util.Map;
import java.util.Random;

final class QatFixtures {

    static final int BANDS = 48;
    static final int CLASSES = 4;
    static final List<String> CLASS_NAMES = List.of("a", "b", "c", "d");

    static final String TINY_SPEC = """
            {"name": "tiny", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 8, "kernel": 5}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "maxpool1d", "kernel": 2},
              {"type": "conv1d", "out": 12, "kernel": 3}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "maxpool1d", "kernel": 2},
              {"type": "dense", "out": 16}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}""";

    /** Raw spectra, normalized samples and the normalization of one synthetic set. */
    record Set(float[][] raw, LabeledSamples normalized, Normalization normalization) {
    }

    private QatFixtures() {
    }

    static ModelSpec spec() {
        return ModelSpec.fromJson(TINY_SPEC, "tiny.json");
    }

    static double mean(int c, int b) {
        double t = (double) b / BANDS;
        return 300 + 200 * Math.sin(2 * Math.PI * (t + 0.23 * c)) + 60 * Math.cos(6 * Math.PI * t * (1 + 0.3 * c));
    }

    static float[][] raw(int perClass, double noise, long seed, int[] labels) {
        Random r = new Random(seed);
        int n = perClass * CLASSES;
        float[][] x = new float[n][BANDS];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            labels[i] = c;
            double brightness = 1 + 0.1 * r.nextGaussian();
            for (int b = 0; b < BANDS; b++) {
                x[i][b] = (float) (brightness * mean(c, b) + noise * r.nextGaussian());
            }
        }
        return x;
    }

    /** A set whose normalization is fitted on {@code fitOn} (null: on itself). */
    static Set set(int perClass, double noise, long seed, Normalization fitOn) {
        int[] labels = new int[perClass * CLASSES];
        float[][] raw = raw(perClass, noise, seed, labels);
        float[] flat = new float[raw.length * BANDS];
        for (int i = 0; i < raw.length; i++) {
            System.arraycopy(raw[i], 0, flat, i * BANDS, BANDS);
        }
        Normalization norm = fitOn;
        if (norm == null) {
            int[] all = new int[raw.length];
            for (int i = 0; i < all.length; i++) all[i] = i;
            norm = NormalizationFit.fit(flat, BANDS, all, NormalizationFit.LOW_PERCENTILE,
                    NormalizationFit.HIGH_PERCENTILE);
        }
        NormalizationFit.applyInPlace(norm, flat, BANDS);
        return new Set(raw, new LabeledSamples(flat, labels, new Shape(1, 1, BANDS)), norm);
    }

    static TrainConfig config(int epochs, long seed) {
        return TrainConfig.defaultsFor("tiny").withEpochs(epochs).withLearningRate(0.05).withSeed(seed);
    }

    /** A float model of the tiny spec trained on {@code train}. */
    static Model floatModel(Set train, int epochs, long seed) {
        Network net = Network.build(spec().resolve(CLASSES, null), BANDS, seed);
        new Trainer(config(epochs, seed)).train(net, train.normalized(), null, EpochListener.NONE);
        return net.toModel(CLASS_NAMES, train.normalization(), Map.of("dataset", "synthetic"));
    }
}
