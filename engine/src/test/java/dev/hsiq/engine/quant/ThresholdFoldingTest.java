/*
 * Threshold folding: hand-checked thresholds for both directions and constant channels; an
 * exhaustive check, for random layer parameters, of the threshold count against direct
 * evaluation of v = alpha * acc + delta in double over the whole accumulator range the layer
 * can produce; and agreement with the float staircase of v (as a float training forward
 * computes it) wherever v is not within float rounding of a level boundary.
 */
package dev.hsiq.engine.quant;

import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.WeightFormat;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdFoldingTest {

    private static final StepActivation UNIT_STEPS = new StepActivation(2, 3f); // D = 1: t = 0.5, 1.5, 2.5

    @Test
    void positiveScaleGivesCeilThresholds() {
        // v = 0.5 acc + 0.1 >= t  <=>  acc >= (t - 0.1) / 0.5 = 0.8, 2.8, 4.8
        FoldedThresholds f = ThresholdFolding.fold(new ChannelAffine(new double[]{0.5}, new double[]{0.1}), UNIT_STEPS);
        assertThat(f.direction(0)).isEqualTo(1);
        assertThat(f.thresholds()).containsExactly(1, 3, 5);
        int[] expected = {0, 1, 1, 2, 2, 3, 3, 3};
        for (int acc = 0; acc < expected.length; acc++) {
            assertThat(f.code(0, acc)).isEqualTo(expected[acc]);
        }
        assertThat(f.code(0, -1000)).isZero();
    }

    @Test
    void negativeScaleGivesFloorThresholdsAndReversedComparison() {
        // v = -0.5 acc + 2.6 >= t  <=>  acc <= (t - 2.6) / -0.5 = 4.2, 2.2, 0.2
        FoldedThresholds f = ThresholdFolding.fold(new ChannelAffine(new double[]{-0.5}, new double[]{2.6}), UNIT_STEPS);
        assertThat(f.direction(0)).isEqualTo(-1);
        assertThat(f.thresholds()).containsExactly(4, 2, 0);
        assertThat(f.code(0, 0)).isEqualTo(3);  // v = 2.6
        assertThat(f.code(0, 1)).isEqualTo(2);  // v = 2.1
        assertThat(f.code(0, 3)).isEqualTo(1);  // v = 1.1
        assertThat(f.code(0, 5)).isZero();      // v = 0.1
    }

    @Test
    void constantChannelsUseMinAndMaxThresholds() {
        FoldedThresholds f = ThresholdFolding.fold(new ChannelAffine(new double[]{0, 0, 0}, new double[]{1.6, -4, 9}),
                UNIT_STEPS);
        assertThat(f.directions()).containsExactly(1, 1, 1);
        assertThat(f.thresholds()).containsExactly(
                Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE);
        int lim = (int) AccumulatorBound.LIMIT;
        for (int acc : new int[]{-lim, -1, 0, 1, lim}) {
            assertThat(f.code(0, acc)).isEqualTo(2);
            assertThat(f.code(1, acc)).isZero();
            assertThat(f.code(2, acc)).isEqualTo(3);
        }
    }

    @Test
    void thresholdsOutsideTheIntRangeClampWithoutChangingTheMeaning() {
        // alpha tiny: (t - delta) / alpha is far outside int32, in both directions
        FoldedThresholds f = ThresholdFolding.fold(
                new ChannelAffine(new double[]{1e-30, -1e-30, 1e-30}, new double[]{1.0, 1.0, 5.0}), UNIT_STEPS);
        int lim = (int) AccumulatorBound.LIMIT;
        for (int acc : new int[]{-lim, 0, lim}) {
            assertThat(f.code(0, acc)).isEqualTo(1); // v ~ 1.0: only t = 0.5 passed
            assertThat(f.code(1, acc)).isEqualTo(1);
            assertThat(f.code(2, acc)).isEqualTo(3);
        }
        assertThat(f.threshold(0, 0)).isEqualTo(Integer.MIN_VALUE);
        assertThat(f.threshold(0, 1)).isEqualTo(Integer.MAX_VALUE);
        assertThat(f.threshold(1, 0)).isEqualTo(Integer.MAX_VALUE);
        assertThat(f.threshold(1, 1)).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void foldsBiasAndBatchNormAsDerived() {
        // s = 0.2, D_in = 0.5, b = 0.3; BN gamma -2, beta 1, mean 0.1, var 3, eps 1 -> g = -1
        ChannelAffine.BatchNorm bn = new ChannelAffine.BatchNorm(new float[]{-2f}, new float[]{1f}, new float[]{0.1f},
                new float[]{3f}, 1f);
        ChannelAffine a = ChannelAffine.of(new float[]{0.2f}, 0.5, new float[]{0.3f}, bn);
        assertThat(a.alpha()[0]).isEqualTo(-1.0 * (double) 0.2f * 0.5);
        assertThat(a.delta()[0]).isEqualTo(-1.0 * ((double) 0.3f - (double) 0.1f) + 1);
        ChannelAffine plain = ChannelAffine.of(new float[]{0.2f}, 0.5, null, null);
        assertThat(plain.delta()[0]).isZero();
        assertThat(plain.logit(0, 10)).isEqualTo((float) (0.2f * 0.5 * 10));
    }

    @Test
    void rejectsNonFiniteFoldsAndBadBatchNorm() {
        assertThatThrownBy(() -> new ChannelAffine.BatchNorm(new float[]{1}, new float[]{0}, new float[]{0},
                new float[]{-2f}, 1e-5f)).hasMessageContaining("var + eps");
        assertThatThrownBy(() -> ChannelAffine.of(new float[]{Float.NaN}, 1.0, null, null))
                .hasMessageContaining("channel 0").hasMessageContaining("finite");
    }

    @Test
    void constructorEnforcesTheContract() {
        assertThatThrownBy(() -> new FoldedThresholds(2, new int[]{1}, new int[]{5, 4}))
                .hasMessageContaining("non-decreasing");
        assertThatThrownBy(() -> new FoldedThresholds(2, new int[]{-1}, new int[]{4, 5}))
                .hasMessageContaining("non-increasing");
        assertThatThrownBy(() -> new FoldedThresholds(2, new int[]{0}, new int[]{4, 5}))
                .hasMessageContaining("direction 0");
        assertThatThrownBy(() -> new FoldedThresholds(2, new int[]{1, 1}, new int[]{4, 5}))
                .hasMessageContaining("need 4 thresholds");
    }

    /** A random hidden layer's parameters, folded, checked over its whole accumulator range. */
    @Test
    void exhaustiveOverTheAccumulatorRangeAgainstDoubleAndFloatStaircase() {
        Random rnd = new Random(2024);
        WeightFormat[] formats = {WeightFormat.BINARY, WeightFormat.TERNARY, WeightFormat.ofInt(2),
                WeightFormat.ofInt(4), WeightFormat.ofInt(8)};
        long checked = 0;
        long ties = 0;
        long floatCompared = 0;
        for (int trial = 0; trial < 120; trial++) {
            int inBits = 1 + rnd.nextInt(8);
            WeightFormat wf = formats[rnd.nextInt(formats.length)];
            int outBits = trial % 20 == 0 ? 8 : 1 + rnd.nextInt(4);
            int perProduct = ((1 << inBits) - 1) * QuantizedWeights.maxCode(wf);
            int budget = outBits == 8 ? 2000 : 12000;
            int k = Math.max(1, Math.min(1 + rnd.nextInt(600), budget / perProduct));
            long bound = AccumulatorBound.maxAbs(k, inBits, wf);
            StepActivation in = new StepActivation(inBits, 0.5f + 3 * rnd.nextFloat());
            StepActivation next = new StepActivation(outBits, 0.5f + 3 * rnd.nextFloat());
            int channels = 4;
            float[] scales = new float[channels];
            float[] bias = new float[channels];
            float[] gamma = new float[channels];
            float[] beta = new float[channels];
            float[] mean = new float[channels];
            float[] var = new float[channels];
            for (int c = 0; c < channels; c++) {
                scales[c] = c == 3 && trial % 3 == 0 ? 0f : (float) (0.01 + rnd.nextDouble() / Math.sqrt(k));
                bias[c] = (float) rnd.nextGaussian() * 0.2f;
                gamma[c] = (rnd.nextBoolean() ? 1 : -1) * (0.2f + rnd.nextFloat() * 2);
                beta[c] = (float) rnd.nextGaussian();
                mean[c] = (float) rnd.nextGaussian() * 0.5f;
                var[c] = 0.01f + rnd.nextFloat() * 2;
            }
            float eps = 1e-5f;
            ChannelAffine.BatchNorm bn = new ChannelAffine.BatchNorm(gamma, beta, mean, var, eps);
            ChannelAffine affine = ChannelAffine.of(scales, in.exactStep(), bias, trial % 4 == 1 ? null : bn);
            FoldedThresholds f = ThresholdFolding.fold(affine, next);
            double[] alpha = affine.alpha();
            double[] delta = affine.delta();
            double[] boundaries = new double[next.levels()];
            for (int i = 1; i <= next.levels(); i++) boundaries[i - 1] = next.boundary(i);
            float stepF = in.step();
            for (int c = 0; c < channels; c++) {
                for (long acc = -bound; acc <= bound; acc++) {
                    int q = f.code(c, (int) acc);
                    double v = affine.value(c, acc);
                    int direct = 0;
                    double nearest = Double.POSITIVE_INFINITY;
                    for (double t : boundaries) {
                        if (v >= t) direct++;
                        nearest = Math.min(nearest, Math.abs(v - t));
                    }
                    double scale = Math.abs(alpha[c] * acc) + Math.abs(delta[c]) + 1;
                    if (q != direct) {
                        // only allowed where v is within double rounding of a boundary: the thresholds decide
                        if (nearest >= 1e-12 * scale) {
                            throw new AssertionError("trial " + trial + " channel " + c + " acc " + acc + ": thresholds give "
                                    + q + ", direct evaluation of v = " + v + " gives " + direct);
                        }
                        ties++;
                    }
                    if (nearest > 1e-5 * scale) {
                        // the float staircase, as a float forward computes it from the same parameters
                        float z = scales[c] * stepF * acc + bias[c];
                        float vf = trial % 4 == 1 ? z
                                : gamma[c] * (z - mean[c]) / (float) Math.sqrt(var[c] + eps) + beta[c];
                        if (next.code(vf) != q) {
                            throw new AssertionError("trial " + trial + " channel " + c + " acc " + acc
                                    + ": float staircase gives " + next.code(vf) + " for v = " + vf + ", thresholds " + q);
                        }
                        floatCompared++;
                    }
                    checked++;
                }
            }
        }
        System.out.printf("threshold folding: %d accumulators checked, %d exact ties, %d compared with the float staircase%n",
                checked, ties, floatCompared);
        assertThat(checked).isGreaterThan(500_000);
        assertThat(floatCompared).isGreaterThan(checked * 99 / 100);
    }
}
