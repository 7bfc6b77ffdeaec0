/*
 * The weight quantizers as training uses them, through the WeightTransform hook of conv and
 * dense layers: levels and per-output-channel scales of binary (sign x mean |w|), ternary
 * (TWN) and m-bit weights (engine rule: max |w| / Q; least-squares rule: Lloyd-refined
 * scale, codes by the engine's rounding), the straight-through backward, and that a layer's
 * forward really runs on the quantized weights.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.quant.WeightQuantizer;
import dev.hsiq.training.nn.DenseLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WeightQuantizationTest {

    static float[] gaussian(Random r, int n, double std) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) (std * r.nextGaussian());
        return w;
    }

    static float[] forward(WeightFormat f, WeightScaleRule rule, float[] w, int out) {
        float[] eff = new float[w.length];
        new QuantizedWeightTransform(f, rule).forward(w, out, eff);
        return eff;
    }

    @Test
    void binaryIsSignTimesMeanAbsPerChannel() {
        float[] w = {0.5f, -0.25f, 0f, -1f, /* channel 1 */ 2f, 2f, -4f, 0.5f};
        for (WeightScaleRule rule : WeightScaleRule.values()) {
            float[] eff = forward(WeightFormat.BINARY, rule, w, 2);
            float s0 = (0.5f + 0.25f + 0f + 1f) / 4;
            float s1 = (2f + 2f + 4f + 0.5f) / 4;
            assertThat(eff).containsExactly(s0, -s0, s0, -s0, s1, s1, -s1, s1);
        }
    }

    @Test
    void ternaryUsesTheTwnThresholdAndTheMeanOfTheKeptWeights() {
        // mean |w| = 0.5, delta = 0.35: kept |w| > 0.35 are 1.0 and 0.6 (mean 0.8)
        float[] w = {1.0f, -0.6f, 0.3f, -0.1f};
        for (WeightScaleRule rule : WeightScaleRule.values()) {
            float[] eff = forward(WeightFormat.TERNARY, rule, w, 1);
            assertThat(eff[0]).isCloseTo(0.8f, within(1e-6f));
            assertThat(eff[1]).isCloseTo(-0.8f, within(1e-6f));
            assertThat(eff[2]).isZero();
            assertThat(eff[3]).isZero();
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void engineRuleIsWeightQuantizerFakeQuantize(int bits) {
        Random r = new Random(bits);
        int out = 5;
        int[] shape = {out, 3, 1, 7};
        float[] w = gaussian(r, out * 21, 0.2);
        WeightFormat f = WeightFormat.ofInt(bits);
        float[] eff = forward(f, WeightScaleRule.ENGINE, w, out);
        assertThat(eff).containsExactly(WeightQuantizer.fakeQuantize(f, new Tensor(shape, w)));
        QuantizedWeights q = WeightScaleRule.ENGINE.quantize(f, shape, w);
        int max = (1 << (bits - 1)) - 1;
        for (int c = 0; c < out; c++) {
            float maxAbs = 0;
            for (int i = 0; i < 21; i++) maxAbs = Math.max(maxAbs, Math.abs(w[c * 21 + i]));
            assertThat(q.scales()[c]).isEqualTo(maxAbs / max);
        }
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {2, 3, 4, 8})
    void leastSquaresScalesHaveConsistentCodesAndNoLargerError(int bits) {
        Random r = new Random(40 + bits);
        int out = 8;
        int per = 150;
        float[] w = gaussian(r, out * per, 0.1);
        w[3] = 0.9f; // an outlier in channel 0
        WeightFormat f = WeightFormat.ofInt(bits);
        int[] shape = {out, per};
        QuantizedWeights ls = WeightScaleRule.LEAST_SQUARES.quantize(f, shape, w);
        QuantizedWeights eng = WeightScaleRule.ENGINE.quantize(f, shape, w);
        int max = (1 << (bits - 1)) - 1;
        float[] eff = forward(f, WeightScaleRule.LEAST_SQUARES, w, out);
        assertThat(eff).containsExactly(ls.dequantize());
        for (int c = 0; c < out; c++) {
            float s = ls.scales()[c];
            assertThat(s).isPositive();
            TreeSet<Integer> levels = new TreeSet<>();
            double errLs = 0;
            double errEng = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                // codes are the engine's rounding of w / s, clamped to [-Q, Q]
                long expected = Math.max(-max, Math.min(max, WeightQuantizer.roundHalfAwayFromZero((double) w[i] / s)));
                assertThat((long) ls.codes()[i]).isEqualTo(expected);
                levels.add((int) ls.codes()[i]);
                errLs += Math.pow(w[i] - s * ls.codes()[i], 2);
                errEng += Math.pow(w[i] - eng.scales()[c] * eng.codes()[i], 2);
            }
            assertThat(levels.first()).isGreaterThanOrEqualTo(-max);
            assertThat(levels.last()).isLessThanOrEqualTo(max);
            assertThat(errLs).as("channel %d", c).isLessThanOrEqualTo(errEng * (1 + 1e-6));
        }
        // at 2 and 3 bits, least squares clips the 9-sigma outlier and uses the levels for the
        // rest (from 4 bits on, keeping it costs less than clipping it)
        if (bits <= 3) {
            assertThat(ls.scales()[0]).isLessThan(eng.scales()[0] / 2);
        }
        if (bits == 2) { // max-abs at 2 bits zeroes most of a Gaussian channel; least squares keeps many
            long nonzeroLs = 0;
            long nonzeroEng = 0;
            for (int i = 0; i < w.length; i++) {
                if (ls.codes()[i] != 0) nonzeroLs++;
                if (eng.codes()[i] != 0) nonzeroEng++;
            }
            assertThat(nonzeroLs).isGreaterThan(2 * nonzeroEng);
        }
    }

    @Test
    void zeroChannelsStayZero() {
        float[] w = new float[12];
        w[7] = 0.3f;
        QuantizedWeights q = WeightScaleRule.LEAST_SQUARES.quantize(WeightFormat.ofInt(3), new int[]{2, 6}, w);
        assertThat(q.scales()[0]).isZero();
        assertThat(Arrays.copyOf(q.codes(), 6)).containsOnly((byte) 0);
        assertThat(q.dequantize()[7]).isCloseTo(0.3f, within(1e-7f));
    }

    @Test
    void backwardIsStraightThroughAndAccumulates() {
        float[] w = {0.3f, -2f, 0.01f, 5f};
        float[] g = {1f, -2f, 3f, 0.5f};
        float[] acc = {10f, 10f, 10f, 10f};
        new QuantizedWeightTransform(WeightFormat.BINARY, WeightScaleRule.LEAST_SQUARES).backward(w, 1, g, acc);
        assertThat(acc).containsExactly(11f, 8f, 13f, 10.5f);
    }

    @Test
    void denseLayerRunsOnTheQuantizedWeightsAndUpdatesTheShadow() {
        Random r = new Random(5);
        int in = 6;
        int out = 3;
        WeightFormat f = WeightFormat.ofInt(3);
        DenseLayer d = new DenseLayer("fc", new Shape(in, 1, 1), out,
                new QuantizedWeightTransform(f, WeightScaleRule.LEAST_SQUARES));
        float[] shadow = gaussian(r, in * out, 0.5);
        System.arraycopy(shadow, 0, d.weight().value(), 0, shadow.length);
        float[] eff = WeightScaleRule.LEAST_SQUARES.quantize(f, new int[]{out, in}, shadow).dequantize();
        float[] x = gaussian(r, 2 * in, 1);
        float[] y = d.forward(x, 2, true);
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int i = 0; i < in; i++) s += (double) eff[o * in + i] * x[n * in + i];
                assertThat((double) y[n * out + o]).isCloseTo(s, within(1e-5));
            }
        }
        d.weight().zeroGrad();
        float[] gy = gaussian(r, 2 * out, 1);
        d.backward(gy, 2);
        // straight through: dL/dw = dL/dw_eff = sum_n gy[n, o] x[n, i]
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double expected = (double) gy[o] * x[i] + (double) gy[out + o] * x[in + i];
                assertThat((double) d.weight().grad()[o * in + i]).isCloseTo(expected, within(1e-5));
            }
        }
        assertThat(d.weight().value()).containsExactly(shadow); // the shadow weights are the float ones
    }
}
