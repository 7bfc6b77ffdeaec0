/*
 * The folded integer path against the float staircase path (FakeQuantForward: fake-quantized
 * weights, float step activations, nothing folded), on random calibrated models:
 *   - on every sample whose step-activation inputs all stay at least MARGIN away from a level
 *     boundary, both give the same codes, so the logits agree to float rounding;
 *   - over all random samples, the labels agree on a high fraction (printed; asserted >= 99%).
 * Near a boundary the two may differ by one code: there the integer thresholds define the
 * quantized model, and float rounding in the float path decides the other way.
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.testing.FakeQuantForward;
import dev.hsiq.engine.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class QuantizedAgreementTest {

    /** Distance from a level boundary beyond which float rounding cannot flip a code here. */
    private static final double MARGIN = 2e-5;

    private static final String TINY = """
            {"name": "tiny", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 8, "kernel": 5}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "maxpool1d", "kernel": 2},
              {"type": "conv1d", "out": 8, "kernel": 3, "padding": 1}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "flatten"}, {"type": "dropout", "p": 0.5},
              {"type": "dense", "out": 16}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}""";

    private static final String TINY_FLOAT_HIDDEN = """
            {"name": "tiny-float-hidden", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 8, "kernel": 5}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "conv1d", "out": 8, "kernel": 3, "weights": "float"}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": 12}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}""";

    record Agreement(int samples, int away, int labelsAgree, double maxLogitDiffAway) {
        double labelPercent() {
            return 100.0 * labelsAgree / samples;
        }
    }

    static Agreement compare(Model model, int count, long seed) {
        ReferenceExecutor ex = new ReferenceExecutor(model);
        FakeQuantForward f = new FakeQuantForward(model);
        float[][] samples = TestModels.samples(model, count, new Random(seed));
        int away = 0;
        int agree = 0;
        double maxDiff = 0;
        Set<Integer> labels = new HashSet<>();
        for (float[] s : samples) {
            float[] a = ex.logits(s);
            FakeQuantForward.Trace t = new FakeQuantForward.Trace();
            float[] b = f.run(s, t);
            int la = ReferenceExecutor.argmax(a);
            labels.add(la);
            if (la == ReferenceExecutor.argmax(b)) agree++;
            if (t.minMargin >= MARGIN) {
                away++;
                float scale = 0;
                for (float v : b) scale = Math.max(scale, Math.abs(v));
                for (int c = 0; c < a.length; c++) {
                    double d = Math.abs(a[c] - b[c]) / (1 + scale);
                    maxDiff = Math.max(maxDiff, d);
                    assertThat(d).as("%s: logit %d of a sample away from boundaries (margin %s)",
                            model.spec().name(), c, t.minMargin).isLessThan(1e-4);
                }
            }
        }
        assertThat(labels.size()).as("%s predicts more than one class", model.spec().name()).isGreaterThan(1);
        return new Agreement(count, away, agree, maxDiff);
    }

    private static Model tiny(String json, String bits, WeightFormat last, int inputBits, long seed) {
        QuantSettings q = QuantSettings.parseBits(bits).withInputBits(inputBits).withLastWeights(last);
        return TestModels.random(ModelSpec.fromJson(json, "tiny.json").resolve(5, q), 24, seed);
    }

    private static void report(String what, Agreement a) {
        System.out.printf("%-34s samples %4d  away from boundaries %4d  labels agree %6.2f%%  max |logit diff| away %.2e%n",
                what, a.samples(), a.away(), a.labelPercent(), a.maxLogitDiffAway());
    }

    @Test
    void tinyNetworksAtEveryWeightFormat() {
        String[][] configs = {{"1/1", "8"}, {"2/1", "8"}, {"2/t", "8"}, {"2/2", "4"}, {"4/4", "8"}, {"3/8", "2"},
                {"8/8", "8"}};
        long seed = 10;
        for (String[] c : configs) {
            Model m = tiny(TINY, c[0], WeightFormat.ofInt(8), Integer.parseInt(c[1]), seed++);
            Agreement a = compare(m, 300, seed);
            report("tiny " + c[0] + " input " + c[1], a);
            assertThat(a.away()).as("%s: enough samples away from boundaries to test", c[0]).isGreaterThan(60);
            assertThat(a.labelPercent()).isGreaterThanOrEqualTo(99.0);
        }
    }

    @Test
    void floatLastLayerAndFloatHiddenLayer() {
        Agreement a = compare(tiny(TINY, "2/1", WeightFormat.FLOAT, 8, 31), 300, 32);
        report("tiny 2/1, float last layer", a);
        assertThat(a.away()).isGreaterThan(60);
        assertThat(a.labelPercent()).isGreaterThanOrEqualTo(99.0);
        Agreement b = compare(tiny(TINY_FLOAT_HIDDEN, "2/2", WeightFormat.ofInt(8), 8, 33), 300, 34);
        report("tiny 2/2, float hidden conv", b);
        assertThat(b.away()).isGreaterThan(60);
        assertThat(b.labelPercent()).isGreaterThanOrEqualTo(99.0);
    }

    @Test
    void referenceNetworksLabelAgreement() {
        Model spectral = TestModels.random(ModelSpec.spectralCnn().resolve(9, QuantSettings.parseBits("2/1")), 103, 41);
        Agreement a = compare(spectral, 300, 42);
        report("spectral-cnn 2/1, 103 bands", a);
        assertThat(a.labelPercent()).isGreaterThanOrEqualTo(99.0);
        Model spectral44 = TestModels.random(ModelSpec.spectralCnn().resolve(9, QuantSettings.parseBits("4/4")), 103, 43);
        Agreement b = compare(spectral44, 300, 44);
        report("spectral-cnn 4/4, 103 bands", b);
        assertThat(b.labelPercent()).isGreaterThanOrEqualTo(99.0);
        Model patch = TestModels.random(ModelSpec.patchCnn(9).resolve(7,
                QuantSettings.parseBits("2/1").withInputBits(4)), 16, 45);
        Agreement c = compare(patch, 120, 46);
        report("patch-cnn 2/1 input 4, 16 bands", c);
        assertThat(c.labelPercent()).isGreaterThanOrEqualTo(99.0);
    }
}
