/*
 * Folds a hidden layer's affine v = alpha * acc + delta (ChannelAffine) and the next step
 * activation (bits k, clip a_out, L = 2^k - 1, D_out = a_out / L) into integer thresholds
 * (FoldedThresholds).
 *
 * The step activation's code is q = #{ i in 1..L : v >= t_i }, t_i = (i - 1/2) * D_out
 * (StepActivation.boundary). Solve v >= t_i for the integer acc:
 *
 *   alpha > 0:  acc >= (t_i - delta) / alpha   <=>  acc >= T_i = ceil((t_i - delta) / alpha)
 *   alpha < 0:  acc <= (t_i - delta) / alpha   <=>  acc <= T_i = floor((t_i - delta) / alpha)
 *   alpha = 0:  v = delta for every acc: the first #{ i : delta >= t_i } thresholds are
 *               Integer.MIN_VALUE, the rest Integer.MAX_VALUE, direction +1.
 *
 * T_i is computed in double and clamped to the int range. Clamping keeps the meaning:
 * |acc| <= AccumulatorBound.LIMIT = 2^31 - 2, so a threshold clamped to MAX_VALUE is never
 * reached (direction +1) or always passed (direction -1), and one clamped to MIN_VALUE is
 * always passed (+1) or never reached (-1), as the unclamped value would be.
 * Monotonicity: t_i increases with i, and double subtraction, division by a fixed alpha and
 * ceil/floor are monotone, so T is non-decreasing for alpha > 0 and non-increasing for
 * alpha < 0, as the contract requires.
 *
 * Semantics. The quantized model's meaning IS these integer thresholds, computed by this code
 * from the stored float parameters. Where acc sits exactly on (within double rounding of) a
 * boundary, direct double evaluation of alpha * acc + delta >= t_i may round either way; the
 * thresholds decide. Away from boundaries both agree with the float staircase (tested).
 */
package dev.hsiq.engine.quant;

public final class ThresholdFolding {

    private ThresholdFolding() {
    }

    /** Thresholds for every channel of {@code affine} followed by the step activation {@code next}. */
    public static FoldedThresholds fold(ChannelAffine affine, StepActivation next) {
        int channels = affine.channels();
        int levels = next.levels();
        double[] alpha = affine.alpha();
        double[] delta = affine.delta();
        int[] directions = new int[channels];
        int[] thresholds = new int[channels * levels];
        for (int c = 0; c < channels; c++) {
            double a = alpha[c];
            double d = delta[c];
            directions[c] = a < 0 ? -1 : 1;
            for (int i = 1; i <= levels; i++) {
                double t = next.boundary(i);
                int threshold;
                if (a > 0) {
                    threshold = clampToInt(Math.ceil((t - d) / a));
                } else if (a < 0) {
                    threshold = clampToInt(Math.floor((t - d) / a));
                } else {
                    threshold = d >= t ? Integer.MIN_VALUE : Integer.MAX_VALUE;
                }
                thresholds[c * levels + i - 1] = threshold;
            }
        }
        return new FoldedThresholds(levels, directions, thresholds);
    }

    /** An integral double clamped to [Integer.MIN_VALUE, Integer.MAX_VALUE]. */
    static int clampToInt(double x) {
        if (x >= Integer.MAX_VALUE) return Integer.MAX_VALUE;
        if (x <= Integer.MIN_VALUE) return Integer.MIN_VALUE;
        return (int) x;
    }
}
