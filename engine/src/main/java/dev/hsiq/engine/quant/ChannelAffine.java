/*
 * The real value of a conv/dense output channel as an affine function of its integer
 * accumulator: v_c = alpha_c * acc_c + delta_c (DESIGN section 1, "integer-only hidden layers").
 *
 * Derivation. The layer's input is x = D_in * q (codes q, step D_in of the step activation or
 * input quantizer that produced them); its weights are w = s_c * code. So
 *     z_c = sum_i w_ci * x_i + b_c = s_c * D_in * acc_c + b_c,   acc_c = sum_i code_ci * q_i.
 * Batch norm (eval, running statistics) is affine per channel:
 *     v_c = gamma_c * (z_c - mean_c) / sqrt(var_c + eps) + beta_c = g_c * (z_c - mean_c) + beta_c,
 * hence
 *     alpha_c = g_c * s_c * D_in,     delta_c = g_c * (b_c - mean_c) + beta_c,
 * and without batch norm alpha_c = s_c * D_in, delta_c = b_c.
 *
 * Everything is computed in double from the stored float parameters: g_c = (double) gamma_c /
 * Math.sqrt((double) var_c + (double) eps). ThresholdFolding turns (alpha, delta) and the next
 * step activation into integer thresholds; the last layer uses logit(c, acc) =
 * (float) (alpha_c * acc + delta_c), the one definition of a quantized layer's float logits.
 */
package dev.hsiq.engine.quant;

import java.util.Arrays;

public record ChannelAffine(double[] alpha, double[] delta) {

    public ChannelAffine {
        if (alpha.length != delta.length) {
            throw new IllegalArgumentException("affine needs one alpha and one delta per channel, got "
                    + alpha.length + " and " + delta.length);
        }
        alpha = alpha.clone();
        delta = delta.clone();
        for (int c = 0; c < alpha.length; c++) {
            if (!Double.isFinite(alpha[c]) || !Double.isFinite(delta[c])) {
                throw new IllegalArgumentException("channel " + c + ": folded scale " + alpha[c] + " and offset "
                        + delta[c] + " must be finite (check the weight scales, bias and batch norm statistics)");
            }
        }
    }

    /** Batch norm in eval mode with running statistics (all arrays one value per channel). */
    public record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] var, float eps) {
        public BatchNorm {
            int n = gamma.length;
            if (beta.length != n || mean.length != n || var.length != n) {
                throw new IllegalArgumentException("batch norm gamma, beta, mean, var have " + n + ", " + beta.length
                        + ", " + mean.length + ", " + var.length + " values; they must agree");
            }
            for (int c = 0; c < n; c++) {
                if (!((double) var[c] + eps > 0)) {
                    throw new IllegalArgumentException("batch norm channel " + c + ": var + eps = " + var[c] + " + "
                            + eps + " must be > 0");
                }
            }
        }

        public int channels() {
            return gamma.length;
        }

        /** g_c = gamma_c / sqrt(var_c + eps) in double. */
        public double gain(int c) {
            return gamma[c] / Math.sqrt((double) var[c] + (double) eps);
        }

        /** v = g_c * (z - mean_c) + beta_c in double. */
        public double apply(int c, double z) {
            return gain(c) * (z - mean[c]) + beta[c];
        }
    }

    /**
     * The affine of a quantized layer: per-channel weight scales s_c, the input step D_in, the
     * bias b_c (null = zero) and an optional batch norm (null = none).
     */
    public static ChannelAffine of(float[] scales, double inputStep, float[] bias, BatchNorm bn) {
        int n = scales.length;
        if (bias != null && bias.length != n) {
            throw new IllegalArgumentException("bias has " + bias.length + " values for " + n + " channels");
        }
        if (bn != null && bn.channels() != n) {
            throw new IllegalArgumentException("batch norm has " + bn.channels() + " channels, the layer " + n);
        }
        double[] alpha = new double[n];
        double[] delta = new double[n];
        for (int c = 0; c < n; c++) {
            double s = (double) scales[c] * inputStep;
            double b = bias == null ? 0.0 : bias[c];
            if (bn == null) {
                alpha[c] = s;
                delta[c] = b;
            } else {
                double g = bn.gain(c);
                alpha[c] = g * s;
                delta[c] = g * (b - bn.mean()[c]) + bn.beta()[c];
            }
        }
        return new ChannelAffine(alpha, delta);
    }

    public int channels() {
        return alpha.length;
    }

    /** v_c = alpha_c * acc + delta_c in double. */
    public double value(int c, long acc) {
        return alpha[c] * acc + delta[c];
    }

    /** The last layer's float logit: (float) (alpha_c * acc + delta_c). */
    public float logit(int c, int acc) {
        return (float) (alpha[c] * acc + delta[c]);
    }

    @Override
    public double[] alpha() {
        return alpha.clone();
    }

    @Override
    public double[] delta() {
        return delta.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelAffine a && Arrays.equals(alpha, a.alpha) && Arrays.equals(delta, a.delta);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(alpha) + Arrays.hashCode(delta);
    }

    @Override
    public String toString() {
        return "ChannelAffine[" + alpha.length + " channels]";
    }
}
