/*
 * The step activation layer: its forward is the engine's StepActivation bit for bit (at,
 * just below and just above every level boundary, at 0, at the clip level, beyond it), both
 * backward modes match finite differences of their surrogates (the clipped identity for
 * constant, the soft staircase s(x) for tanh), the learnable clip's gradient matches
 * finite differences of PACT's surrogate clip(x, 0, a) in a, the LSQ clip gradient
 * matches finite differences in a of s * (q0 + R(x / s) - R(x / s0)) (s = a / L, q0 the
 * forward code at a0, R the rounding's surrogate: clip(v, 0, L) for constant, the soft
 * staircase in step units for tanh), element-wise gradient scaling follows its formula, and
 * the temperature follows its schedule.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.quant.StepActivation;
import dev.hsiq.training.nn.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StepActivationLayerTest {

    private static final TemperatureSchedule SCHEDULE = new TemperatureSchedule(2, 8);

    static StepActivationLayer layer(int n, int bits, float clip, GradientMode mode, ClipMode clipMode, double scale) {
        return new StepActivationLayer("act", new Shape(n, 1, 1), bits, clip, mode, SCHEDULE, clipMode, scale);
    }

    /** Values at, one ulp around and midway between every boundary, plus 0, a and beyond. */
    static float[] probes(StepActivation step) {
        List<Float> v = new ArrayList<>();
        for (int i = 1; i <= step.levels(); i++) {
            float t = (float) step.boundary(i);
            v.add(t);
            v.add(Math.nextDown(t));
            v.add(Math.nextUp(t));
            v.add(t - step.step() / 2);
        }
        float a = step.clip();
        for (float x : new float[]{0f, -0f, Float.MIN_VALUE, -1e-7f, -3f, a, Math.nextDown(a), Math.nextUp(a),
                2 * a, 1e30f, -1e30f}) {
            v.add(x);
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void forwardIsTheEngineStaircaseBitForBit(int bits) {
        for (float clip : new float[]{1f, 0.37f, 2.5f, 6.0f, 13.77f}) {
            StepActivation step = new StepActivation(bits, clip);
            float[] x = probes(step);
            for (GradientMode mode : GradientMode.values()) {
                StepActivationLayer l = layer(x.length, bits, clip, mode, ClipMode.LEARNABLE, 1);
                for (boolean training : new boolean[]{true, false}) {
                    float[] y = l.forward(x, 1, training);
                    for (int i = 0; i < x.length; i++) {
                        assertThat(Float.floatToIntBits(y[i])).as("x = %s, a = %s", x[i], clip)
                                .isEqualTo(Float.floatToIntBits(step.value(x[i])));
                        assertThat(y[i]).isEqualTo(step.valueOf(step.code(x[i])));
                    }
                }
            }
        }
    }

    @Test
    void forwardLevelsAreTheCodesTimesTheStep() {
        StepActivation step = new StepActivation(2, 3f); // D = 1, boundaries 0.5, 1.5, 2.5
        StepActivationLayer l = layer(7, 2, 3f, GradientMode.CONSTANT, ClipMode.FIXED, 1);
        float[] y = l.forward(new float[]{-1f, 0.49f, 0.5f, 1.49f, 1.5f, 2.5f, 7f}, 1, true);
        assertThat(y).containsExactly(0f, 0f, 1f, 1f, 2f, 3f, 3f);
        assertThat(step.levels()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 4, 8})
    void constantBackwardIsTheClippedIdentity(int bits) {
        float a = 2.0f;
        Random r = new Random(bits);
        int n = 400;
        float[] x = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 1); // [-1, 3): below, inside and above [0, a]
            g[i] = (float) r.nextGaussian();
        }
        StepActivationLayer l = layer(n, bits, a, GradientMode.CONSTANT, ClipMode.FIXED, 1);
        l.forward(x, 1, true);
        float[] dx = l.backward(g, 1);
        double h = 1e-4;
        int checked = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(x[i]) < 2 * h || Math.abs(x[i] - a) < 2 * h) continue; // kinks of the surrogate
            double numeric = (clip(x[i] + h, a) - clip(x[i] - h, a)) / (2 * h);
            assertThat((double) dx[i]).as("x = %s", x[i]).isCloseTo(g[i] * numeric, within(1e-5));
            checked++;
        }
        assertThat(checked).isGreaterThan(n - 10);
        // the kinks themselves: 1 on the closed interval [0, a]
        StepActivationLayer k = layer(4, bits, a, GradientMode.CONSTANT, ClipMode.FIXED, 1);
        k.forward(new float[]{0f, a, Math.nextUp(a), -Float.MIN_VALUE}, 1, true);
        assertThat(java.util.Arrays.copyOf(k.backward(new float[]{1, 1, 1, 1}, 1), 4)).containsExactly(1f, 1f, 0f, 0f);
    }

    /**
     * Element-wise gradient scaling: inside [0, a] the constant gradient times
     * 1 + delta sign(g) (x / s - round(x / s)), checked against that formula in double (and at
     * hand-picked points: a quarter step above a level, a quarter step below one); outside
     * [0, a] still 0; the clip gradient (PACT and LSQ) is the one without scaling; delta 0 is
     * the plain layer bit for bit; out-of-range deltas and the tanh gradient are refused.
     */
    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 4})
    void elementWiseGradientScalingFollowsTheRoundingError(int bits) {
        float a = 2.0f;
        double delta = 0.4;
        int levels = (1 << bits) - 1;
        Random r = new Random(100 + bits);
        int n = 400;
        float[] x = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 1);
            g[i] = (float) r.nextGaussian();
        }
        for (ClipMode clipMode : new ClipMode[]{ClipMode.LEARNABLE, ClipMode.LSQ}) {
            StepActivationLayer plain = layer(n, bits, a, GradientMode.CONSTANT, clipMode, 1);
            StepActivationLayer scaled = new StepActivationLayer("act", new Shape(n, 1, 1), bits, a,
                    GradientMode.CONSTANT, SCHEDULE, clipMode, 1, delta);
            StepActivationLayer zero = new StepActivationLayer("act", new Shape(n, 1, 1), bits, a,
                    GradientMode.CONSTANT, SCHEDULE, clipMode, 1, 0);
            plain.forward(x, 1, true);
            scaled.forward(x, 1, true);
            zero.forward(x, 1, true);
            float[] dPlain = plain.backward(g, 1).clone();
            float[] dScaled = scaled.backward(g, 1).clone();
            float[] dZero = zero.backward(g, 1).clone();
            int inside = 0;
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToIntBits(dZero[i])).isEqualTo(Float.floatToIntBits(dPlain[i]));
                if (x[i] >= 0 && x[i] <= a) {
                    double v = (double) x[i] * levels / a;
                    double e = v - Math.rint(v);
                    assertThat(Math.abs(e)).isLessThanOrEqualTo(0.5 + 1e-6);
                    assertThat((double) dScaled[i]).as("x = %s", x[i])
                            .isCloseTo(g[i] * (1 + delta * Math.signum(g[i]) * e), within(1e-5));
                    inside++;
                } else {
                    assertThat(dScaled[i]).isZero();
                }
            }
            assertThat(inside).isGreaterThan(n / 3);
            assertThat(scaled.clip().grad()[0]).isEqualTo(plain.clip().grad()[0]);
        }
        // a quarter step above level 0 with a positive gradient (which asks for a lower output, i.e.
        // x has 3/4 of a step to go): scaled up by delta / 4; a quarter step below level 1 (a quarter
        // step from the boundary below): scaled down by delta / 4; a negative gradient the other way
        float s = a / levels;
        float[] px = {0.25f * s, 0.75f * s, 0.25f * s, 0.75f * s};
        StepActivationLayer k = new StepActivationLayer("act", new Shape(4, 1, 1), bits, a, GradientMode.CONSTANT,
                SCHEDULE, ClipMode.FIXED, 1, delta);
        k.forward(px, 1, true);
        float[] d = k.backward(new float[]{1, 1, -1, -1}, 1);
        assertThat((double) d[0]).isCloseTo(1 + delta / 4, within(1e-6));
        assertThat((double) d[1]).isCloseTo(1 - delta / 4, within(1e-6));
        assertThat((double) d[2]).isCloseTo(-(1 - delta / 4), within(1e-6));
        assertThat((double) d[3]).isCloseTo(-(1 + delta / 4), within(1e-6));
        assertThatThrownBy(() -> new StepActivationLayer("act", new Shape(4, 1, 1), bits, a, GradientMode.TANH,
                SCHEDULE, ClipMode.FIXED, 1, delta)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepActivationLayer("act", new Shape(4, 1, 1), bits, a, GradientMode.CONSTANT,
                SCHEDULE, ClipMode.FIXED, 1, 2.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepActivationLayer("act", new Shape(4, 1, 1), bits, a, GradientMode.CONSTANT,
                SCHEDULE, ClipMode.FIXED, 1, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    static double clip(double x, double a) {
        return Math.min(Math.max(x, 0), a);
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1, 2, 3, 8})
    void tanhBackwardIsTheSoftStaircaseDerivative(int bits) {
        float a = 1.7f;
        int levels = (1 << bits) - 1;
        Random r = new Random(100 + bits);
        int n = 300;
        float[] x = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2.6 - 0.5);
            g[i] = (float) r.nextGaussian();
        }
        StepActivationLayer l = layer(n, bits, a, GradientMode.TANH, ClipMode.FIXED, 1);
        for (double progress : new double[]{0, 0.5, 1}) {
            l.trainingProgress(progress);
            double tau = l.sharpness();
            assertThat(tau).isCloseTo(2 * Math.pow(4, progress), within(1e-12));
            l.forward(x, 1, true);
            float[] dx = l.backward(g, 1);
            double d = (double) a / levels;
            double h = 1e-4 * d / tau; // small against the width D / tau of one tanh
            for (int i = 0; i < n; i++) {
                double numeric = (SoftStaircase.value(x[i] + h, levels, a, tau)
                        - SoftStaircase.value(x[i] - h, levels, a, tau)) / (2 * h);
                double expected = g[i] * numeric;
                // the layer reads s' from the interpolated table: within 0.1% of the peak tau / 2
                // for tau <= 8
                assertThat((double) dx[i]).as("x = %s, tau = %s", x[i], tau)
                        .isCloseTo(expected, within(1e-3 * tau / 2 * Math.abs(g[i]) + 1e-5));
            }
        }
    }

    @Test
    void tanhSurrogateIsNearlyFlatAtTheStartAndPeakedAtTheEnd() {
        int levels = 3;
        double a = 3;
        // tau = 2: between 0.8 and 1.1 from the first to the last boundary (like the clipped
        // identity), about half of that at 0 and a, and fading outside [0, a]
        for (double x = 0.5; x <= 2.5; x += 0.05) {
            assertThat(SoftStaircase.derivative(x, levels, a, 2)).isBetween(0.8, 1.15);
        }
        assertThat(SoftStaircase.derivative(0, levels, a, 2)).isBetween(0.4, 0.6);
        assertThat(SoftStaircase.derivative(a, levels, a, 2)).isBetween(0.4, 0.6);
        assertThat(SoftStaircase.derivative(-2, levels, a, 2)).isLessThan(0.01);
        // tau = 16: tau / 2 at a boundary, nearly 0 midway between boundaries
        assertThat(SoftStaircase.derivative(1.5, levels, a, 16)).isCloseTo(8, within(1e-6));
        assertThat(SoftStaircase.derivative(1.0, levels, a, 16)).isLessThan(1e-5);
        // and s approaches the staircase
        StepActivation step = new StepActivation(2, 3f);
        for (double x = -0.9; x < 4; x += 0.1) {
            if (Math.abs(x - Math.floor(x) - 0.5) < 0.05) continue;
            assertThat(SoftStaircase.value(x, levels, a, 400)).isCloseTo(step.value((float) x), within(1e-6));
        }
    }

    @Test
    void truncatedSumsEqualTheFullSums() {
        Random r = new Random(7);
        for (int t = 0; t < 2000; t++) {
            int levels = (1 << (1 + r.nextInt(8))) - 1;
            double a = 0.2 + 5 * r.nextDouble();
            double tau = 0.5 + 30 * r.nextDouble();
            double x = (r.nextDouble() * 1.6 - 0.3) * a;
            double d = a / levels;
            double fullValue = 0;
            double fullDerivative = 0;
            for (int i = 1; i <= levels; i++) {
                double th = Math.tanh(tau / d * (x - (i - 0.5) * d));
                fullValue += d / 2 * (1 + th);
                fullDerivative += tau / 2 * (1 - th * th);
            }
            assertThat(SoftStaircase.value(x, levels, a, tau)).isCloseTo(fullValue, within(1e-9 * (1 + a)));
            assertThat(SoftStaircase.derivative(x, levels, a, tau)).isCloseTo(fullDerivative, within(1e-8 * tau));
        }
    }

    @Test
    void derivativeTableMatchesTheExactSum() {
        Random r = new Random(11);
        for (int bits = 1; bits <= 8; bits++) {
            int levels = (1 << bits) - 1;
            for (double tau : new double[]{1, 2, 4.5, 8, 11}) {
                SoftStaircase.DerivativeTable t = new SoftStaircase.DerivativeTable(levels, tau);
                float a = 2.3f;
                float perUnit = levels / a;
                double worst = 0;
                for (int k = 0; k < 20000; k++) {
                    float x = (float) ((r.nextDouble() * 1.4 - 0.2) * a);
                    double exact = SoftStaircase.derivativeAt((double) x * perUnit + 0.5, levels, tau);
                    worst = Math.max(worst, Math.abs(t.at(x, perUnit) - exact));
                }
                // the interpolation bound h^2/8 * max|s''| = tau^3 / (8 R^2), plus float rounding
                double h = 1.0 / SoftStaircase.RESOLUTION;
                assertThat(worst).as("L = %d, tau = %s", levels, tau)
                        .isLessThan(h * h / 8 * tau * tau * tau + 1e-6 * tau);
            }
        }
    }

    @Test
    void tableIsRebuiltOnlyWhenTheTemperatureMoves() {
        StepActivationLayer l = layer(3, 2, 1f, GradientMode.TANH, ClipMode.FIXED, 1);
        float[] x = {0.1f, 0.5f, 0.9f};
        l.trainingProgress(0.5);
        l.forward(x, 1, true);
        l.backward(new float[]{1, 1, 1}, 1);
        assertThat(l.tableSharpness()).isEqualTo(4.0);
        l.trainingProgress(0.501); // tau moves by 0.07%: the table stays
        l.forward(x, 1, true);
        l.backward(new float[]{1, 1, 1}, 1);
        assertThat(l.tableSharpness()).isEqualTo(4.0);
        l.trainingProgress(0.6);
        l.forward(x, 1, true);
        l.backward(new float[]{1, 1, 1}, 1);
        assertThat(l.tableSharpness()).isCloseTo(SCHEDULE.sharpness(0.6), within(1e-12));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CONSTANT", "TANH"})
    void learnableClipGradientIsPact(String modeName) {
        GradientMode mode = GradientMode.valueOf(modeName);
        int n = 500;
        float a = 1.3f;
        float[][] xg = inputsAndGradients(new Random(3), n);
        float[] x = xg[0];
        float[] g = xg[1];
        for (double scale : new double[]{1.0, 0.125}) {
            StepActivationLayer l = layer(n, 2, a, mode, ClipMode.LEARNABLE, scale);
            Param clip = l.clip();
            assertThat(clip.trainable()).isTrue();
            assertThat(clip.decays()).isFalse();
            l.forward(x, 1, true);
            clip.zeroGrad();
            l.backward(g, 1);
            // finite differences in a of PACT's surrogate sum g * clip(x, 0, a)
            double h = 1e-5;
            double plus = 0;
            double minus = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs(x[i] - a) < 2 * h) continue;
                plus += g[i] * clip(x[i], a + h);
                minus += g[i] * clip(x[i], a - h);
            }
            double numeric = (plus - minus) / (2 * h);
            assertThat((double) clip.grad()[0]).isCloseTo(scale * numeric, within(1e-3 * (1 + Math.abs(numeric))));
            assertThat(numeric).isNotZero();
        }
    }

    @ParameterizedTest(name = "{0}, {1} bits")
    @CsvSource({"CONSTANT, 1", "CONSTANT, 2", "CONSTANT, 4", "TANH, 1", "TANH, 2", "TANH, 4"})
    void lsqClipGradientMatchesItsSurrogate(String modeName, int bits) {
        GradientMode mode = GradientMode.valueOf(modeName);
        int n = 500;
        float a = 1.3f;
        int levels = (1 << bits) - 1;
        StepActivation step = new StepActivation(bits, a);
        float[][] xg = inputsAndGradients(new Random(5 + bits), n);
        float[] x = xg[0];
        float[] g = xg[1];
        for (double scale : new double[]{1.0, 0.125}) {
            StepActivationLayer l = layer(n, bits, a, mode, ClipMode.LSQ, scale);
            Param clip = l.clip();
            assertThat(clip.trainable()).isTrue();
            assertThat(clip.decays()).isFalse();
            float[] y = l.forward(x, 1, true).clone();
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToIntBits(y[i])).isEqualTo(Float.floatToIntBits(step.value(x[i])));
            }
            clip.zeroGrad();
            l.backward(g, 1);
            double tau = l.sharpness();
            double h = 1e-5;
            double numeric = 0;
            double pactPart = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs(x[i] - a) < 2 * h) continue; // the kink of clip(v, 0, L) at v = L
                double q0 = step.code(x[i]);
                double plus = lsqSurrogate(mode, x[i], a + h, a, q0, levels, tau);
                double minus = lsqSurrogate(mode, x[i], a - h, a, q0, levels, tau);
                numeric += g[i] * (plus - minus) / (2 * h);
                if (x[i] > a) pactPart += g[i];
            }
            assertThat((double) clip.grad()[0]).isCloseTo(scale * numeric, within(1e-3 * (1 + Math.abs(numeric))));
            assertThat(Math.abs(numeric - pactPart)).as("the in-range term is there").isGreaterThan(0.1);
        }
    }

    /** s * (q0 + R(x / s) - R(x / s0)), s = a / L, s0 = a0 / L: LSQ's view of y as a function of a. */
    static double lsqSurrogate(GradientMode mode, double x, double a, double a0, double q0, int levels, double tau) {
        double v = x * levels / a;
        double v0 = x * levels / a0;
        double r = mode == GradientMode.CONSTANT ? Math.min(Math.max(v, 0), levels) - Math.min(Math.max(v0, 0), levels)
                : SoftStaircase.value(v, levels, levels, tau) - SoftStaircase.value(v0, levels, levels, tau);
        return a / levels * (q0 + r);
    }

    @Test
    void lsqAndPactAgreeAboveTheClipAndBelowZero() {
        float a = 2f;
        float[] x = {-1f, -0.1f, 2.5f, 7f};
        float[] g = {0.3f, -0.7f, 1.1f, 0.9f};
        StepActivationLayer pact = layer(4, 2, a, GradientMode.CONSTANT, ClipMode.LEARNABLE, 1);
        StepActivationLayer lsq = layer(4, 2, a, GradientMode.CONSTANT, ClipMode.LSQ, 1);
        for (StepActivationLayer l : List.of(pact, lsq)) {
            l.forward(x, 1, true);
            l.clip().zeroGrad();
            l.backward(g, 1);
        }
        assertThat(lsq.clip().grad()[0]).isEqualTo(pact.clip().grad()[0]);
        assertThat((double) lsq.clip().grad()[0]).isCloseTo(2.0, within(1e-6));
    }

    @Test
    void fixedClipIsStateNotTrained() {
        StepActivationLayer l = layer(4, 3, 2f, GradientMode.CONSTANT, ClipMode.FIXED, 1);
        assertThat(l.clip().trainable()).isFalse();
        assertThat(l.clip().name()).isEqualTo("act.clip");
        assertThat(l.clip().shape()).containsExactly(1);
        l.forward(new float[]{3, 3, 3, 3}, 1, true);
        assertThat(l.backward(new float[]{1, 1, 1, 1}, 1)).startsWith(0f, 0f, 0f, 0f);
        assertThat(l.clipLevel()).isEqualTo(2f);
    }

    @Test
    void clipIsKeptPositiveAndNaNIsRejected() {
        StepActivationLayer l = layer(2, 2, 1f, GradientMode.CONSTANT, ClipMode.LEARNABLE, 1);
        l.clip().value()[0] = -0.5f;
        l.forward(new float[]{0.5f, 2f}, 1, true);
        assertThat(l.clipLevel()).isEqualTo(StepActivationLayer.MIN_CLIP);
        l.clip().value()[0] = Float.NaN;
        assertThatThrownBy(() -> l.forward(new float[]{0.5f, 2f}, 1, true)).hasMessageContaining("diverged");
        assertThatThrownBy(() -> layer(2, 9, 1f, GradientMode.CONSTANT, ClipMode.FIXED, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inputQuantizerIsTheEngineInputRule() {
        for (int bits = 2; bits <= 8; bits++) {
            StepActivation q = StepActivation.forInput(bits);
            float[] x = probes(q);
            InputQuantizerLayer l = new InputQuantizerLayer(new Shape(x.length, 1, 1), bits);
            float[] y = l.forward(x, 1, false);
            for (int i = 0; i < x.length; i++) {
                assertThat(y[i]).isEqualTo(q.valueOf(q.code(x[i])));
            }
        }
    }

    /** n inputs around the clip range (mean 0.4, std 1.2: some below 0, some above a) and n upstream gradients. */
    private static float[][] inputsAndGradients(Random r, int n) {
        float[] x = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 1.2 + 0.4);
            g[i] = (float) r.nextGaussian();
        }
        return new float[][]{x, g};
    }
}
