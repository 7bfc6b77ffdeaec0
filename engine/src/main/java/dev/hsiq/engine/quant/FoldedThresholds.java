/*
 * Per-channel integer thresholds of a hidden conv/dense layer: bias, batch norm and the next
 * step activation folded into L int32 thresholds per channel (DESIGN section 1). This is the
 * contract shared with the threshold kernel; do not change it.
 *
 *   direction[c] = +1:  q = #{ i in 1..L : acc >= T[c*L + i - 1] },  T non-decreasing in i;
 *   direction[c] = -1:  q = #{ i in 1..L : acc <= T[c*L + i - 1] },  T non-increasing in i.
 *
 * A constant channel (folded scale alpha = 0) has direction +1 and thresholds that are
 * Integer.MIN_VALUE (always passed) then Integer.MAX_VALUE (never passed, because every
 * accumulator satisfies |acc| <= AccumulatorBound.LIMIT < Integer.MAX_VALUE).
 *
 * Because T is monotone the count equals "the number of leading thresholds passed", so a
 * kernel may also binary-search or stop early; the result must be the count.
 */
package dev.hsiq.engine.quant;

import java.util.Arrays;

public record FoldedThresholds(int levels, int[] directions, int[] thresholds) {

    public FoldedThresholds {
        if (levels < 1 || levels > 255) {
            throw new IllegalArgumentException("threshold levels " + levels + " must be in 1..255");
        }
        if ((long) directions.length * levels != thresholds.length) {
            throw new IllegalArgumentException(directions.length + " channels x " + levels + " levels need "
                    + (long) directions.length * levels + " thresholds, got " + thresholds.length);
        }
        directions = directions.clone();
        thresholds = thresholds.clone();
        for (int c = 0; c < directions.length; c++) {
            int d = directions[c];
            if (d != 1 && d != -1) {
                throw new IllegalArgumentException("channel " + c + ": direction " + d + " must be +1 or -1");
            }
            for (int i = 1; i < levels; i++) {
                int prev = thresholds[c * levels + i - 1];
                int cur = thresholds[c * levels + i];
                if (d > 0 ? cur < prev : cur > prev) {
                    throw new IllegalArgumentException("channel " + c + ": thresholds " + prev + ", " + cur + " at level "
                            + i + " are not " + (d > 0 ? "non-decreasing" : "non-increasing"));
                }
            }
        }
    }

    public int channels() {
        return directions.length;
    }

    /** Threshold T[c*L + i] (i zero-based). */
    public int threshold(int c, int i) {
        return thresholds[c * levels + i];
    }

    public int direction(int c) {
        return directions[c];
    }

    /** The output code of channel c for accumulator acc: the count defined above. */
    public int code(int c, int acc) {
        int base = c * levels;
        int q = 0;
        if (directions[c] > 0) {
            for (int i = 0; i < levels; i++) {
                if (acc >= thresholds[base + i]) q++;
            }
        } else {
            for (int i = 0; i < levels; i++) {
                if (acc <= thresholds[base + i]) q++;
            }
        }
        return q;
    }

    @Override
    public int[] directions() {
        return directions.clone();
    }

    @Override
    public int[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FoldedThresholds f && levels == f.levels && Arrays.equals(directions, f.directions)
                && Arrays.equals(thresholds, f.thresholds);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(directions) + Arrays.hashCode(thresholds);
    }

    @Override
    public String toString() {
        return "FoldedThresholds[" + directions.length + " channels, " + levels + " levels]";
    }
}
