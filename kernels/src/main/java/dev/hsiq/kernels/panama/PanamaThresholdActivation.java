/*
 * Vector API threshold activation (contract in ThresholdActivation / Thresholds).
 *
 * Channels sit in the lanes of an IntVector. With the XOR form of Thresholds, each level is
 * one comparison and one masked increment for all lanes:
 *   x = acc ^ flip;  q += (x >= flipped[i]) ? 1 : 0   for i = 0..L-1
 * Packed output: bit i of q for every lane becomes a lane mask (compare), and mask.toLong()
 * yields LANES bits that are OR-ed into the 64-channel plane word at the chunk's offset, so a
 * 512-bit vector fills a quarter of a word per plane with two instructions (test + kmov).
 * The last chunk of a row reads through a mask (channels not a multiple of LANES).
 *
 * Many levels (L >= SEARCH_FROM, e.g. the 255 of an 8-bit hidden activation): the linear count
 * costs L compares per vector, so it is replaced by a branchless binary search per lane over
 * the same flipped thresholds, which are non-decreasing in i for every channel (the XOR
 * reverses a descending channel's order). With P(i) = (x >= flipped[i]), true for i < q and
 * false from q on, q is found as
 *   q = 0;  for step = highestOneBit(L), ..., 2, 1:  if q + step <= L and P(q + step - 1): q += step
 * the textbook lower-bound search: each step keeps q <= the answer and halves the gap, so
 * after log2(L + 1) steps q is exactly #{i : x >= flipped[i]}, the linear count's value.
 * Each step is one gather (lane c reads flipped[(q + step - 1) * channels + c]; the Vector
 * API gathers through an int[] index map, so the indices go through a per-call scratch array),
 * a compare and two masked adds: 8 gathers for 255 levels instead of 255 compares.
 * Lanes past `channels` gather from the last channel (in bounds) and are masked off after.
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.BitPacking;
import dev.hsiq.kernels.ThresholdActivation;
import dev.hsiq.kernels.Thresholds;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

public final class PanamaThresholdActivation implements ThresholdActivation {

    private static final VectorSpecies<Integer> I = PanamaSupport.ints();
    private static final int LANES = I.length();
    /**
     * Bytes for the codes output: the lane count of I (a quarter of its width), but at least
     * 64 bits, the narrowest shape; with 128-bit ints only the first LANES byte lanes are used.
     */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, I.vectorBitSize() / 4)));

    /** From this many levels on, the binary search replaces the linear count. */
    static final int SEARCH_FROM = 32;

    public PanamaThresholdActivation() {
    }

    /** (c + lane) for lane < LANES, capped at channels - 1 so that every gather index is in bounds. */
    private static IntVector laneChannels(int c, int channels) {
        return IntVector.broadcast(I, c).add(IntVector.zero(I).addIndex(1)).min(channels - 1);
    }

    /** #{i : x >= th[i * channels + c + lane]} by one compare per level (lanes outside m read zeros). */
    private static IntVector count(IntVector x, VectorMask<Integer> m, int c, int[] th, int channels, int levels) {
        IntVector q = IntVector.zero(I);
        for (int i = 0; i < levels; i++) {
            q = q.add(1, x.compare(VectorOperators.GE, IntVector.fromArray(I, th, i * channels + c, m)));
        }
        return q;
    }

    /**
     * #{i : x >= th[i * channels + lane channel]} by the binary search of the file comment;
     * ch = laneChannels(c, channels), idx = a scratch of at least LANES ints.
     */
    private static IntVector search(IntVector x, IntVector ch, int[] th, int channels, int levels, int[] idx) {
        IntVector q = IntVector.zero(I);
        IntVector at = ch; // q * channels + lane channel
        int last = (levels - 1) * channels + channels - 1;
        for (int step = Integer.highestOneBit(levels); step > 0; step >>= 1) {
            VectorMask<Integer> valid = q.add(step).compare(VectorOperators.LE, levels);
            at.add((step - 1) * channels).min(last).intoArray(idx, 0);
            IntVector t = IntVector.fromArray(I, th, 0, idx, 0);
            VectorMask<Integer> take = valid.and(x.compare(VectorOperators.GE, t));
            q = q.add(step, take);
            at = at.add(step * channels, take);
        }
        return q;
    }

    @Override
    public void codes(int[] acc, int accOff, int ldAcc, int rows, Thresholds t, byte[] out, int outOff, int ldOut) {
        ThresholdActivation.checkCodes(acc.length, accOff, ldAcc, rows, t, out.length, outOff, ldOut);
        int channels = t.channels();
        int levels = t.levels();
        int[] flip = t.flipShared();
        int[] th = t.flippedShared();
        int[] idx = levels >= SEARCH_FROM ? new int[LANES] : null; // the binary search's gather indices
        for (int r = 0; r < rows; r++) {
            int a = accOff + r * ldAcc;
            int o = outOff + r * ldOut;
            for (int c = 0; c < channels; c += LANES) {
                VectorMask<Integer> m = I.indexInRange(c, channels);
                IntVector x = IntVector.fromArray(I, acc, a + c, m).lanewise(VectorOperators.XOR,
                        IntVector.fromArray(I, flip, c, m));
                IntVector q = idx != null ? search(x, laneChannels(c, channels), th, channels, levels, idx)
                        : count(x, m, c, th, channels, levels);
                ByteVector qb = (ByteVector) q.convertShape(VectorOperators.I2B, B, 0);
                qb.intoArray(out, o + c, B.indexInRange(0, Math.min(LANES, channels - c)));
            }
        }
    }

    @Override
    public void planes(int[] acc, int accOff, int ldAcc, int rows, Thresholds t, int bits,
                       long[] out, int outOff, int outRowStride) {
        ThresholdActivation.checkPlanes(acc.length, accOff, ldAcc, rows, t, bits, out.length, outOff, outRowStride);
        int channels = t.channels();
        int levels = t.levels();
        int[] flip = t.flipShared();
        int[] th = t.flippedShared();
        int words = BitPacking.words(channels);
        int[] idx = levels >= SEARCH_FROM ? new int[LANES] : null; // the binary search's gather indices
        for (int r = 0; r < rows; r++) {
            int a = accOff + r * ldAcc;
            int row = outOff + r * outRowStride;
            java.util.Arrays.fill(out, row, row + words * bits, 0L);
            for (int c = 0; c < channels; c += LANES) {
                VectorMask<Integer> m = I.indexInRange(c, channels);
                IntVector x = IntVector.fromArray(I, acc, a + c, m).lanewise(VectorOperators.XOR,
                        IntVector.fromArray(I, flip, c, m));
                IntVector q = idx != null ? search(x, laneChannels(c, channels), th, channels, levels, idx)
                        : count(x, m, c, th, channels, levels);
                // lanes past `channels` compared garbage-free zeros; the mask keeps their bits out
                orPlanes(q, m, bits, out, row + (c >>> 6) * bits, c & 63);
            }
        }
    }

    /**
     * out[word + b] |= (lane mask of bit b of q, within m) << shift, b < bits. Written out per
     * plane with constant bits (a switch falling through from the top plane), as in
     * PanamaCodePacker.storePlanes: a loop with a variable bit measured 2.2x slower there.
     */
    private static void orPlanes(IntVector q, VectorMask<Integer> m, int bits, long[] out, int word, int shift) {
        switch (bits) {
            case 8: out[word + 7] |= q.and(128).compare(VectorOperators.NE, 0).and(m).toLong() << shift;
            // fall through
            case 7: out[word + 6] |= q.and(64).compare(VectorOperators.NE, 0).and(m).toLong() << shift;
            // fall through
            case 6: out[word + 5] |= q.and(32).compare(VectorOperators.NE, 0).and(m).toLong() << shift;
            // fall through
            case 5: out[word + 4] |= q.and(16).compare(VectorOperators.NE, 0).and(m).toLong() << shift;
            // fall through
            case 4: out[word + 3] |= q.and(8).compare(VectorOperators.NE, 0).and(m).toLong() << shift;
            // fall through
            case 3: out[word + 2] |= q.and(4).compare(VectorOperators.NE, 0).and(m).toLong() << shift;
            // fall through
            case 2: out[word + 1] |= q.and(2).compare(VectorOperators.NE, 0).and(m).toLong() << shift;
            // fall through
            default: out[word] |= q.and(1).compare(VectorOperators.NE, 0).and(m).toLong() << shift;
        }
    }
}
