/*
 * Per-band input normalization measured on the training pixels only:
 * x' = (x - low[b]) / (high[b] - low[b]), so training data falls mostly in [0, 1].
 * A quantized network then clips x' to [0, 1] and takes k-bit codes round(x' * (2^k - 1))
 * (the step activation with clip level 1), which keeps the first layer's input unsigned.
 */
package dev.hsiq.engine.model;

import java.util.Arrays;

public record Normalization(float[] low, float[] high) {

    public Normalization {
        if (low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException("normalization needs one low and one high per band, got "
                    + low.length + " and " + high.length);
        }
        low = low.clone();
        high = high.clone();
        for (int b = 0; b < low.length; b++) {
            if (!Float.isFinite(low[b]) || !Float.isFinite(high[b]) || !(high[b] > low[b])) {
                throw new IllegalArgumentException("normalization of band " + b + ": low " + low[b] + " and high "
                        + high[b] + " must be finite with high > low");
            }
        }
    }

    public int bands() {
        return low.length;
    }

    @Override
    public float[] low() {
        return low.clone();
    }

    @Override
    public float[] high() {
        return high.clone();
    }

    /** Normalized value of raw sample {@code x} in band {@code b}. */
    public float apply(int b, float x) {
        return (x - low[b]) / (high[b] - low[b]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(low, n.low) && Arrays.equals(high, n.high);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(low) * 31 + Arrays.hashCode(high);
    }
}
