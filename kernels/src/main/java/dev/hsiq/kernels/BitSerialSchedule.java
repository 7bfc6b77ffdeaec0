/*
 * The order in which a bit-serial kernel visits (activation plane, weight plane) pairs, so that
 * a single set of accumulators serves every pair (Horner's rule over powers of two).
 *
 * With activation planes a_i (weight 2^i) and weight planes w_j of factor f_j * 2^(l_j), the
 * dot product is  sum q*w = sum_{i,j} f_j 2^(i + l_j) P_ij,  P_ij = popcount(a_i AND w_j)
 * summed over words (DESIGN section 1), plus a row term for binary weights:
 *   BINARY     w = 2 b - 1:        l_0 = 0, f = +1;  sum q*w = 2 H - S, S = sum_i 2^i popcount(a_i)
 *   TERNARY    w = b+ - b-:        l = 0 for both planes, f = +1 / -1
 *   SIGNED(m)  two's complement:   l_j = j, f_j = +1 except f_{m-1} = -1
 * Grouping pairs by level s = i + l_j and visiting levels from the highest down,
 *   acc <- (acc << (s_prev - s)) + sum_{pairs at level s} f P
 * ends with acc = sum_s 2^s (...) = the dot product (or H for binary). A pair with f = -1 is
 * accumulated as acc <- -((-acc) + P), so the word loop of every pair is the same
 * AND / popcount / add; the shifts and negations happen once per pair, outside that loop.
 */
package dev.hsiq.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

public final class BitSerialSchedule {

    private static final BitSerialSchedule[][] CACHE = build();

    private final int[] actPlane;
    private final int[] weightPlane;
    private final int[] shiftBefore;
    private final boolean[] negative;
    private final boolean binary;

    private BitSerialSchedule(int[] actPlane, int[] weightPlane, int[] shiftBefore, boolean[] negative,
                              boolean binary) {
        this.actPlane = actPlane;
        this.weightPlane = weightPlane;
        this.shiftBefore = shiftBefore;
        this.negative = negative;
        this.binary = binary;
    }

    /** The schedule for activation codes of aBits bits and weights of the given coding. */
    public static BitSerialSchedule of(int aBits, BitWeights.Coding coding, int wBits) {
        BitPacking.checkBits(aBits);
        return switch (coding) {
            case BINARY -> CACHE[aBits][0];
            case TERNARY -> CACHE[aBits][1];
            case SIGNED -> {
                if (wBits < 2 || wBits > 8) {
                    throw new IllegalArgumentException("signed weights have 2..8 bits, not " + wBits);
                }
                yield CACHE[aBits][wBits];
            }
        };
    }

    private static BitSerialSchedule[][] build() {
        BitSerialSchedule[][] c = new BitSerialSchedule[9][9];
        for (int a = 1; a <= 8; a++) {
            c[a][0] = make(a, BitWeights.Coding.BINARY, 1);
            c[a][1] = make(a, BitWeights.Coding.TERNARY, 2);
            for (int m = 2; m <= 8; m++) {
                c[a][m] = make(a, BitWeights.Coding.SIGNED, m);
            }
        }
        return c;
    }

    private record Pair(int i, int j, int level, boolean negative) {
    }

    private static BitSerialSchedule make(int aBits, BitWeights.Coding coding, int wBits) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < aBits; i++) {
            switch (coding) {
                case BINARY -> pairs.add(new Pair(i, 0, i, false));
                case TERNARY -> {
                    pairs.add(new Pair(i, 0, i, false));
                    pairs.add(new Pair(i, 1, i, true));
                }
                case SIGNED -> {
                    for (int j = 0; j < wBits; j++) {
                        pairs.add(new Pair(i, j, i + j, j == wBits - 1));
                    }
                }
            }
        }
        // highest level first; within a level positives first (fewer negations between pairs)
        pairs.sort(Comparator.comparingInt((Pair p) -> -p.level()).thenComparing(Pair::negative));
        int n = pairs.size();
        int[] ai = new int[n];
        int[] wj = new int[n];
        int[] sh = new int[n];
        boolean[] neg = new boolean[n];
        int prev = pairs.get(0).level();
        for (int p = 0; p < n; p++) {
            Pair x = pairs.get(p);
            ai[p] = x.i();
            wj[p] = x.j();
            sh[p] = prev - x.level();
            neg[p] = x.negative();
            prev = x.level();
        }
        if (prev != 0) {
            throw new AssertionError("schedule must end at level 0");
        }
        return new BitSerialSchedule(ai, wj, sh, neg, coding == BitWeights.Coding.BINARY);
    }

    /** Number of plane pairs. */
    public int pairs() {
        return actPlane.length;
    }

    /** Activation plane of pair p. */
    public int actPlane(int p) {
        return actPlane[p];
    }

    /** Weight plane of pair p. */
    public int weightPlane(int p) {
        return weightPlane[p];
    }

    /** Left shift applied to the accumulators before pair p. */
    public int shiftBefore(int p) {
        return shiftBefore[p];
    }

    /** Whether pair p is subtracted. */
    public boolean negative(int p) {
        return negative[p];
    }

    /** Whether the result is 2 acc - S (binary weights). */
    public boolean binary() {
        return binary;
    }
}
