/*
 * Vector API bit-serial GEMM (contract in BitSerialGemm, identities in BitSerialSchedule).
 *
 * Register blocking (DESIGN section 6): a tile is up to 4 rows x 2 vectors of 8 (512-bit) or 4
 * (256-bit) output channels. Per reduction word it loads 2 weight vectors ([word][plane][channel]
 * layout: 8 channels' words side by side) and broadcasts 4 activation words, then does 8
 * independent AND + BIT_COUNT + ADD steps: each weight load feeds 4 rows, each activation word
 * feeds 2 vectors of channels, and 8 accumulators hide the popcount latency. The plane pairs
 * of the schedule reuse the same accumulators (shift / negate between pairs, outside the word
 * loop), so there is no horizontal reduction and no per-plane combining in the loop.
 * (A 4 x 4 tile, 16 accumulators, measured no faster and its 2 KB of bytecode defeated C1,
 * so it ran interpreted until C2 finished: seconds of warm-up on a loaded machine.)
 * Accumulators are 64-bit lanes; the result is narrowed to int once per tile (the entry check
 * guarantees it fits).
 *
 * gemmSegments reads rows in place through RowSegments (implicit im2col): the same tiles, with
 * four row bases instead of one base and a stride, and the word loop run segment by segment
 * (the weights' word pointer continues across segments, since the weights are packed in the
 * concatenated order); per segment it costs four additions, against about 30 vector
 * operations per word.
 *
 * Pitfalls avoided: each tile is one flat method (vectors passed to non-inlined helpers would
 * be boxed, so even the epilogue is written out in each tile); no reduceLanes; tails use smaller
 * tiles (rows) and masked stores only in the epilogue (channels). The tiles (4x2, 4x1, 1x4,
 * 1x1) are written out from one template so that they stay identical in structure.
 * The shift and the negation between pairs run unconditionally (shift by 0; -x = (x ^ f) - f
 * with f = 0 or -1): a vector call on a branch that one schedule rarely takes (the negative
 * top plane of 8-bit last-layer weights, while the hidden layers are binary) has no type
 * profile when C2 compiles the tile, stays a virtual call, and boxes the accumulators of the
 * whole tile: the compiled engine measured 10x slower until this was made branch-free.
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.BitSerialGemm;
import dev.hsiq.kernels.BitSerialSchedule;
import dev.hsiq.kernels.BitWeights;
import dev.hsiq.kernels.RowSegments;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

public final class PanamaBitSerialGemm implements BitSerialGemm {

    private static final VectorSpecies<Long> L = PanamaSupport.longs();
    private static final int LANES = L.length();
    /** Ints with the lane count of L: the narrowed results of one accumulator. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class,
            VectorShape.forBitSize(L.vectorBitSize() / 2));

    public PanamaBitSerialGemm() {
    }

    @Override
    public void gemm(long[] a, int aOff, int aRowStride, int aBits, BitWeights w, int rowStart, int rowEnd,
                     int[] c, int cOff, int ldc) {
        BitSerialGemm.check(a, aOff, aRowStride, aBits, w, rowStart, rowEnd, c, cOff, ldc);
        BitSerialSchedule s = BitSerialSchedule.of(aBits, w.coding(), w.bits());
        int kWords = w.kWords();
        int padded = w.paddedChannels();
        int wordStride = w.wordStride();
        int n = w.channels();
        long[] wt = w.data();
        int vecs = padded / LANES;
        boolean binary = s.binary();
        // Blocks of 4 rows and 2 vectors. When the range does not divide, the last block is moved
        // back to end at the range's end, overlapping the previous one: those rows / channels are
        // computed again, with the same values. This keeps the small tail tiles, which would be
        // called once per GEMM and so stay interpreted for a long time, out of the common shapes.
        int r = rowStart;
        if (rowEnd - rowStart >= 4) {
            for (int next = rowStart; next < rowEnd; next += 4) {
                r = Math.min(next, rowEnd - 4);
                int aRow = aOff + r * aRowStride;
                long s0 = binary ? rowSum(a, aRow, aBits, kWords) : 0;
                long s1 = binary ? rowSum(a, aRow + aRowStride, aBits, kWords) : 0;
                long s2 = binary ? rowSum(a, aRow + 2 * aRowStride, aBits, kWords) : 0;
                long s3 = binary ? rowSum(a, aRow + 3 * aRowStride, aBits, kWords) : 0;
                int cRow = cOff + r * ldc;
                if (vecs >= 2) {
                    for (int nv = 0; nv < vecs; nv += 2) {
                        int v = Math.min(nv, vecs - 2);
                        tile4x2(a, aRow, aRowStride, aBits, wt, v * LANES, padded, kWords, wordStride, s, s0, s1, s2,
                                s3, c, cRow + v * LANES, ldc, n - v * LANES);
                    }
                } else {
                    tile4x1(a, aRow, aRowStride, aBits, wt, 0, padded, kWords, wordStride, s, s0, s1, s2, s3,
                            c, cRow, ldc, n);
                }
            }
            r = rowEnd;
        }
        for (; r < rowEnd; r++) {
            int aRow = aOff + r * aRowStride;
            long s0 = binary ? rowSum(a, aRow, aBits, kWords) : 0;
            int cRow = cOff + r * ldc;
            if (vecs >= 4) {
                for (int nv = 0; nv < vecs; nv += 4) {
                    int v = Math.min(nv, vecs - 4);
                    tile1x4(a, aRow, aRowStride, aBits, wt, v * LANES, padded, kWords, wordStride, s, s0,
                            c, cRow + v * LANES, ldc, n - v * LANES);
                }
            } else {
                for (int v = 0; v < vecs; v++) {
                    tile1x1(a, aRow, aRowStride, aBits, wt, v * LANES, padded, kWords, wordStride, s, s0,
                            c, cRow + v * LANES, ldc, n - v * LANES);
                }
            }
        }
    }

    @Override
    public void gemmSegments(long[] a, int[] rowBases, int aBits, RowSegments segments, BitWeights w,
                             int rowStart, int rowEnd, int[] c, int cOff, int ldc) {
        BitSerialGemm.checkSegments(a, rowBases, aBits, segments, w, rowStart, rowEnd, c, cOff, ldc);
        BitSerialSchedule s = BitSerialSchedule.of(aBits, w.coding(), w.bits());
        int[] segOff = segments.offsetsShared();
        int[] segWords = segments.wordsShared();
        int padded = w.paddedChannels();
        int wordStride = w.wordStride();
        int n = w.channels();
        long[] wt = w.data();
        int vecs = padded / LANES;
        boolean binary = s.binary();
        // the same blocking as gemm (4 rows x 2 vectors, the last block moved back to overlap)
        int r = rowStart;
        if (rowEnd - rowStart >= 4) {
            for (int next = rowStart; next < rowEnd; next += 4) {
                r = Math.min(next, rowEnd - 4);
                int b0 = rowBases[r];
                int b1 = rowBases[r + 1];
                int b2 = rowBases[r + 2];
                int b3 = rowBases[r + 3];
                long s0 = binary ? rowSum(a, b0, aBits, segOff, segWords) : 0;
                long s1 = binary ? rowSum(a, b1, aBits, segOff, segWords) : 0;
                long s2 = binary ? rowSum(a, b2, aBits, segOff, segWords) : 0;
                long s3 = binary ? rowSum(a, b3, aBits, segOff, segWords) : 0;
                int cRow = cOff + r * ldc;
                if (vecs >= 2) {
                    for (int nv = 0; nv < vecs; nv += 2) {
                        int v = Math.min(nv, vecs - 2);
                        tile4x2Seg(a, b0, b1, b2, b3, aBits, segOff, segWords, wt, v * LANES, padded, wordStride, s,
                                s0, s1, s2, s3, c, cRow + v * LANES, ldc, n - v * LANES);
                    }
                } else {
                    tile4x1Seg(a, b0, b1, b2, b3, aBits, segOff, segWords, wt, 0, padded, wordStride, s, s0, s1, s2, s3,
                            c, cRow, ldc, n);
                }
            }
            r = rowEnd;
        }
        for (; r < rowEnd; r++) {
            int b0 = rowBases[r];
            long s0 = binary ? rowSum(a, b0, aBits, segOff, segWords) : 0;
            int cRow = cOff + r * ldc;
            for (int v = 0; v < vecs; v++) {
                tile1x1Seg(a, b0, aBits, segOff, segWords, wt, v * LANES, padded, wordStride, s, s0, c, cRow + v * LANES,
                        ldc, n - v * LANES);
            }
        }
    }

    /**
     * S of a segmented row: the row sums of its contiguous segments, accumulated in one vector
     * across all segments (a segment is whole words, so lane l of any vector starting a multiple
     * of LANES longs into it holds plane l % aBits) and reduced once.
     */
    private static long rowSum(long[] a, int base, int aBits, int[] segOff, int[] segWords) {
        long[] shifts = PLANE_SHIFTS[aBits];
        long sum = 0;
        if (shifts == null) {
            for (int g = 0; g < segOff.length; g++) {
                sum += rowSum(a, base + segOff[g], aBits, segWords[g]);
            }
            return sum;
        }
        LongVector acc = LongVector.zero(L);
        for (int g = 0; g < segOff.length; g++) {
            int row = base + segOff[g];
            int n = segWords[g] * aBits;
            int j = 0;
            for (; j + LANES <= n; j += LANES) {
                acc = acc.add(LongVector.fromArray(L, a, row + j).lanewise(VectorOperators.BIT_COUNT));
            }
            for (; j < n; j++) {
                sum += (long) Long.bitCount(a[row + j]) << (j % aBits);
            }
        }
        return sum + acc.lanewise(VectorOperators.LSHL, LongVector.fromArray(L, shifts, 0))
                .reduceLanes(VectorOperators.ADD);
    }

    /** 4 row(s) x 2 vector(s) of channels, rows read through segments; one flat method (see tile4x2). */
    private static void tile4x2Seg(long[] a, int b0, int b1, int b2, int b3, int aBits, int[] segOff, int[] segWords, long[] wt, int wCol,
                                   int padded, int wordStride, BitSerialSchedule s, long s0, long s1, long s2, long s3, int[] c, int cRow,
                                   int ldc, int validChannels) {
        LongVector acc00 = LongVector.zero(L);
        LongVector acc01 = LongVector.zero(L);
        LongVector acc10 = LongVector.zero(L);
        LongVector acc11 = LongVector.zero(L);
        LongVector acc20 = LongVector.zero(L);
        LongVector acc21 = LongVector.zero(L);
        LongVector acc30 = LongVector.zero(L);
        LongVector acc31 = LongVector.zero(L);
        int segs = segOff.length;
        for (int p = 0; p < s.pairs(); p++) {
            int shift = s.shiftBefore(p);
            acc00 = acc00.lanewise(VectorOperators.LSHL, shift);
            acc01 = acc01.lanewise(VectorOperators.LSHL, shift);
            acc10 = acc10.lanewise(VectorOperators.LSHL, shift);
            acc11 = acc11.lanewise(VectorOperators.LSHL, shift);
            acc20 = acc20.lanewise(VectorOperators.LSHL, shift);
            acc21 = acc21.lanewise(VectorOperators.LSHL, shift);
            acc30 = acc30.lanewise(VectorOperators.LSHL, shift);
            acc31 = acc31.lanewise(VectorOperators.LSHL, shift);
            LongVector flip = LongVector.broadcast(L, s.negative(p) ? -1L : 0L);
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc01 = acc01.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc10 = acc10.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc11 = acc11.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc20 = acc20.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc21 = acc21.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc30 = acc30.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc31 = acc31.lanewise(VectorOperators.XOR, flip).sub(flip);
            int plane = s.actPlane(p);
            int wp = wCol + s.weightPlane(p) * padded;
            for (int g = 0; g < segs; g++) {
                int off = segOff[g] + plane;
                int a0 = b0 + off;
                int a1 = b1 + off;
                int a2 = b2 + off;
                int a3 = b3 + off;
                for (int k = segWords[g]; k > 0; k--, wp += wordStride) {
                    LongVector w0 = LongVector.fromArray(L, wt, wp + 0 * LANES);
                    LongVector w1 = LongVector.fromArray(L, wt, wp + 1 * LANES);
                    LongVector x0 = LongVector.broadcast(L, a[a0]);
                    LongVector x1 = LongVector.broadcast(L, a[a1]);
                    LongVector x2 = LongVector.broadcast(L, a[a2]);
                    LongVector x3 = LongVector.broadcast(L, a[a3]);
                    acc00 = acc00.add(w0.and(x0).lanewise(VectorOperators.BIT_COUNT));
                    acc01 = acc01.add(w1.and(x0).lanewise(VectorOperators.BIT_COUNT));
                    acc10 = acc10.add(w0.and(x1).lanewise(VectorOperators.BIT_COUNT));
                    acc11 = acc11.add(w1.and(x1).lanewise(VectorOperators.BIT_COUNT));
                    acc20 = acc20.add(w0.and(x2).lanewise(VectorOperators.BIT_COUNT));
                    acc21 = acc21.add(w1.and(x2).lanewise(VectorOperators.BIT_COUNT));
                    acc30 = acc30.add(w0.and(x3).lanewise(VectorOperators.BIT_COUNT));
                    acc31 = acc31.add(w1.and(x3).lanewise(VectorOperators.BIT_COUNT));
                    a0 += aBits; a1 += aBits; a2 += aBits; a3 += aBits;
                }
            }
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc01 = acc01.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc10 = acc10.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc11 = acc11.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc20 = acc20.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc21 = acc21.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc30 = acc30.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc31 = acc31.lanewise(VectorOperators.XOR, flip).sub(flip);
        }
        int sh = s.binary() ? 1 : 0;
        VectorMask<Integer> m0 = I.indexInRange(0 * LANES, validChannels);
        VectorMask<Integer> m1 = I.indexInRange(1 * LANES, validChannels);
        ((IntVector) acc00.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 0 * LANES, m0);
        ((IntVector) acc01.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 1 * LANES, m1);
        ((IntVector) acc10.lanewise(VectorOperators.LSHL, sh).sub(s1).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 1 * ldc + 0 * LANES, m0);
        ((IntVector) acc11.lanewise(VectorOperators.LSHL, sh).sub(s1).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 1 * ldc + 1 * LANES, m1);
        ((IntVector) acc20.lanewise(VectorOperators.LSHL, sh).sub(s2).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 2 * ldc + 0 * LANES, m0);
        ((IntVector) acc21.lanewise(VectorOperators.LSHL, sh).sub(s2).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 2 * ldc + 1 * LANES, m1);
        ((IntVector) acc30.lanewise(VectorOperators.LSHL, sh).sub(s3).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 3 * ldc + 0 * LANES, m0);
        ((IntVector) acc31.lanewise(VectorOperators.LSHL, sh).sub(s3).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 3 * ldc + 1 * LANES, m1);
    }

    /** 4 row(s) x 1 vector(s) of channels, rows read through segments; one flat method (see tile4x2). */
    private static void tile4x1Seg(long[] a, int b0, int b1, int b2, int b3, int aBits, int[] segOff, int[] segWords, long[] wt, int wCol,
                                   int padded, int wordStride, BitSerialSchedule s, long s0, long s1, long s2, long s3, int[] c, int cRow,
                                   int ldc, int validChannels) {
        LongVector acc00 = LongVector.zero(L);
        LongVector acc10 = LongVector.zero(L);
        LongVector acc20 = LongVector.zero(L);
        LongVector acc30 = LongVector.zero(L);
        int segs = segOff.length;
        for (int p = 0; p < s.pairs(); p++) {
            int shift = s.shiftBefore(p);
            acc00 = acc00.lanewise(VectorOperators.LSHL, shift);
            acc10 = acc10.lanewise(VectorOperators.LSHL, shift);
            acc20 = acc20.lanewise(VectorOperators.LSHL, shift);
            acc30 = acc30.lanewise(VectorOperators.LSHL, shift);
            LongVector flip = LongVector.broadcast(L, s.negative(p) ? -1L : 0L);
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc10 = acc10.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc20 = acc20.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc30 = acc30.lanewise(VectorOperators.XOR, flip).sub(flip);
            int plane = s.actPlane(p);
            int wp = wCol + s.weightPlane(p) * padded;
            for (int g = 0; g < segs; g++) {
                int off = segOff[g] + plane;
                int a0 = b0 + off;
                int a1 = b1 + off;
                int a2 = b2 + off;
                int a3 = b3 + off;
                for (int k = segWords[g]; k > 0; k--, wp += wordStride) {
                    LongVector w0 = LongVector.fromArray(L, wt, wp + 0 * LANES);
                    LongVector x0 = LongVector.broadcast(L, a[a0]);
                    LongVector x1 = LongVector.broadcast(L, a[a1]);
                    LongVector x2 = LongVector.broadcast(L, a[a2]);
                    LongVector x3 = LongVector.broadcast(L, a[a3]);
                    acc00 = acc00.add(w0.and(x0).lanewise(VectorOperators.BIT_COUNT));
                    acc10 = acc10.add(w0.and(x1).lanewise(VectorOperators.BIT_COUNT));
                    acc20 = acc20.add(w0.and(x2).lanewise(VectorOperators.BIT_COUNT));
                    acc30 = acc30.add(w0.and(x3).lanewise(VectorOperators.BIT_COUNT));
                    a0 += aBits; a1 += aBits; a2 += aBits; a3 += aBits;
                }
            }
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc10 = acc10.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc20 = acc20.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc30 = acc30.lanewise(VectorOperators.XOR, flip).sub(flip);
        }
        int sh = s.binary() ? 1 : 0;
        VectorMask<Integer> m0 = I.indexInRange(0 * LANES, validChannels);
        ((IntVector) acc00.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 0 * LANES, m0);
        ((IntVector) acc10.lanewise(VectorOperators.LSHL, sh).sub(s1).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 1 * ldc + 0 * LANES, m0);
        ((IntVector) acc20.lanewise(VectorOperators.LSHL, sh).sub(s2).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 2 * ldc + 0 * LANES, m0);
        ((IntVector) acc30.lanewise(VectorOperators.LSHL, sh).sub(s3).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 3 * ldc + 0 * LANES, m0);
    }

    /** 1 row(s) x 1 vector(s) of channels, rows read through segments; one flat method (see tile4x2). */
    private static void tile1x1Seg(long[] a, int b0, int aBits, int[] segOff, int[] segWords, long[] wt, int wCol,
                                   int padded, int wordStride, BitSerialSchedule s, long s0, int[] c, int cRow,
                                   int ldc, int validChannels) {
        LongVector acc00 = LongVector.zero(L);
        int segs = segOff.length;
        for (int p = 0; p < s.pairs(); p++) {
            int shift = s.shiftBefore(p);
            acc00 = acc00.lanewise(VectorOperators.LSHL, shift);
            LongVector flip = LongVector.broadcast(L, s.negative(p) ? -1L : 0L);
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            int plane = s.actPlane(p);
            int wp = wCol + s.weightPlane(p) * padded;
            for (int g = 0; g < segs; g++) {
                int off = segOff[g] + plane;
                int a0 = b0 + off;
                for (int k = segWords[g]; k > 0; k--, wp += wordStride) {
                    LongVector w0 = LongVector.fromArray(L, wt, wp + 0 * LANES);
                    LongVector x0 = LongVector.broadcast(L, a[a0]);
                    acc00 = acc00.add(w0.and(x0).lanewise(VectorOperators.BIT_COUNT));
                    a0 += aBits;
                }
            }
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
        }
        int sh = s.binary() ? 1 : 0;
        VectorMask<Integer> m0 = I.indexInRange(0 * LANES, validChannels);
        ((IntVector) acc00.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 0 * LANES, m0);
    }

    /** PLANE_SHIFTS[bits]: lane l holds l % bits (the plane of long l of a row), for bits dividing LANES. */
    private static final long[][] PLANE_SHIFTS = planeShifts();

    private static long[][] planeShifts() {
        long[][] s = new long[9][];
        for (int bits = 1; bits <= 8; bits++) {
            if (LANES % bits == 0) {
                s[bits] = new long[LANES];
                for (int l = 0; l < LANES; l++) {
                    s[bits][l] = l % bits;
                }
            }
        }
        return s;
    }

    /**
     * S = sum_k q[k] = sum_i 2^i popcount(a_i), once per row (shared by all channels). A row is
     * kWords x aBits consecutive longs, long j of plane j % aBits; when aBits divides the lane
     * count a vector of LANES longs holds whole words, so S = (sum over vectors of popcount(v))
     * << (lane % aBits), shifted and reduced once per row (8 longs per step instead of one).
     */
    private static long rowSum(long[] a, int row, int aBits, int kWords) {
        int n = kWords * aBits;
        long sum = 0;
        int j = 0;
        long[] shifts = PLANE_SHIFTS[aBits];
        if (shifts != null && n >= LANES) {
            LongVector acc = LongVector.zero(L);
            for (; j + LANES <= n; j += LANES) {
                acc = acc.add(LongVector.fromArray(L, a, row + j).lanewise(VectorOperators.BIT_COUNT));
            }
            sum = acc.lanewise(VectorOperators.LSHL, LongVector.fromArray(L, shifts, 0)).reduceLanes(VectorOperators.ADD);
        }
        for (; j < n; j++) {
            sum += (long) Long.bitCount(a[row + j]) << (j % aBits);
        }
        return sum;
    }

    /** 4 row(s) x 2 vector(s) of channels; one flat method so that no vector escapes (see type comment). */
    private static void tile4x2(long[] a, int aRow, int aStride, int aBits, long[] wt, int wCol, int padded,
                                int kWords, int wordStride, BitSerialSchedule s,
                                long s0, long s1, long s2, long s3, int[] c, int cRow, int ldc, int validChannels) {
        LongVector acc00 = LongVector.zero(L);
        LongVector acc01 = LongVector.zero(L);
        LongVector acc10 = LongVector.zero(L);
        LongVector acc11 = LongVector.zero(L);
        LongVector acc20 = LongVector.zero(L);
        LongVector acc21 = LongVector.zero(L);
        LongVector acc30 = LongVector.zero(L);
        LongVector acc31 = LongVector.zero(L);
        for (int p = 0; p < s.pairs(); p++) {
            int shift = s.shiftBefore(p);
            acc00 = acc00.lanewise(VectorOperators.LSHL, shift);
            acc01 = acc01.lanewise(VectorOperators.LSHL, shift);
            acc10 = acc10.lanewise(VectorOperators.LSHL, shift);
            acc11 = acc11.lanewise(VectorOperators.LSHL, shift);
            acc20 = acc20.lanewise(VectorOperators.LSHL, shift);
            acc21 = acc21.lanewise(VectorOperators.LSHL, shift);
            acc30 = acc30.lanewise(VectorOperators.LSHL, shift);
            acc31 = acc31.lanewise(VectorOperators.LSHL, shift);
            // -x = (x ^ f) - f with f = -1, f = 0 leaves x: negative pairs without a branch, so that no
            // vector call sits on a path C2 may have no type profile for (it would box the accumulators)
            LongVector flip = LongVector.broadcast(L, s.negative(p) ? -1L : 0L);
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc01 = acc01.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc10 = acc10.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc11 = acc11.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc20 = acc20.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc21 = acc21.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc30 = acc30.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc31 = acc31.lanewise(VectorOperators.XOR, flip).sub(flip);
            int ap = aRow + s.actPlane(p);
            int wp = wCol + s.weightPlane(p) * padded;
            for (int k = 0; k < kWords; k++, ap += aBits, wp += wordStride) {
                // 8 channels' weight words per vector, reused by every row of the tile
                LongVector w0 = LongVector.fromArray(L, wt, wp);
                LongVector w1 = LongVector.fromArray(L, wt, wp + 1 * LANES);
                // one activation word per row, broadcast to all lanes and reused by every vector
                LongVector x0 = LongVector.broadcast(L, a[ap]);
                LongVector x1 = LongVector.broadcast(L, a[ap + aStride]);
                LongVector x2 = LongVector.broadcast(L, a[ap + 2 * aStride]);
                LongVector x3 = LongVector.broadcast(L, a[ap + 3 * aStride]);
                // AND + popcount + add: one independent accumulator per (row, vector)
                acc00 = acc00.add(w0.and(x0).lanewise(VectorOperators.BIT_COUNT));
                acc01 = acc01.add(w1.and(x0).lanewise(VectorOperators.BIT_COUNT));
                acc10 = acc10.add(w0.and(x1).lanewise(VectorOperators.BIT_COUNT));
                acc11 = acc11.add(w1.and(x1).lanewise(VectorOperators.BIT_COUNT));
                acc20 = acc20.add(w0.and(x2).lanewise(VectorOperators.BIT_COUNT));
                acc21 = acc21.add(w1.and(x2).lanewise(VectorOperators.BIT_COUNT));
                acc30 = acc30.add(w0.and(x3).lanewise(VectorOperators.BIT_COUNT));
                acc31 = acc31.add(w1.and(x3).lanewise(VectorOperators.BIT_COUNT));
            }
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc01 = acc01.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc10 = acc10.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc11 = acc11.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc20 = acc20.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc21 = acc21.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc30 = acc30.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc31 = acc31.lanewise(VectorOperators.XOR, flip).sub(flip);
        }
        // epilogue: 2 acc - S for binary weights (shift 1, S = row sum), else acc; narrowed to int and
        // stored through a lane mask that also cuts the padded channels of the last vector
        int sh = s.binary() ? 1 : 0;
        VectorMask<Integer> m0 = I.indexInRange(0 * LANES, validChannels);
        VectorMask<Integer> m1 = I.indexInRange(1 * LANES, validChannels);
        ((IntVector) acc00.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 0 * LANES, m0);
        ((IntVector) acc01.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 1 * LANES, m1);
        ((IntVector) acc10.lanewise(VectorOperators.LSHL, sh).sub(s1).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + ldc + 0 * LANES, m0);
        ((IntVector) acc11.lanewise(VectorOperators.LSHL, sh).sub(s1).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + ldc + 1 * LANES, m1);
        ((IntVector) acc20.lanewise(VectorOperators.LSHL, sh).sub(s2).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 2 * ldc + 0 * LANES, m0);
        ((IntVector) acc21.lanewise(VectorOperators.LSHL, sh).sub(s2).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 2 * ldc + 1 * LANES, m1);
        ((IntVector) acc30.lanewise(VectorOperators.LSHL, sh).sub(s3).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 3 * ldc + 0 * LANES, m0);
        ((IntVector) acc31.lanewise(VectorOperators.LSHL, sh).sub(s3).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 3 * ldc + 1 * LANES, m1);
    }

    /** 4 row(s) x 1 vector(s) of channels; one flat method so that no vector escapes (see type comment). */
    private static void tile4x1(long[] a, int aRow, int aStride, int aBits, long[] wt, int wCol, int padded,
                                int kWords, int wordStride, BitSerialSchedule s,
                                long s0, long s1, long s2, long s3, int[] c, int cRow, int ldc, int validChannels) {
        LongVector acc00 = LongVector.zero(L);
        LongVector acc10 = LongVector.zero(L);
        LongVector acc20 = LongVector.zero(L);
        LongVector acc30 = LongVector.zero(L);
        for (int p = 0; p < s.pairs(); p++) {
            int shift = s.shiftBefore(p);
            acc00 = acc00.lanewise(VectorOperators.LSHL, shift);
            acc10 = acc10.lanewise(VectorOperators.LSHL, shift);
            acc20 = acc20.lanewise(VectorOperators.LSHL, shift);
            acc30 = acc30.lanewise(VectorOperators.LSHL, shift);
            // -x = (x ^ f) - f with f = -1, f = 0 leaves x: negative pairs without a branch, so that no
            // vector call sits on a path C2 may have no type profile for (it would box the accumulators)
            LongVector flip = LongVector.broadcast(L, s.negative(p) ? -1L : 0L);
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc10 = acc10.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc20 = acc20.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc30 = acc30.lanewise(VectorOperators.XOR, flip).sub(flip);
            int ap = aRow + s.actPlane(p);
            int wp = wCol + s.weightPlane(p) * padded;
            for (int k = 0; k < kWords; k++, ap += aBits, wp += wordStride) {
                // 8 channels' weight words per vector, reused by every row of the tile
                LongVector w0 = LongVector.fromArray(L, wt, wp);
                // one activation word per row, broadcast to all lanes and reused by every vector
                LongVector x0 = LongVector.broadcast(L, a[ap]);
                LongVector x1 = LongVector.broadcast(L, a[ap + aStride]);
                LongVector x2 = LongVector.broadcast(L, a[ap + 2 * aStride]);
                LongVector x3 = LongVector.broadcast(L, a[ap + 3 * aStride]);
                // AND + popcount + add: one independent accumulator per (row, vector)
                acc00 = acc00.add(w0.and(x0).lanewise(VectorOperators.BIT_COUNT));
                acc10 = acc10.add(w0.and(x1).lanewise(VectorOperators.BIT_COUNT));
                acc20 = acc20.add(w0.and(x2).lanewise(VectorOperators.BIT_COUNT));
                acc30 = acc30.add(w0.and(x3).lanewise(VectorOperators.BIT_COUNT));
            }
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc10 = acc10.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc20 = acc20.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc30 = acc30.lanewise(VectorOperators.XOR, flip).sub(flip);
        }
        // epilogue: 2 acc - S for binary weights (shift 1, S = row sum), else acc; narrowed to int and
        // stored through a lane mask that also cuts the padded channels of the last vector
        int sh = s.binary() ? 1 : 0;
        VectorMask<Integer> m0 = I.indexInRange(0 * LANES, validChannels);
        ((IntVector) acc00.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 0 * LANES, m0);
        ((IntVector) acc10.lanewise(VectorOperators.LSHL, sh).sub(s1).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + ldc + 0 * LANES, m0);
        ((IntVector) acc20.lanewise(VectorOperators.LSHL, sh).sub(s2).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 2 * ldc + 0 * LANES, m0);
        ((IntVector) acc30.lanewise(VectorOperators.LSHL, sh).sub(s3).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 3 * ldc + 0 * LANES, m0);
    }

    /** 1 row(s) x 4 vector(s) of channels; one flat method so that no vector escapes (see type comment). */
    private static void tile1x4(long[] a, int aRow, int aStride, int aBits, long[] wt, int wCol, int padded,
                                int kWords, int wordStride, BitSerialSchedule s,
                                long s0, int[] c, int cRow, int ldc, int validChannels) {
        LongVector acc00 = LongVector.zero(L);
        LongVector acc01 = LongVector.zero(L);
        LongVector acc02 = LongVector.zero(L);
        LongVector acc03 = LongVector.zero(L);
        for (int p = 0; p < s.pairs(); p++) {
            int shift = s.shiftBefore(p);
            acc00 = acc00.lanewise(VectorOperators.LSHL, shift);
            acc01 = acc01.lanewise(VectorOperators.LSHL, shift);
            acc02 = acc02.lanewise(VectorOperators.LSHL, shift);
            acc03 = acc03.lanewise(VectorOperators.LSHL, shift);
            // -x = (x ^ f) - f with f = -1, f = 0 leaves x: negative pairs without a branch, so that no
            // vector call sits on a path C2 may have no type profile for (it would box the accumulators)
            LongVector flip = LongVector.broadcast(L, s.negative(p) ? -1L : 0L);
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc01 = acc01.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc02 = acc02.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc03 = acc03.lanewise(VectorOperators.XOR, flip).sub(flip);
            int ap = aRow + s.actPlane(p);
            int wp = wCol + s.weightPlane(p) * padded;
            for (int k = 0; k < kWords; k++, ap += aBits, wp += wordStride) {
                // 8 channels' weight words per vector, reused by every row of the tile
                LongVector w0 = LongVector.fromArray(L, wt, wp);
                LongVector w1 = LongVector.fromArray(L, wt, wp + 1 * LANES);
                LongVector w2 = LongVector.fromArray(L, wt, wp + 2 * LANES);
                LongVector w3 = LongVector.fromArray(L, wt, wp + 3 * LANES);
                // one activation word per row, broadcast to all lanes and reused by every vector
                LongVector x0 = LongVector.broadcast(L, a[ap]);
                // AND + popcount + add: one independent accumulator per (row, vector)
                acc00 = acc00.add(w0.and(x0).lanewise(VectorOperators.BIT_COUNT));
                acc01 = acc01.add(w1.and(x0).lanewise(VectorOperators.BIT_COUNT));
                acc02 = acc02.add(w2.and(x0).lanewise(VectorOperators.BIT_COUNT));
                acc03 = acc03.add(w3.and(x0).lanewise(VectorOperators.BIT_COUNT));
            }
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc01 = acc01.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc02 = acc02.lanewise(VectorOperators.XOR, flip).sub(flip);
            acc03 = acc03.lanewise(VectorOperators.XOR, flip).sub(flip);
        }
        // epilogue: 2 acc - S for binary weights (shift 1, S = row sum), else acc; narrowed to int and
        // stored through a lane mask that also cuts the padded channels of the last vector
        int sh = s.binary() ? 1 : 0;
        VectorMask<Integer> m0 = I.indexInRange(0 * LANES, validChannels);
        VectorMask<Integer> m1 = I.indexInRange(1 * LANES, validChannels);
        VectorMask<Integer> m2 = I.indexInRange(2 * LANES, validChannels);
        VectorMask<Integer> m3 = I.indexInRange(3 * LANES, validChannels);
        ((IntVector) acc00.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 0 * LANES, m0);
        ((IntVector) acc01.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 1 * LANES, m1);
        ((IntVector) acc02.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 2 * LANES, m2);
        ((IntVector) acc03.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 3 * LANES, m3);
    }

    /** 1 row(s) x 1 vector(s) of channels; one flat method so that no vector escapes (see type comment). */
    private static void tile1x1(long[] a, int aRow, int aStride, int aBits, long[] wt, int wCol, int padded,
                                int kWords, int wordStride, BitSerialSchedule s,
                                long s0, int[] c, int cRow, int ldc, int validChannels) {
        LongVector acc00 = LongVector.zero(L);
        for (int p = 0; p < s.pairs(); p++) {
            int shift = s.shiftBefore(p);
            acc00 = acc00.lanewise(VectorOperators.LSHL, shift);
            // -x = (x ^ f) - f with f = -1, f = 0 leaves x: negative pairs without a branch, so that no
            // vector call sits on a path C2 may have no type profile for (it would box the accumulators)
            LongVector flip = LongVector.broadcast(L, s.negative(p) ? -1L : 0L);
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
            int ap = aRow + s.actPlane(p);
            int wp = wCol + s.weightPlane(p) * padded;
            for (int k = 0; k < kWords; k++, ap += aBits, wp += wordStride) {
                // 8 channels' weight words per vector, reused by every row of the tile
                LongVector w0 = LongVector.fromArray(L, wt, wp);
                // one activation word per row, broadcast to all lanes and reused by every vector
                LongVector x0 = LongVector.broadcast(L, a[ap]);
                // AND + popcount + add: one independent accumulator per (row, vector)
                acc00 = acc00.add(w0.and(x0).lanewise(VectorOperators.BIT_COUNT));
            }
            acc00 = acc00.lanewise(VectorOperators.XOR, flip).sub(flip);
        }
        // epilogue: 2 acc - S for binary weights (shift 1, S = row sum), else acc; narrowed to int and
        // stored through a lane mask that also cuts the padded channels of the last vector
        int sh = s.binary() ? 1 : 0;
        VectorMask<Integer> m0 = I.indexInRange(0 * LANES, validChannels);
        ((IntVector) acc00.lanewise(VectorOperators.LSHL, sh).sub(s0).convertShape(VectorOperators.L2I, I, 0))
                .intoArray(c, cRow + 0 * LANES, m0);
    }
}
