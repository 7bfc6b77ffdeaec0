/*
 * Test helpers: quantized / float random models of a spec, samples in the engine's flat
 * layouts, and the comparisons every exactness test makes (compiled engine vs the reference
 * executor, bit for bit for quantized models).
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.reference.ReferenceExecutor;
import dev.hsiq.engine.testing.TestModels;
import dev.hsiq.kernels.Parallel;

import java.util.Random;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

final class Engines {

    static final Parallel TWO_THREADS = Parallel.of(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "engine-test");
        t.setDaemon(true);
        return t;
    }), 2);

    private Engines() {
    }

    /** Settings from "A/W" bits, input bits and the last layer's format ("8" or "float"). */
    static QuantSettings settings(String bits, int inputBits, String last) {
        return QuantSettings.parseBits(bits).withInputBits(inputBits).withLastWeights(WeightFormat.parse(last));
    }

    /** A random quantized model; batch norm left at mean 0, var 1 (fast) unless calibrated. */
    static Model quantized(ModelSpec spec, int classes, QuantSettings q, int bands, long seed, boolean calibrated) {
        return TestModels.random(spec.resolve(classes, q), bands, seed, calibrated);
    }

    static Model floating(ModelSpec spec, int classes, int bands, long seed) {
        return TestModels.random(spec.resolve(classes, null), bands, seed);
    }

    static float[] flatten(float[][] samples) {
        int len = samples[0].length;
        float[] flat = new float[samples.length * len];
        for (int i = 0; i < samples.length; i++) {
            System.arraycopy(samples[i], 0, flat, i * len, len);
        }
        return flat;
    }

    /** Runs the engine on samples (spectra or patches by model kind). */
    static float[] logits(CompiledModel m, float[][] samples, int[] labels, Parallel parallel) {
        float[] logits = new float[samples.length * m.classes()];
        float[] flat = flatten(samples);
        if (m.patchModel()) {
            m.classifyPatches(flat, samples.length, labels, logits, parallel);
        } else {
            m.classifySpectra(flat, samples.length, labels, logits, parallel);
        }
        return logits;
    }

    /**
     * The compiled engine on `count` random samples equals the reference executor: labels, and
     * logits bit for bit (quantized) or within 1e-4 of the largest |logit| per sample (float);
     * one and two threads give identical results. Also checks that the samples produced more
     * than one distinct logit vector (a model whose codes all saturate would test nothing).
     */
    static void assertMatchesReference(Model model, CompiledModel compiled, int count, long seed, String what) {
        ReferenceExecutor ref = new ReferenceExecutor(model);
        float[][] samples = TestModels.samples(model, count, new Random(seed));
        int[] labels = new int[count];
        float[] got = logits(compiled, samples, labels, Parallel.sequential());
        int[] labels2 = new int[count];
        float[] got2 = logits(compiled, samples, labels2, TWO_THREADS);
        assertThat(got2).as("%s: two threads", what).isEqualTo(got);
        assertThat(labels2).isEqualTo(labels);
        int classes = model.classes();
        java.util.Set<java.util.List<Integer>> distinct = new java.util.HashSet<>();
        for (int s = 0; s < count; s++) {
            float[] want = ref.logits(samples[s]);
            float[] row = java.util.Arrays.copyOfRange(got, s * classes, (s + 1) * classes);
            if (model.spec().isQuantized()) {
                assertThat(bits(row)).as("%s: logits of sample %d", what, s).isEqualTo(bits(want));
                assertThat(labels[s]).as("%s: label of sample %d", what, s).isEqualTo(ReferenceExecutor.argmax(want));
            } else {
                float scale = 0;
                for (float v : want) scale = Math.max(scale, Math.abs(v));
                for (int c = 0; c < classes; c++) {
                    assertThat(Math.abs(row[c] - want[c])).as("%s: logit %d of sample %d (%s vs %s)", what, c, s,
                            row[c], want[c]).isLessThanOrEqualTo(1e-4f * Math.max(scale, 1e-3f));
                }
                if (topMargin(want) > 1e-3 * Math.max(scale, 1e-3f)) {
                    assertThat(labels[s]).as("%s: label of sample %d", what, s).isEqualTo(ReferenceExecutor.argmax(want));
                }
            }
            distinct.add(java.util.Arrays.stream(bits(row)).boxed().toList());
        }
        assertThat(distinct.size()).as("%s: distinct logit vectors of %d samples", what, count)
                .isGreaterThan(count / 2);
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }

    /** Largest logit minus the second largest. */
    static double topMargin(float[] v) {
        float a = Float.NEGATIVE_INFINITY;
        float b = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            if (x > a) {
                b = a;
                a = x;
            } else if (x > b) {
                b = x;
            }
        }
        return (double) a - b;
    }
}
