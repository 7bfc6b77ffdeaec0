/*
 * The largest |acc| a quantized conv/dense layer can produce, so that int32 accumulators are
 * provably exact. With K products per output (in channels x kernel area, or in features),
 * input codes in 0..2^k - 1 and weight codes of magnitude at most Q (1 for binary and
 * ternary, 2^(m-1) - 1 for m bits):
 *
 *     |acc| = |sum_{j=1..K} q_j * w_j| <= K * (2^k - 1) * Q.
 *
 * The bound is reached (all inputs at the top code, all weights at +Q). A layer is accepted
 * when the bound is at most LIMIT = 2^31 - 2: then no accumulator overflows, and a threshold
 * of Integer.MAX_VALUE is never reached (FoldedThresholds relies on that).
 * Example: patch-cnn conv1 at 8-bit input and 8-bit weights, K = 200 * 9 = 1800:
 * 1800 * 255 * 127 = 58,293,000, far inside.
 */
package dev.hsiq.engine.quant;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.WeightFormat;

public final class AccumulatorBound {

    /** The largest accepted bound: 2^31 - 2, one below Integer.MAX_VALUE. */
    public static final long LIMIT = Integer.MAX_VALUE - 1L;

    private AccumulatorBound() {
    }

    /** K * (2^inputBits - 1) * maxCode(format), exactly (at most about 2^58, no overflow). */
    public static long maxAbs(long reduction, int inputBits, WeightFormat format) {
        if (reduction <= 0 || reduction > (1L << 40)) {
            throw new IllegalArgumentException("reduction length " + reduction + " must be in 1..2^40");
        }
        if (inputBits < 1 || inputBits > 8) {
            throw new IllegalArgumentException("input bits " + inputBits + " must be in 1..8");
        }
        return reduction * ((1L << inputBits) - 1) * QuantizedWeights.maxCode(format);
    }

    /** Integers up to this magnitude are exact in float32 (24-bit significand). */
    public static final long FLOAT_EXACT_LIMIT = 1L << 24;

    /**
     * Whether every partial sum of the layer's accumulators is exact in float32, in any order:
     * (2^inputBits - 1) * sum_k |w_ok| <= 2^24 for every output channel o of the weight codes
     * [out][k] (FloatCodesConvOp derives why).
     */
    public static boolean exactInFloat(byte[] codes, int outChannels, int inputBits) {
        if (outChannels <= 0 || codes.length % outChannels != 0) {
            throw new IllegalArgumentException(codes.length + " weight codes do not split into " + outChannels
                    + " output channels");
        }
        int k = codes.length / outChannels;
        long maxCode = (1L << inputBits) - 1;
        for (int o = 0; o < outChannels; o++) {
            long sum = 0;
            for (int i = o * k; i < (o + 1) * k; i++) {
                sum += Math.abs(codes[i]);
            }
            if (sum * maxCode > FLOAT_EXACT_LIMIT) {
                return false;
            }
        }
        return true;
    }

    /** Fails with a message naming the layer when its accumulators could leave the int32 range. */
    public static long check(String layer, long reduction, int inputBits, WeightFormat format) {
        long bound = maxAbs(reduction, inputBits, format);
        if (bound > LIMIT) {
            throw new BadInputException("layer " + layer + ": accumulator bound " + reduction + " products x "
                    + ((1L << inputBits) - 1) + " (largest " + inputBits + "-bit input code) x "
                    + QuantizedWeights.maxCode(format) + " (largest " + format + " weight code) = " + bound
                    + " exceeds the int32 limit " + LIMIT + "; use fewer input or weight bits or a smaller layer");
        }
        return bound;
    }
}
