/*
 * Signed 8-bit weight codes prepared for an Int8Gemm: the row-major codes [channel][k] (what
 * the scalar reference reads) and, when the preparing implementation wants it, its own
 * repacked form (the vector kernel's interleaved 16-bit layout; see PanamaInt8Gemm). maxAbs is
 * the largest |code|, which bounds the products and so decides how long 16-bit partial sums
 * may run before they are widened.
 */
package dev.hsiq.kernels;

public final class Int8Weights {

    private final int channels;
    private final int k;
    private final int maxAbs;
    private final byte[] rowMajor;
    private final Object packed;

    public Int8Weights(int channels, int k, byte[] rowMajor, Object packed) {
        if (channels <= 0 || k <= 0 || (long) channels * k != rowMajor.length) {
            throw new IllegalArgumentException("int8 weights: " + rowMajor.length + " codes for " + channels
                    + " channels x " + k);
        }
        this.channels = channels;
        this.k = k;
        this.rowMajor = rowMajor.clone();
        int m = 1;
        for (byte b : rowMajor) {
            m = Math.max(m, Math.abs((int) b));
        }
        this.maxAbs = m;
        this.packed = packed;
    }

    public int channels() {
        return channels;
    }

    public int k() {
        return k;
    }

    /** Largest |code| (at least 1). */
    public int maxAbs() {
        return maxAbs;
    }

    /** Row-major codes [channel][k]; shared, read-only. */
    public byte[] rowMajorShared() {
        return rowMajor;
    }

    /** The implementation-specific packed form, or null. */
    public Object packed() {
        return packed;
    }
}
