/*
 * Per-channel integer thresholds of a folded step activation (DESIGN section 1: bias, batch
 * norm and the next step activation of a layer fold into L integer thresholds per channel).
 *
 * Contract (the engine's folding code produces exactly this): for channel c with
 *   direction +1:  q = #{ i in 1..L : acc >= T[c][i-1] },  T[c][*] non-decreasing
 *   direction -1:  q = #{ i in 1..L : acc <= T[c][i-1] },  T[c][*] non-increasing
 * Channels whose output is a constant use Integer.MIN_VALUE / Integer.MAX_VALUE thresholds
 * (acc >= MIN_VALUE always holds, acc >= MAX_VALUE only for MAX_VALUE itself, and likewise
 * for <=); there is no third direction.
 *
 * values holds T in [channel][level] order. The constructor also derives the form the
 * vector kernel uses: flip[c] = 0 for direction +1, -1 (all ones) for -1, and
 * flipped[i][c] = T[c][i] XOR flip[c], because  acc <= T  <=>  ~acc >= ~T  (bitwise NOT is an
 * order-reversing bijection on int32, so unlike negation it cannot overflow). Then every
 * channel counts  (acc XOR flip[c]) >= flipped[i][c]  with one comparison direction.
 */
package dev.hsiq.kernels;

import java.util.Arrays;

public final class Thresholds {

    private final int channels;
    private final int levels;
    private final int[] values;
    private final boolean[] descending;
    private final int[] flip;
    private final int[] flipped;

    /** values[c * levels + i] = T[c][i]; descending[c] is true for direction -1. Both are copied. */
    public Thresholds(int channels, int levels, int[] values, boolean[] descending) {
        if (channels <= 0 || levels < 1 || levels > 255) {
            throw new IllegalArgumentException("thresholds need channels > 0 and 1..255 levels, got " + channels
                    + " x " + levels);
        }
        if (values.length != channels * levels || descending.length != channels) {
            throw new IllegalArgumentException("thresholds: " + values.length + " values / " + descending.length
                    + " directions for " + channels + " channels x " + levels + " levels");
        }
        this.channels = channels;
        this.levels = levels;
        this.values = values.clone();
        this.descending = descending.clone();
        for (int c = 0; c < channels; c++) {
            for (int i = 1; i < levels; i++) {
                int prev = values[c * levels + i - 1];
                int cur = values[c * levels + i];
                if (descending[c] ? cur > prev : cur < prev) {
                    throw new IllegalArgumentException("thresholds of channel " + c + " are not "
                            + (descending[c] ? "non-increasing" : "non-decreasing") + " at level " + i + ": " + prev
                            + " then " + cur);
                }
            }
        }
        this.flip = new int[channels];
        this.flipped = new int[levels * channels];
        for (int c = 0; c < channels; c++) {
            int f = descending[c] ? -1 : 0;
            flip[c] = f;
            for (int i = 0; i < levels; i++) {
                flipped[i * channels + c] = values[c * levels + i] ^ f;
            }
        }
    }

    public int channels() {
        return channels;
    }

    /** L, the number of thresholds per channel and the largest output code. */
    public int levels() {
        return levels;
    }

    /** T[c][i], level i 0-based. */
    public int value(int c, int i) {
        return values[c * levels + i];
    }

    /** Whether channel c has direction -1. */
    public boolean descending(int c) {
        return descending[c];
    }

    /** Bits needed for the output codes: ceil(log2(levels + 1)). */
    public int codeBits() {
        return 32 - Integer.numberOfLeadingZeros(levels);
    }

    /**
     * flip[c] (0 or -1), shared and read-only: kernels read it without copying.
     */
    public int[] flipShared() {
        return flip;
    }

    /** flipped[i * channels + c] = T[c][i] ^ flip[c], level-major; shared and read-only. */
    public int[] flippedShared() {
        return flipped;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thresholds t && channels == t.channels && levels == t.levels
                && Arrays.equals(values, t.values) && Arrays.equals(descending, t.descending);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + Arrays.hashCode(descending);
    }

    @Override
    public String toString() {
        return "Thresholds[" + channels + " channels x " + levels + " levels]";
    }
}
