/*
 * Weight quantizers (DESIGN section 1): float weights [out, ...] -> integer codes plus one
 * float scale per output channel, w ~ s_c * code. Training's QAT forward uses the
 * fake-quantized weights s_c * code (fakeQuantize), the model file stores the codes and
 * scales, and the engine multiplies codes, so all three see the same numbers.
 *
 * Per output channel c with n weights w_1..w_n (sums in double, the scale rounded to float once):
 *
 *   BINARY  (XNOR-Net)  code = +1 if w >= 0 else -1 (w = 0 gives +1);  s = mean |w|.
 *           s minimizes sum (w - s * sign w)^2 for the fixed signs.
 *   TERNARY (TWN)       delta = 0.7 * mean |w|; code = sign(w) if |w| > delta else 0;
 *           s = mean of |w| over the weights with |w| > delta (the least-squares scale for
 *           those codes). If none exceeds delta (only possible for an all-zero channel),
 *           every code is 0 and s = 0.
 *   INT m   (symmetric uniform, m in 2..8)  Q = 2^(m-1) - 1;  s = max |w| / Q (float
 *           division); code = clamp(roundHalfAwayFromZero((double) w / s), -Q, Q).
 *           The max-abs scale never clips; it is the simple, documented choice. An all-zero
 *           channel gets s = 0 and codes 0.
 *
 * NaN or infinite weights are rejected (a diverged training run should not be quantized
 * silently).
 */
package dev.hsiq.engine.quant;

import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;

import java.util.Arrays;

public final class WeightQuantizer {

    /** TWN's threshold factor: delta = 0.7 * mean |w|. */
    public static final double TERNARY_THRESHOLD_FACTOR = 0.7;

    private WeightQuantizer() {
    }

    /** Quantizes a float weight tensor [out, ...] to {@code format} (not FLOAT). */
    public static QuantizedWeights quantize(WeightFormat format, Tensor weights) {
        return quantize(format, weights.shape(), weights.data());
    }

    /** Quantizes row-major weights of the given shape (shape[0] = output channels). */
    public static QuantizedWeights quantize(WeightFormat format, int[] shape, float[] w) {
        if (format.isFloat()) {
            throw new IllegalArgumentException("weight format fp32 has no codes; keep the float tensor");
        }
        if (shape.length == 0 || shape[0] <= 0 || w.length % shape[0] != 0) {
            throw new IllegalArgumentException("weights of shape " + Arrays.toString(shape) + " with " + w.length
                    + " values cannot be split into output channels");
        }
        for (int i = 0; i < w.length; i++) {
            if (!Float.isFinite(w[i])) {
                throw new IllegalArgumentException("weight " + i + " is " + w[i] + "; cannot quantize non-finite weights");
            }
        }
        int out = shape[0];
        int per = w.length / out;
        byte[] codes = new byte[w.length];
        float[] scales = new float[out];
        for (int c = 0; c < out; c++) {
            int from = c * per;
            scales[c] = switch (format.kind()) {
                case BINARY -> binary(w, from, per, codes);
                case TERNARY -> ternary(w, from, per, codes);
                case INT -> uniform(w, from, per, QuantizedWeights.maxCode(format), codes);
                case FLOAT -> throw new AssertionError();
            };
        }
        return new QuantizedWeights(format, shape, codes, scales);
    }

    /** The weights the quantized forward uses: s_c * code (float multiply); FLOAT gives a copy. */
    public static float[] fakeQuantize(WeightFormat format, Tensor weights) {
        if (format.isFloat()) {
            return weights.data().clone();
        }
        return quantize(format, weights).dequantize();
    }

    private static float binary(float[] w, int from, int n, byte[] codes) {
        double sumAbs = 0;
        for (int i = from; i < from + n; i++) {
            sumAbs += Math.abs(w[i]);
            codes[i] = (byte) (w[i] >= 0 ? 1 : -1);
        }
        return (float) (sumAbs / n);
    }

    private static float ternary(float[] w, int from, int n, byte[] codes) {
        double sumAbs = 0;
        for (int i = from; i < from + n; i++) {
            sumAbs += Math.abs(w[i]);
        }
        double delta = TERNARY_THRESHOLD_FACTOR * (sumAbs / n);
        double kept = 0;
        int count = 0;
        for (int i = from; i < from + n; i++) {
            double a = Math.abs(w[i]);
            if (a > delta) {
                codes[i] = (byte) (w[i] > 0 ? 1 : -1);
                kept += a;
                count++;
            } else {
                codes[i] = 0;
            }
        }
        return count == 0 ? 0f : (float) (kept / count);
    }

    private static float uniform(float[] w, int from, int n, int maxCode, byte[] codes) {
        float maxAbs = 0;
        for (int i = from; i < from + n; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(w[i]));
        }
        if (maxAbs == 0) {
            Arrays.fill(codes, from, from + n, (byte) 0);
            return 0f;
        }
        float scale = maxAbs / maxCode;
        for (int i = from; i < from + n; i++) {
            long q = roundHalfAwayFromZero((double) w[i] / scale);
            codes[i] = (byte) Math.max(-maxCode, Math.min(maxCode, q));
        }
        return scale;
    }

    /**
     * Rounds half away from zero without the floor(r + 0.5) pitfall (0.49999999999999994 + 0.5
     * rounds up to 1.0 in double): floor |r|, then add one when the exact fraction is >= 1/2.
     */
    public static long roundHalfAwayFromZero(double r) {
        double a = Math.abs(r);
        double f = Math.floor(a);
        long q = (long) f + (a - f >= 0.5 ? 1 : 0);
        return r < 0 ? -q : q;
    }
}
