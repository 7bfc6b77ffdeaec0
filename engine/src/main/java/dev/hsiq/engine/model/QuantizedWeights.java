/*
 * A conv or dense layer's weights as the quantized network uses them: integer codes and
 * one scale per output channel, w[c, i] = scales[c] * codes[c, i].
 *
 * Codes by format: BINARY -1/+1; TERNARY -1/0/+1; INT m-bit in [-(2^(m-1)-1), 2^(m-1)-1].
 * The layout of codes is the layout of the float weight ([out, in, kh, kw] or [out, in]).
 * These exact codes and scales are what the training-side simulation and the integer
 * engine both use, so their accumulators agree bit for bit.
 */
package dev.hsiq.engine.model;

import java.util.Arrays;

public record QuantizedWeights(WeightFormat format, int[] shape, byte[] codes, float[] scales) {

    public QuantizedWeights {
        if (format.isFloat()) {
            throw new IllegalArgumentException("quantized weights cannot have the float format");
        }
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("weight shape " + Arrays.toString(shape) + " has a non-positive dimension");
            }
            n *= d;
        }
        if (n != codes.length) {
            throw new IllegalArgumentException("weight shape " + Arrays.toString(shape) + " needs " + n
                    + " codes, got " + codes.length);
        }
        if (scales.length != shape[0]) {
            throw new IllegalArgumentException("weight shape " + Arrays.toString(shape) + " needs " + shape[0]
                    + " channel scales, got " + scales.length);
        }
        int max = maxCode(format);
        for (int i = 0; i < codes.length; i++) {
            int c = codes[i];
            boolean ok = format.kind() == WeightFormat.Kind.BINARY ? (c == 1 || c == -1) : (c >= -max && c <= max);
            if (!ok) {
                throw new IllegalArgumentException("weight code " + c + " at index " + i + " is outside format " + format);
            }
        }
    }

    /** The largest code magnitude of a format: 1 for binary and ternary, 2^(m-1)-1 for m bits. */
    public static int maxCode(WeightFormat f) {
        return switch (f.kind()) {
            case BINARY, TERNARY -> 1;
            case INT -> (1 << (f.bits() - 1)) - 1;
            case FLOAT -> throw new IllegalArgumentException("float has no codes");
        };
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int outChannels() {
        return shape[0];
    }

    /** Codes per output channel (the reduction length). */
    public int perChannel() {
        return codes.length / shape[0];
    }

    /** The float weights these codes stand for: scales[c] * code. */
    public float[] dequantize() {
        float[] w = new float[codes.length];
        int per = perChannel();
        for (int c = 0; c < shape[0]; c++) {
            for (int i = 0; i < per; i++) {
                w[c * per + i] = scales[c] * codes[c * per + i];
            }
        }
        return w;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedWeights q && format.equals(q.format) && Arrays.equals(shape, q.shape)
                && Arrays.equals(codes, q.codes) && Arrays.equals(scales, q.scales);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codes) * 31 + Arrays.hashCode(scales);
    }

    @Override
    public String toString() {
        return "QuantizedWeights[" + format + ", " + Arrays.toString(shape) + "]";
    }
}
