/*
 * How a quantized conv / dense layer's per-output-channel scale is chosen during training
 * and export. Codes always follow the engine's rounding rule (WeightQuantizer: round half
 * away from zero of w / s, clamped to [-Q, Q]); the model file stores codes and scales, so
 * the engine never re-derives a scale and any rule here is compatible with it.
 *
 *   ENGINE         WeightQuantizer.quantize as is: binary mean |w| (XNOR-Net), ternary TWN,
 *                  m-bit s = max |w| / Q. At m = 2 (Q = 1) max-abs zeroes every weight below
 *                  max / 2, about 87% of a Gaussian channel; measured on IndianPines-spectra
 *                  seed 1, 8/2 fine-tuning reached 68.7% OA against 84.2% float.
 *   LEAST_SQUARES  binary and ternary as ENGINE; m-bit: Lloyd iterations, codes
 *                  q = clamp(round(w / s), -Q, Q), then the least-squares scale for those codes
 *                  s = sum(w q) / sum(q^2) (double, rounded to float), repeated until the scale
 *                  stops changing or MAX_ITERATIONS. Each half step is optimal for the other's
 *                  value, so the error sum (w - s q)^2 never increases; the result is a local
 *                  optimum of the weight MSE, which clips outliers in exchange for finer steps.
 *                  Two starts, and the one ending with the smaller error wins (the first on a
 *                  tie): s = max |w| / Q (so the result is never worse than ENGINE's) and
 *                  s = 3 mean |w| / Q (a Gaussian channel's optimum is near it at 2 to 4 bits,
 *                  and it escapes the fixed point where one outlier holds max |w| and every
 *                  other weight rounds to 0). The returned codes are those of the returned scale.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.quant.WeightQuantizer;

public enum WeightScaleRule {
    ENGINE, LEAST_SQUARES;

    /** Iterations of the least-squares refinement at most. */
    public static final int MAX_ITERATIONS = 20;

    /** Codes and per-channel scales of row-major weights w of {@code shape} (shape[0] = channels). */
    public QuantizedWeights quantize(WeightFormat format, int[] shape, float[] w) {
        QuantizedWeights start = WeightQuantizer.quantize(format, shape, w);
        if (this == ENGINE || format.kind() != WeightFormat.Kind.INT) {
            return start;
        }
        int q = QuantizedWeights.maxCode(format);
        int out = shape[0];
        int per = w.length / out;
        byte[] codes = start.codes().clone();
        float[] scales = start.scales().clone();
        for (int c = 0; c < out; c++) {
            int from = c * per;
            if (scales[c] == 0f) {
                continue;
            }
            double sumAbs = 0;
            for (int i = from; i < from + per; i++) {
                sumAbs += Math.abs(w[i]);
            }
            float best = lloyd(w, from, per, scales[c], q);
            double bestError = error(w, from, per, best, q);
            float other = lloyd(w, from, per, (float) (3 * sumAbs / per / q), q);
            if (other > 0f && error(w, from, per, other, q) < bestError) {
                best = other;
            }
            scales[c] = best;
            for (int i = from; i < from + per; i++) {
                codes[i] = (byte) code(w[i], best, q);
            }
        }
        return new QuantizedWeights(format, shape, codes, scales);
    }

    /** Lloyd iterations from scale s (see the file comment). */
    private static float lloyd(float[] w, int from, int per, float s, int q) {
        if (!(s > 0f) || !Float.isFinite(s)) {
            return 0f;
        }
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double num = 0;
            double den = 0;
            for (int i = from; i < from + per; i++) {
                int code = code(w[i], s, q);
                num += (double) w[i] * code;
                den += (double) code * code;
            }
            float next = den == 0 ? s : (float) (num / den);
            if (!(next > 0f) || next == s) {
                break;
            }
            s = next;
        }
        return s;
    }

    /** sum (w - s q)^2 over one channel, q the codes of scale s. */
    private static double error(float[] w, int from, int per, float s, int q) {
        double e = 0;
        for (int i = from; i < from + per; i++) {
            double d = w[i] - (double) s * code(w[i], s, q);
            e += d * d;
        }
        return e;
    }

    private static int code(float w, float s, int q) {
        long r = WeightQuantizer.roundHalfAwayFromZero((double) w / s);
        return (int) Math.max(-q, Math.min(q, r));
    }
}
