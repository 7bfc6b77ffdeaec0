/* Weight quantizers: levels and scales per format, rounding, per-channel independence, round trips. */
package dev.hsiq.engine.quant;

import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeightQuantizerTest {

    @Test
    void binaryIsSignTimesMeanAbs() {
        float[] w = {0.5f, -0.25f, 0f, -1f, /* channel 1 */ 2f, 2f, -2f, 2f};
        QuantizedWeights q = WeightQuantizer.quantize(WeightFormat.BINARY, new int[]{2, 4}, w);
        assertThat(q.codes()).containsExactly(1, -1, 1, -1, 1, 1, -1, 1);
        assertThat(q.scales()).containsExactly(0.4375f, 2f);
        assertThat(q.dequantize()).containsExactly(0.4375f, -0.4375f, 0.4375f, -0.4375f, 2f, 2f, -2f, 2f);
    }

    @Test
    void ternaryUsesTwnThresholdAndMeanOfKept() {
        // mean |w| = 0.375, delta = 0.2625: 0.1 and 0 fall to 0, -0.9 and 0.5 are kept, s = 0.7
        float[] w = {0.1f, -0.9f, 0.5f, 0f};
        QuantizedWeights q = WeightQuantizer.quantize(WeightFormat.TERNARY, new int[]{1, 4}, w);
        assertThat(q.codes()).containsExactly(0, -1, 1, 0);
        assertThat(q.scales()[0]).isCloseTo(0.7f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void zeroChannelsGetZeroScale() {
        float[] w = new float[6];
        assertThat(WeightQuantizer.quantize(WeightFormat.TERNARY, new int[]{2, 3}, w).codes()).containsOnly(0);
        assertThat(WeightQuantizer.quantize(WeightFormat.TERNARY, new int[]{2, 3}, w).scales()).containsOnly(0f);
        assertThat(WeightQuantizer.quantize(WeightFormat.ofInt(4), new int[]{2, 3}, w).codes()).containsOnly(0);
        assertThat(WeightQuantizer.quantize(WeightFormat.ofInt(4), new int[]{2, 3}, w).scales()).containsOnly(0f);
        QuantizedWeights b = WeightQuantizer.quantize(WeightFormat.BINARY, new int[]{2, 3}, w);
        assertThat(b.codes()).containsOnly(1);
        assertThat(b.scales()).containsOnly(0f);
        assertThat(b.dequantize()).containsOnly(0f);
    }

    @Test
    void uniformRoundsHalfAwayFromZero() {
        // 3 bits: Q = 3; max |w| = 3 gives scale 1, so w / s is exact
        float[] w = {3f, 1.5f, -1.5f, 2.5f, -2.5f, 0.5f, -0.5f, 0.49f, -3f, 1.2f};
        QuantizedWeights q = WeightQuantizer.quantize(WeightFormat.ofInt(3), new int[]{1, w.length}, w);
        assertThat(q.scales()).containsExactly(1f);
        assertThat(q.codes()).containsExactly(3, 2, -2, 3, -3, 1, -1, 0, -3, 1);
    }

    @Test
    void roundHalfAwayFromZeroAvoidsTheFloorPlusHalfTrap() {
        assertThat(WeightQuantizer.roundHalfAwayFromZero(0.49999999999999994)).isZero();
        assertThat(WeightQuantizer.roundHalfAwayFromZero(-0.49999999999999994)).isZero();
        assertThat(WeightQuantizer.roundHalfAwayFromZero(0.5)).isEqualTo(1);
        assertThat(WeightQuantizer.roundHalfAwayFromZero(-0.5)).isEqualTo(-1);
        assertThat(WeightQuantizer.roundHalfAwayFromZero(126.5)).isEqualTo(127);
        assertThat(WeightQuantizer.roundHalfAwayFromZero(-2.4999)).isEqualTo(-2);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void uniformLevelsScalesAndErrorBound(int bits) {
        Random rnd = new Random(bits);
        int out = 5;
        int per = 37;
        float[] w = new float[out * per];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian() * (1 + i / per);
        WeightFormat f = WeightFormat.ofInt(bits);
        QuantizedWeights q = WeightQuantizer.quantize(f, new int[]{out, per}, w);
        int max = (1 << (bits - 1)) - 1;
        float[] deq = q.dequantize();
        for (int c = 0; c < out; c++) {
            float maxAbs = 0;
            for (int i = 0; i < per; i++) maxAbs = Math.max(maxAbs, Math.abs(w[c * per + i]));
            assertThat(q.scales()[c]).isEqualTo(maxAbs / max);
            boolean hitsTop = false;
            for (int i = 0; i < per; i++) {
                int code = q.codes()[c * per + i];
                assertThat(code).isBetween(-max, max);
                hitsTop |= Math.abs(code) == max;
                // a round-to-nearest quantizer is within half a step (plus float slack)
                assertThat((double) Math.abs(w[c * per + i] - deq[c * per + i]))
                        .isLessThanOrEqualTo(q.scales()[c] * 0.5000001 + 1e-7);
            }
            assertThat(hitsTop).as("the largest weight of channel %d maps to +-%d", c, max).isTrue();
        }
        // quantizing the dequantized weights gives the same codes and scales (a fixed point)
        QuantizedWeights again = WeightQuantizer.quantize(f, new int[]{out, per}, deq);
        assertThat(again.codes()).isEqualTo(q.codes());
        for (int c = 0; c < out; c++) {
            assertThat(again.scales()[c]).isCloseTo(q.scales()[c], org.assertj.core.data.Offset.offset(q.scales()[c] * 1e-6f));
        }
    }

    @Test
    void channelsAreIndependentForConvShapes() {
        Random rnd = new Random(3);
        int[] shape = {4, 3, 3, 3};
        float[] w = new float[4 * 27];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextFloat() - 0.5f;
        for (WeightFormat f : new WeightFormat[]{WeightFormat.BINARY, WeightFormat.TERNARY, WeightFormat.ofInt(5)}) {
            QuantizedWeights all = WeightQuantizer.quantize(f, shape, w);
            for (int c = 0; c < 4; c++) {
                float[] one = java.util.Arrays.copyOfRange(w, c * 27, c * 27 + 27);
                QuantizedWeights q = WeightQuantizer.quantize(f, new int[]{1, 3, 3, 3}, one);
                assertThat(q.scales()[0]).isEqualTo(all.scales()[c]);
                assertThat(q.codes()).isEqualTo(java.util.Arrays.copyOfRange(all.codes(), c * 27, c * 27 + 27));
            }
            assertThat(all.shape()).isEqualTo(shape);
        }
    }

    @Test
    void fakeQuantizeIsScaleTimesCode() {
        Tensor t = Tensor.of(new float[]{0.3f, -0.7f, 0.1f, 0.9f}, 2, 2);
        assertThat(WeightQuantizer.fakeQuantize(WeightFormat.FLOAT, t)).containsExactly(0.3f, -0.7f, 0.1f, 0.9f);
        assertThat(WeightQuantizer.fakeQuantize(WeightFormat.BINARY, t)).containsExactly(0.5f, -0.5f, 0.5f, 0.5f);
        assertThat(WeightQuantizer.fakeQuantize(WeightFormat.ofInt(8), t))
                .isEqualTo(WeightQuantizer.quantize(WeightFormat.ofInt(8), t).dequantize());
    }

    @Test
    void rejectsNonFiniteWeightsAndFloatFormat() {
        assertThatThrownBy(() -> WeightQuantizer.quantize(WeightFormat.BINARY, new int[]{1, 2}, new float[]{1f, Float.NaN}))
                .hasMessageContaining("weight 1 is NaN");
        assertThatThrownBy(() -> WeightQuantizer.quantize(WeightFormat.FLOAT, new int[]{1, 1}, new float[]{1f}))
                .hasMessageContaining("fp32 has no codes");
    }
}
