/*
 * Vector API table-lookup convolution for 8-bit activations x binary weights (contract in
 * LutConv), T-MAC style.
 *
 * Math. Binary weights w = 2b - 1 (b in {0, 1}), so for one output channel n
 *   sum_k q_k w_nk = 2 sum_k q_k b_nk - S,   S = sum_k q_k  (once per output pixel).
 * Split each input pixel's channels into groups of G consecutive channels (G = log2 SL: 5 with
 * 512-bit vectors, whose 32 16-bit lanes make a 32-entry table; 4 at 256 bits; 3 at 128) and
 * define the pixel's table for group gr as the subset sums of its codes,
 *   U_gr[p] = sum_{t < G, bit t of p set} q_{G gr + t},   p in 0 .. 2^G - 1.
 * Then sum_{t<G} q_{G gr + t} b_{n, G gr + t} = U_gr[idx_n], idx_n = sum_t b_{n, G gr + t} 2^t,
 * and a whole convolution is  c[p][n] = 2 sum_taps sum_gr U_{pixel(p, tap), gr}[idx_{tap, gr, n}] - S.
 *
 * Vectors. idx_{tap, gr, n} for SL channels is a short vector (precomputed from the weights);
 * idx.selectFrom(U) is one permute (vpermw) that looks up SL channels at once: G x SL
 * multiply-accumulates for one instruction plus one add. A table costs G broadcast-AND-adds
 * to build (U = sum_t (q_t AND M_t), M_t lane p all ones iff bit t of p) and serves every
 * tap and window that reads its pixel (9 windows in a 3x3 convolution), which is what makes
 * this pay off against im2col forms, where each window would rebuild its tables.
 *
 * Range. U <= G * 255, so unsigned 16-bit sums hold FLUSH = floor(65535 / (G * 255)) lookups
 * (51 at G = 5); then they are widened into the int accumulators in c by the reinterpret trick
 * (int lane l = lane 2l | lane 2l+1 << 16; AND 0xFFFF and >>> 16 zero-extend): for that the
 * index vectors interleave channels, lane 2l = channel l, lane 2l+1 = channel SL/2 + l, so
 * each half lands contiguous in c. Padding: taps outside the input read an all-zero pixel's tables.
 *
 * Blocking: 2 output pixels x 2 vectors (64 channels at 512 bits): per (tap, group) 2 index
 * loads, 2 table loads, 4 permutes and 4 adds for 2 x 64 x G MACs. (4 pixels would share the
 * index loads more, but the tile grew past C1's and C2's comfortable method size and warmed
 * up an order of magnitude slower.)
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.ConvGeometry;
import dev.hsiq.kernels.LutConv;
import dev.hsiq.kernels.LutWeights;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

public final class PanamaLutConv implements LutConv {

    private static final VectorSpecies<Short> S = PanamaSupport.shorts();
    private static final int SL = S.length();
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(S.vectorBitSize()));
    /** Channels per table: 2^G = SL entries. */
    private static final int G = Integer.numberOfTrailingZeros(SL);
    /** Lookups a 16-bit sum can take: every entry is at most G * 255. */
    private static final int FLUSH = 65535 / (G * 255);
    /** MASKS[t * SL + p] = -1 if bit t of p is set: U = sum_t (q_t AND M_t). */
    private static final short[] MASKS = masks();

    public PanamaLutConv() {
    }

    private static short[] masks() {
        short[] m = new short[G * SL];
        for (int t = 0; t < G; t++) {
            for (int p = 0; p < SL; p++) {
                m[t * SL + p] = (short) (((p >>> t) & 1) != 0 ? -1 : 0);
            }
        }
        return m;
    }

    /** Index vectors [tap][group][paddedChannels], channels interleaved per SL block. */
    record Packed(short[] idx, int paddedChannels, int groups, int lanes) {
    }

    private static int groups(ConvGeometry g) {
        return (g.inChannels() + G - 1) / G;
    }

    @Override
    public LutWeights prepare(byte[] codes, ConvGeometry g) {
        int groups = groups(g);
        int padded = (g.outChannels() + SL - 1) / SL * SL;
        int taps = g.kH() * g.kW();
        short[] idx = new short[Math.multiplyExact(taps * groups, padded)];
        int half = SL / 2;
        int ch = g.inChannels();
        for (int o = 0; o < g.outChannels(); o++) {
            int block = o / SL * SL;
            int j = o - block;
            int lane = block + (j < half ? 2 * j : 2 * (j - half) + 1);
            for (int tap = 0; tap < taps; tap++) {
                for (int gr = 0; gr < groups; gr++) {
                    int pattern = 0;
                    for (int t = 0; t < G && gr * G + t < ch; t++) {
                        int x = gr * G + t;
                        if (codes[(o * ch + x) * taps + tap] > 0) {
                            pattern |= 1 << t;
                        }
                    }
                    idx[(tap * groups + gr) * padded + lane] = (short) pattern;
                }
            }
        }
        return new LutWeights(g, codes, new Packed(idx, padded, groups, SL));
    }

    @Override
    public int workspaceSize(ConvGeometry g) {
        // one more pixel of all-zero tables, read by taps in the padding
        return Math.multiplyExact(Math.multiplyExact(g.inH() * g.inW() + 1, groups(g)), SL);
    }

    @Override
    public void tables(ConvGeometry g, byte[] codes, int off, short[] workspace, int pixelStart, int pixelEnd) {
        LutConv.checkTables(g, workspaceSize(g), codes, off, workspace, pixelStart, pixelEnd);
        int groups = groups(g);
        int ch = g.inChannels();
        java.util.Arrays.fill(workspace, g.inH() * g.inW() * groups * SL, (g.inH() * g.inW() + 1) * groups * SL,
                (short) 0); // the zero pixel's tables
        for (int p = pixelStart; p < pixelEnd; p++) {
            int src = off + p * ch;
            int dst = p * groups * SL;
            for (int gr = 0; gr < groups; gr++) {
                ShortVector u = ShortVector.zero(S);
                int last = Math.min(G, ch - gr * G);
                for (int t = 0; t < last; t++) {
                    short q = (short) (codes[src + gr * G + t] & 0xFF);
                    u = u.add(ShortVector.fromArray(S, MASKS, t * SL).and(q));
                }
                u.intoArray(workspace, dst + gr * SL);
            }
        }
    }

    @Override
    public void conv(ConvGeometry g, LutWeights w, short[] workspace, int outStart, int outEnd,
                     int[] c, int cOff, int ldc) {
        LutConv.checkConv(g, w, workspaceSize(g), workspace, outStart, outEnd, c, cOff, ldc);
        if (!(w.packed() instanceof Packed pk) || pk.lanes() != SL) {
            throw new IllegalArgumentException("binary weights were not prepared by this kernel (use LutConv.get().prepare)");
        }
        int groups = pk.groups();
        int ldw = pk.paddedChannels();
        int vecs = ldw / SL;
        int n = g.outChannels();
        int zeroBase = g.inH() * g.inW() * groups * SL;
        short[] idx = pk.idx();
        // Blocks of 2 output pixels and 2 vectors; an uneven last block overlaps the previous one
        // (recomputed with the same values), so the tail tiles stay out of the common shapes.
        int p = outStart;
        if (outEnd - outStart >= 2) {
            for (int next = outStart; next < outEnd; next += 2) {
                p = Math.min(next, outEnd - 2);
                if (vecs >= 2) {
                    for (int nv = 0; nv < vecs; nv += 2) {
                        int v = Math.min(nv, vecs - 2);
                        tile2x2(g, workspace, groups, zeroBase, idx, ldw, v * SL, p, c, cOff, ldc, n - v * SL);
                    }
                } else {
                    tile2x1(g, workspace, groups, zeroBase, idx, ldw, 0, p, c, cOff, ldc, n);
                }
            }
            p = outEnd;
        }
        for (; p < outEnd; p++) {
            if (vecs >= 2) {
                for (int nv = 0; nv < vecs; nv += 2) {
                    int v = Math.min(nv, vecs - 2);
                    tile1x2(g, workspace, groups, zeroBase, idx, ldw, v * SL, p, c, cOff, ldc, n - v * SL);
                }
            } else {
                tile1x1(g, workspace, groups, zeroBase, idx, ldw, 0, p, c, cOff, ldc, n);
            }
        }
    }

    /** Start of the tables of the input pixel under tap (ki, kj) of output pixel p, or the zero table. */
    private static int tableBase(ConvGeometry g, int p, int ki, int kj, int groups, int zeroBase) {
        int oy = p / g.outW();
        int ox = p - oy * g.outW();
        int iy = oy * g.strideH() - g.padH() + ki;
        int ix = ox * g.strideW() - g.padW() + kj;
        if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
            return zeroBase;
        }
        return (iy * g.inW() + ix) * groups * SL;
    }

    /** S of output pixel p: the all-ones entry of a table is the sum of its group's codes. */
    private static int windowSum(ConvGeometry g, short[] tab, int p, int groups, int zeroBase) {
        int sum = 0;
        for (int ki = 0; ki < g.kH(); ki++) {
            for (int kj = 0; kj < g.kW(); kj++) {
                int base = tableBase(g, p, ki, kj, groups, zeroBase) + SL - 1;
                for (int gr = 0; gr < groups; gr++) {
                    sum += tab[base + gr * SL];
                }
            }
        }
        return sum;
    }

    /** 2 output pixel(s) x 2 vector(s) of 16-bit channels; one flat method (see type comment). */
    private static void tile2x2(ConvGeometry g, short[] tab, int groups, int zeroBase, short[] idx, int ldw,
                                int col, int p0, int[] c, int cOff, int ldc, int validChannels) {
        int cRow0 = cOff + p0 * ldc + col;
        int cRow1 = cRow0 + ldc;
        VectorMask<Integer> ml0 = I.indexInRange(0 * SL, validChannels);
        VectorMask<Integer> mh0 = I.indexInRange(0 * SL + SL / 2, validChannels);
        VectorMask<Integer> ml1 = I.indexInRange(1 * SL, validChannels);
        VectorMask<Integer> mh1 = I.indexInRange(1 * SL + SL / 2, validChannels);
        IntVector zero = IntVector.zero(I);
        zero.intoArray(c, cRow0 + 0 * SL, ml0);
        zero.intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
        zero.intoArray(c, cRow0 + 1 * SL, ml1);
        zero.intoArray(c, cRow0 + 1 * SL + SL / 2, mh1);
        zero.intoArray(c, cRow1 + 0 * SL, ml0);
        zero.intoArray(c, cRow1 + 0 * SL + SL / 2, mh0);
        zero.intoArray(c, cRow1 + 1 * SL, ml1);
        zero.intoArray(c, cRow1 + 1 * SL + SL / 2, mh1);
        ShortVector s00 = ShortVector.zero(S);
        ShortVector s01 = ShortVector.zero(S);
        ShortVector s10 = ShortVector.zero(S);
        ShortVector s11 = ShortVector.zero(S);
        int taps = g.kH() * g.kW();
        int steps = 0;
        // chunks of at most FLUSH groups of one tap; the 16-bit sums are widened into c whenever
        // the next chunk could overflow them, and after the last chunk
        for (int tap = 0, g0 = 0; tap < taps; ) {
            int g1 = Math.min(groups, g0 + FLUSH);
            int ki = tap / g.kW();
            int kj = tap - ki * g.kW();
            int b0 = tableBase(g, p0 + 0, ki, kj, groups, zeroBase);
            int b1 = tableBase(g, p0 + 1, ki, kj, groups, zeroBase);
            int ip = tap * groups * ldw + col;
            for (int gi = g0; gi < g1; gi++) {
                // table indices (weight bit patterns) of this group's channels, shared by all rows
                ShortVector x0 = ShortVector.fromArray(S, idx, ip + gi * ldw);
                ShortVector x1 = ShortVector.fromArray(S, idx, ip + gi * ldw + 1 * SL);
                // each row's table of this group: 2^G subset sums of its input pixel's codes
                ShortVector u0 = ShortVector.fromArray(S, tab, b0 + gi * SL);
                ShortVector u1 = ShortVector.fromArray(S, tab, b1 + gi * SL);
                // lookup (one permute for SL channels) and 16-bit accumulate
                s00 = s00.add(x0.selectFrom(u0));
                s01 = s01.add(x1.selectFrom(u0));
                s10 = s10.add(x0.selectFrom(u1));
                s11 = s11.add(x1.selectFrom(u1));
            }
            steps += g1 - g0;
            // next chunk
            if (g1 == groups) {
                tap++;
                g0 = 0;
            } else {
                g0 = g1;
            }
            if (tap == taps || steps + Math.min(FLUSH, groups - g0) > FLUSH) {
                // widen the unsigned 16-bit sums: int lane l = (lane 2l+1 << 16) | lane 2l
                IntVector t00 = s00.reinterpretAsInts();
                IntVector.fromArray(I, c, cRow0 + 0 * SL, ml0).add(t00.lanewise(VectorOperators.AND, 0xFFFF))
                        .intoArray(c, cRow0 + 0 * SL, ml0);
                IntVector.fromArray(I, c, cRow0 + 0 * SL + SL / 2, mh0).add(t00.lanewise(VectorOperators.LSHR, 16))
                        .intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
                s00 = ShortVector.zero(S);
                IntVector t01 = s01.reinterpretAsInts();
                IntVector.fromArray(I, c, cRow0 + 1 * SL, ml1).add(t01.lanewise(VectorOperators.AND, 0xFFFF))
                        .intoArray(c, cRow0 + 1 * SL, ml1);
                IntVector.fromArray(I, c, cRow0 + 1 * SL + SL / 2, mh1).add(t01.lanewise(VectorOperators.LSHR, 16))
                        .intoArray(c, cRow0 + 1 * SL + SL / 2, mh1);
                s01 = ShortVector.zero(S);
                IntVector t10 = s10.reinterpretAsInts();
                IntVector.fromArray(I, c, cRow1 + 0 * SL, ml0).add(t10.lanewise(VectorOperators.AND, 0xFFFF))
                        .intoArray(c, cRow1 + 0 * SL, ml0);
                IntVector.fromArray(I, c, cRow1 + 0 * SL + SL / 2, mh0).add(t10.lanewise(VectorOperators.LSHR, 16))
                        .intoArray(c, cRow1 + 0 * SL + SL / 2, mh0);
                s10 = ShortVector.zero(S);
                IntVector t11 = s11.reinterpretAsInts();
                IntVector.fromArray(I, c, cRow1 + 1 * SL, ml1).add(t11.lanewise(VectorOperators.AND, 0xFFFF))
                        .intoArray(c, cRow1 + 1 * SL, ml1);
                IntVector.fromArray(I, c, cRow1 + 1 * SL + SL / 2, mh1).add(t11.lanewise(VectorOperators.LSHR, 16))
                        .intoArray(c, cRow1 + 1 * SL + SL / 2, mh1);
                s11 = ShortVector.zero(S);
                steps = 0;
            }
        }
        // c = 2 sum(U) - S, S = sum of the window's codes = sum of every table's all-ones entry
        int sum0 = windowSum(g, tab, p0 + 0, groups, zeroBase);
        IntVector.fromArray(I, c, cRow0 + 0 * SL, ml0).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 0 * SL, ml0);
        IntVector.fromArray(I, c, cRow0 + 0 * SL + SL / 2, mh0).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
        IntVector.fromArray(I, c, cRow0 + 1 * SL, ml1).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 1 * SL, ml1);
        IntVector.fromArray(I, c, cRow0 + 1 * SL + SL / 2, mh1).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 1 * SL + SL / 2, mh1);
        int sum1 = windowSum(g, tab, p0 + 1, groups, zeroBase);
        IntVector.fromArray(I, c, cRow1 + 0 * SL, ml0).lanewise(VectorOperators.LSHL, 1).sub(sum1)
                .intoArray(c, cRow1 + 0 * SL, ml0);
        IntVector.fromArray(I, c, cRow1 + 0 * SL + SL / 2, mh0).lanewise(VectorOperators.LSHL, 1).sub(sum1)
                .intoArray(c, cRow1 + 0 * SL + SL / 2, mh0);
        IntVector.fromArray(I, c, cRow1 + 1 * SL, ml1).lanewise(VectorOperators.LSHL, 1).sub(sum1)
                .intoArray(c, cRow1 + 1 * SL, ml1);
        IntVector.fromArray(I, c, cRow1 + 1 * SL + SL / 2, mh1).lanewise(VectorOperators.LSHL, 1).sub(sum1)
                .intoArray(c, cRow1 + 1 * SL + SL / 2, mh1);
    }

    /** 2 output pixel(s) x 1 vector(s) of 16-bit channels; one flat method (see type comment). */
    private static void tile2x1(ConvGeometry g, short[] tab, int groups, int zeroBase, short[] idx, int ldw,
                                int col, int p0, int[] c, int cOff, int ldc, int validChannels) {
        int cRow0 = cOff + p0 * ldc + col;
        int cRow1 = cRow0 + ldc;
        VectorMask<Integer> ml0 = I.indexInRange(0 * SL, validChannels);
        VectorMask<Integer> mh0 = I.indexInRange(0 * SL + SL / 2, validChannels);
        IntVector zero = IntVector.zero(I);
        zero.intoArray(c, cRow0 + 0 * SL, ml0);
        zero.intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
        zero.intoArray(c, cRow1 + 0 * SL, ml0);
        zero.intoArray(c, cRow1 + 0 * SL + SL / 2, mh0);
        ShortVector s00 = ShortVector.zero(S);
        ShortVector s10 = ShortVector.zero(S);
        int taps = g.kH() * g.kW();
        int steps = 0;
        // chunks of at most FLUSH groups of one tap; the 16-bit sums are widened into c whenever
        // the next chunk could overflow them, and after the last chunk
        for (int tap = 0, g0 = 0; tap < taps; ) {
            int g1 = Math.min(groups, g0 + FLUSH);
            int ki = tap / g.kW();
            int kj = tap - ki * g.kW();
            int b0 = tableBase(g, p0 + 0, ki, kj, groups, zeroBase);
            int b1 = tableBase(g, p0 + 1, ki, kj, groups, zeroBase);
            int ip = tap * groups * ldw + col;
            for (int gi = g0; gi < g1; gi++) {
                // table indices (weight bit patterns) of this group's channels, shared by all rows
                ShortVector x0 = ShortVector.fromArray(S, idx, ip + gi * ldw);
                // each row's table of this group: 2^G subset sums of its input pixel's codes
                ShortVector u0 = ShortVector.fromArray(S, tab, b0 + gi * SL);
                ShortVector u1 = ShortVector.fromArray(S, tab, b1 + gi * SL);
                // lookup (one permute for SL channels) and 16-bit accumulate
                s00 = s00.add(x0.selectFrom(u0));
                s10 = s10.add(x0.selectFrom(u1));
            }
            steps += g1 - g0;
            // next chunk
            if (g1 == groups) {
                tap++;
                g0 = 0;
            } else {
                g0 = g1;
            }
            if (tap == taps || steps + Math.min(FLUSH, groups - g0) > FLUSH) {
                // widen the unsigned 16-bit sums: int lane l = (lane 2l+1 << 16) | lane 2l
                IntVector t00 = s00.reinterpretAsInts();
                IntVector.fromArray(I, c, cRow0 + 0 * SL, ml0).add(t00.lanewise(VectorOperators.AND, 0xFFFF))
                        .intoArray(c, cRow0 + 0 * SL, ml0);
                IntVector.fromArray(I, c, cRow0 + 0 * SL + SL / 2, mh0).add(t00.lanewise(VectorOperators.LSHR, 16))
                        .intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
                s00 = ShortVector.zero(S);
                IntVector t10 = s10.reinterpretAsInts();
                IntVector.fromArray(I, c, cRow1 + 0 * SL, ml0).add(t10.lanewise(VectorOperators.AND, 0xFFFF))
                        .intoArray(c, cRow1 + 0 * SL, ml0);
                IntVector.fromArray(I, c, cRow1 + 0 * SL + SL / 2, mh0).add(t10.lanewise(VectorOperators.LSHR, 16))
                        .intoArray(c, cRow1 + 0 * SL + SL / 2, mh0);
                s10 = ShortVector.zero(S);
                steps = 0;
            }
        }
        // c = 2 sum(U) - S, S = sum of the window's codes = sum of every table's all-ones entry
        int sum0 = windowSum(g, tab, p0 + 0, groups, zeroBase);
        IntVector.fromArray(I, c, cRow0 + 0 * SL, ml0).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 0 * SL, ml0);
        IntVector.fromArray(I, c, cRow0 + 0 * SL + SL / 2, mh0).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
        int sum1 = windowSum(g, tab, p0 + 1, groups, zeroBase);
        IntVector.fromArray(I, c, cRow1 + 0 * SL, ml0).lanewise(VectorOperators.LSHL, 1).sub(sum1)
                .intoArray(c, cRow1 + 0 * SL, ml0);
        IntVector.fromArray(I, c, cRow1 + 0 * SL + SL / 2, mh0).lanewise(VectorOperators.LSHL, 1).sub(sum1)
                .intoArray(c, cRow1 + 0 * SL + SL / 2, mh0);
    }

    /** 1 output pixel(s) x 2 vector(s) of 16-bit channels; one flat method (see type comment). */
    private static void tile1x2(ConvGeometry g, short[] tab, int groups, int zeroBase, short[] idx, int ldw,
                                int col, int p0, int[] c, int cOff, int ldc, int validChannels) {
        int cRow0 = cOff + p0 * ldc + col;
        VectorMask<Integer> ml0 = I.indexInRange(0 * SL, validChannels);
        VectorMask<Integer> mh0 = I.indexInRange(0 * SL + SL / 2, validChannels);
        VectorMask<Integer> ml1 = I.indexInRange(1 * SL, validChannels);
        VectorMask<Integer> mh1 = I.indexInRange(1 * SL + SL / 2, validChannels);
        IntVector zero = IntVector.zero(I);
        zero.intoArray(c, cRow0 + 0 * SL, ml0);
        zero.intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
        zero.intoArray(c, cRow0 + 1 * SL, ml1);
        zero.intoArray(c, cRow0 + 1 * SL + SL / 2, mh1);
        ShortVector s00 = ShortVector.zero(S);
        ShortVector s01 = ShortVector.zero(S);
        int taps = g.kH() * g.kW();
        int steps = 0;
        // chunks of at most FLUSH groups of one tap; the 16-bit sums are widened into c whenever
        // the next chunk could overflow them, and after the last chunk
        for (int tap = 0, g0 = 0; tap < taps; ) {
            int g1 = Math.min(groups, g0 + FLUSH);
            int ki = tap / g.kW();
            int kj = tap - ki * g.kW();
            int b0 = tableBase(g, p0 + 0, ki, kj, groups, zeroBase);
            int ip = tap * groups * ldw + col;
            for (int gi = g0; gi < g1; gi++) {
                // table indices (weight bit patterns) of this group's channels, shared by all rows
                ShortVector x0 = ShortVector.fromArray(S, idx, ip + gi * ldw);
                ShortVector x1 = ShortVector.fromArray(S, idx, ip + gi * ldw + 1 * SL);
                // each row's table of this group: 2^G subset sums of its input pixel's codes
                ShortVector u0 = ShortVector.fromArray(S, tab, b0 + gi * SL);
                // lookup (one permute for SL channels) and 16-bit accumulate
                s00 = s00.add(x0.selectFrom(u0));
                s01 = s01.add(x1.selectFrom(u0));
            }
            steps += g1 - g0;
            // next chunk
            if (g1 == groups) {
                tap++;
                g0 = 0;
            } else {
                g0 = g1;
            }
            if (tap == taps || steps + Math.min(FLUSH, groups - g0) > FLUSH) {
                // widen the unsigned 16-bit sums: int lane l = (lane 2l+1 << 16) | lane 2l
                IntVector t00 = s00.reinterpretAsInts();
                IntVector.fromArray(I, c, cRow0 + 0 * SL, ml0).add(t00.lanewise(VectorOperators.AND, 0xFFFF))
                        .intoArray(c, cRow0 + 0 * SL, ml0);
                IntVector.fromArray(I, c, cRow0 + 0 * SL + SL / 2, mh0).add(t00.lanewise(VectorOperators.LSHR, 16))
                        .intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
                s00 = ShortVector.zero(S);
                IntVector t01 = s01.reinterpretAsInts();
                IntVector.fromArray(I, c, cRow0 + 1 * SL, ml1).add(t01.lanewise(VectorOperators.AND, 0xFFFF))
                        .intoArray(c, cRow0 + 1 * SL, ml1);
                IntVector.fromArray(I, c, cRow0 + 1 * SL + SL / 2, mh1).add(t01.lanewise(VectorOperators.LSHR, 16))
                        .intoArray(c, cRow0 + 1 * SL + SL / 2, mh1);
                s01 = ShortVector.zero(S);
                steps = 0;
            }
        }
        // c = 2 sum(U) - S, S = sum of the window's codes = sum of every table's all-ones entry
        int sum0 = windowSum(g, tab, p0 + 0, groups, zeroBase);
        IntVector.fromArray(I, c, cRow0 + 0 * SL, ml0).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 0 * SL, ml0);
        IntVector.fromArray(I, c, cRow0 + 0 * SL + SL / 2, mh0).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
        IntVector.fromArray(I, c, cRow0 + 1 * SL, ml1).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 1 * SL, ml1);
        IntVector.fromArray(I, c, cRow0 + 1 * SL + SL / 2, mh1).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 1 * SL + SL / 2, mh1);
    }

    /** 1 output pixel(s) x 1 vector(s) of 16-bit channels; one flat method (see type comment). */
    private static void tile1x1(ConvGeometry g, short[] tab, int groups, int zeroBase, short[] idx, int ldw,
                                int col, int p0, int[] c, int cOff, int ldc, int validChannels) {
        int cRow0 = cOff + p0 * ldc + col;
        VectorMask<Integer> ml0 = I.indexInRange(0 * SL, validChannels);
        VectorMask<Integer> mh0 = I.indexInRange(0 * SL + SL / 2, validChannels);
        IntVector zero = IntVector.zero(I);
        zero.intoArray(c, cRow0 + 0 * SL, ml0);
        zero.intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
        ShortVector s00 = ShortVector.zero(S);
        int taps = g.kH() * g.kW();
        int steps = 0;
        // chunks of at most FLUSH groups of one tap; the 16-bit sums are widened into c whenever
        // the next chunk could overflow them, and after the last chunk
        for (int tap = 0, g0 = 0; tap < taps; ) {
            int g1 = Math.min(groups, g0 + FLUSH);
            int ki = tap / g.kW();
            int kj = tap - ki * g.kW();
            int b0 = tableBase(g, p0 + 0, ki, kj, groups, zeroBase);
            int ip = tap * groups * ldw + col;
            for (int gi = g0; gi < g1; gi++) {
                // table indices (weight bit patterns) of this group's channels, shared by all rows
                ShortVector x0 = ShortVector.fromArray(S, idx, ip + gi * ldw);
                // each row's table of this group: 2^G subset sums of its input pixel's codes
                ShortVector u0 = ShortVector.fromArray(S, tab, b0 + gi * SL);
                // lookup (one permute for SL channels) and 16-bit accumulate
                s00 = s00.add(x0.selectFrom(u0));
            }
            steps += g1 - g0;
            // next chunk
            if (g1 == groups) {
                tap++;
                g0 = 0;
            } else {
                g0 = g1;
            }
            if (tap == taps || steps + Math.min(FLUSH, groups - g0) > FLUSH) {
                // widen the unsigned 16-bit sums: int lane l = (lane 2l+1 << 16) | lane 2l
                IntVector t00 = s00.reinterpretAsInts();
                IntVector.fromArray(I, c, cRow0 + 0 * SL, ml0).add(t00.lanewise(VectorOperators.AND, 0xFFFF))
                        .intoArray(c, cRow0 + 0 * SL, ml0);
                IntVector.fromArray(I, c, cRow0 + 0 * SL + SL / 2, mh0).add(t00.lanewise(VectorOperators.LSHR, 16))
                        .intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
                s00 = ShortVector.zero(S);
                steps = 0;
            }
        }
        // c = 2 sum(U) - S, S = sum of the window's codes = sum of every table's all-ones entry
        int sum0 = windowSum(g, tab, p0 + 0, groups, zeroBase);
        IntVector.fromArray(I, c, cRow0 + 0 * SL, ml0).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 0 * SL, ml0);
        IntVector.fromArray(I, c, cRow0 + 0 * SL + SL / 2, mh0).lanewise(VectorOperators.LSHL, 1).sub(sum0)
                .intoArray(c, cRow0 + 0 * SL + SL / 2, mh0);
    }
}
