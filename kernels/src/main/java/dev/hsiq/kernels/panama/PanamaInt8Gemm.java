/*
 * Vector API int8 GEMM (contract in Int8Gemm): unsigned codes x signed 8-bit weights through
 * 16-bit arithmetic, the idiom of DESIGN section 6 (the JIT emits neither VNNI nor
 * pair-multiply-add, so bytes are widened to shorts, multiplied, and partial sums kept in
 * shorts as long as they provably fit).
 *
 * Channels sit in 16-bit lanes (SL = 32 per 512-bit vector). Weights are pre-widened to shorts
 * at prepare time in [k][channel] order, interleaved inside each block of SL channels: lane 2l
 * holds channel l and lane 2l+1 channel SL/2 + l. A product |q * w| <= aMax * maxAbs <= 255 * 128
 * fits 16 bits, and so does a sum of chunk = floor(32767 / (aMax * maxAbs)) of them (128 for
 * 8-bit codes x binary or ternary weights, 1 for 8 x 8 bits). After each chunk a short vector
 * is reinterpreted as ints: int lane l = (lane 2l+1 << 16) | lane 2l, so (x << 16) >> 16 is
 * channel l and x >> 16 channel SL/2 + l, both sign-extended, each half contiguous in c: no
 * lane shuffles and no upper-half conversion.
 *
 * Register blocking: 2 rows x 2 vectors (64 channels at 512 bits): per k two weight loads,
 * two broadcasts, four multiply-adds; 4 short + 8 int accumulators. Tails: 1-row and 1-vector
 * tiles, masked stores in the epilogue.
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.Int8Gemm;
import dev.hsiq.kernels.Int8Weights;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

public final class PanamaInt8Gemm implements Int8Gemm {

    private static final VectorSpecies<Short> S = PanamaSupport.shorts();
    private static final int SL = S.length();
    /** Ints of the same width: SL / 2 lanes. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(S.vectorBitSize()));
    private static final VectorSpecies<Byte> B = PanamaSupport.bytes();

    public PanamaInt8Gemm() {
    }

    /** The interleaved 16-bit weights of this kernel: [k][paddedChannels]. */
    record Packed(short[] data, int paddedChannels, int blockLanes) {
    }

    @Override
    public Int8Weights prepare(byte[] codes, int channels, int k) {
        int padded = (channels + SL - 1) / SL * SL;
        short[] data = new short[Math.multiplyExact(k, padded)];
        int half = SL / 2;
        for (int n = 0; n < channels; n++) {
            int block = n / SL * SL;
            int j = n - block;
            int lane = j < half ? 2 * j : 2 * (j - half) + 1;
            for (int i = 0; i < k; i++) {
                data[i * padded + block + lane] = codes[n * k + i];
            }
        }
        return new Int8Weights(channels, k, codes, new Packed(data, padded, SL));
    }

    @Override
    public void gemm(byte[] a, int aOff, int lda, int aBits, Int8Weights w, int rowStart, int rowEnd,
                     int[] c, int cOff, int ldc) {
        Int8Gemm.check(a, aOff, lda, aBits, w, rowStart, rowEnd, c, cOff, ldc);
        if (!(w.packed() instanceof Packed p) || p.blockLanes() != SL) {
            throw new IllegalArgumentException("int8 weights were not prepared by this kernel (use Int8Gemm.get().prepare)");
        }
        int k = w.k();
        checkCodes(a, aOff, lda, aBits, k, rowStart, rowEnd);
        int chunk = Math.max(1, 32767 / (((1 << aBits) - 1) * w.maxAbs()));
        short[] wt = p.data();
        int ldw = p.paddedChannels();
        int vecs = ldw / SL;
        int n = w.channels();
        // Blocks of 2 rows and 2 vectors; an uneven last block overlaps the previous one (its rows /
        // channels are computed again with the same values), so the tail tiles stay out of the
        // common shapes (see PanamaBitSerialGemm).
        int r = rowStart;
        if (rowEnd - rowStart >= 2) {
            for (int next = rowStart; next < rowEnd; next += 2) {
                r = Math.min(next, rowEnd - 2);
                int aRow = aOff + r * lda;
                int cRow = cOff + r * ldc;
                if (vecs >= 2) {
                    for (int nv = 0; nv < vecs; nv += 2) {
                        int v = Math.min(nv, vecs - 2);
                        tile2x2(a, aRow, lda, wt, v * SL, ldw, k, chunk, c, cRow + v * SL, ldc, n - v * SL);
                    }
                } else {
                    tile2x1(a, aRow, lda, wt, 0, ldw, k, chunk, c, cRow, ldc, n);
                }
            }
            r = rowEnd;
        }
        for (; r < rowEnd; r++) {
            int aRow = aOff + r * lda;
            int cRow = cOff + r * ldc;
            if (vecs >= 2) {
                for (int nv = 0; nv < vecs; nv += 2) {
                    int v = Math.min(nv, vecs - 2);
                    tile1x2(a, aRow, lda, wt, v * SL, ldw, k, chunk, c, cRow + v * SL, ldc, n - v * SL);
                }
            } else {
                tile1x1(a, aRow, lda, wt, 0, ldw, k, chunk, c, cRow, ldc, n);
            }
        }
    }

    /** Codes must be < 2^aBits (the chunk length relies on it): OR of each row, one reduction per row. */
    private static void checkCodes(byte[] a, int aOff, int lda, int aBits, int k, int rowStart, int rowEnd) {
        if (aBits == 8) {
            return;
        }
        byte high = (byte) (0xFF << aBits);
        int bl = B.length();
        for (int r = rowStart; r < rowEnd; r++) {
            int row = aOff + r * lda;
            ByteVector or = ByteVector.zero(B);
            int i = 0;
            for (; i + bl <= k; i += bl) {
                or = or.or(ByteVector.fromArray(B, a, row + i));
            }
            int tail = 0;
            for (; i < k; i++) {
                tail |= a[row + i];
            }
            if (((or.reduceLanes(VectorOperators.OR) | tail) & high) != 0) {
                throw new IllegalArgumentException("row " + r + " holds codes that do not fit " + aBits + " bits");
            }
        }
    }

    /** 2 row(s) x 2 vector(s) of 16-bit channels; one flat method (see type comment). */
    private static void tile2x2(byte[] a, int aRow, int lda, short[] wt, int col, int ldw, int k, int chunk,
                                int[] c, int cRow, int ldc, int validChannels) {
        IntVector lo00 = IntVector.zero(I);
        IntVector hi00 = IntVector.zero(I);
        IntVector lo01 = IntVector.zero(I);
        IntVector hi01 = IntVector.zero(I);
        IntVector lo10 = IntVector.zero(I);
        IntVector hi10 = IntVector.zero(I);
        IntVector lo11 = IntVector.zero(I);
        IntVector hi11 = IntVector.zero(I);
        for (int k0 = 0; k0 < k; k0 += chunk) {
            int k1 = Math.min(k, k0 + chunk);
            ShortVector s00 = ShortVector.zero(S);
            ShortVector s01 = ShortVector.zero(S);
            ShortVector s10 = ShortVector.zero(S);
            ShortVector s11 = ShortVector.zero(S);
            for (int kk = k0, wp = k0 * ldw + col; kk < k1; kk++, wp += ldw) {
                // weights of SL channels (16-bit, interleaved), reused by every row of the tile
                ShortVector w0 = ShortVector.fromArray(S, wt, wp);
                ShortVector w1 = ShortVector.fromArray(S, wt, wp + 1 * SL);
                // one activation code per row, broadcast, reused by every vector
                ShortVector x0 = ShortVector.broadcast(S, (short) (a[aRow + kk] & 0xFF));
                ShortVector x1 = ShortVector.broadcast(S, (short) (a[aRow + lda + kk] & 0xFF));
                // exact 16-bit products, summed in 16 bits for at most `chunk` steps
                s00 = s00.add(w0.mul(x0));
                s01 = s01.add(w1.mul(x0));
                s10 = s10.add(w0.mul(x1));
                s11 = s11.add(w1.mul(x1));
            }
            // widen: the int lanes of a short vector pair lane 2l (low half, channel l) with
            // lane 2l+1 (high half, channel SL/2 + l); sign-extend each half by shifts
            IntVector t00 = s00.reinterpretAsInts();
            lo00 = lo00.add(t00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            hi00 = hi00.add(t00.lanewise(VectorOperators.ASHR, 16));
            IntVector t01 = s01.reinterpretAsInts();
            lo01 = lo01.add(t01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            hi01 = hi01.add(t01.lanewise(VectorOperators.ASHR, 16));
            IntVector t10 = s10.reinterpretAsInts();
            lo10 = lo10.add(t10.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            hi10 = hi10.add(t10.lanewise(VectorOperators.ASHR, 16));
            IntVector t11 = s11.reinterpretAsInts();
            lo11 = lo11.add(t11.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            hi11 = hi11.add(t11.lanewise(VectorOperators.ASHR, 16));
        }
        VectorMask<Integer> ml0 = I.indexInRange(0 * SL, validChannels);
        VectorMask<Integer> mh0 = I.indexInRange(0 * SL + SL / 2, validChannels);
        VectorMask<Integer> ml1 = I.indexInRange(1 * SL, validChannels);
        VectorMask<Integer> mh1 = I.indexInRange(1 * SL + SL / 2, validChannels);
        lo00.intoArray(c, cRow + 0 * SL, ml0);
        hi00.intoArray(c, cRow + 0 * SL + SL / 2, mh0);
        lo01.intoArray(c, cRow + 1 * SL, ml1);
        hi01.intoArray(c, cRow + 1 * SL + SL / 2, mh1);
        lo10.intoArray(c, cRow + ldc + 0 * SL, ml0);
        hi10.intoArray(c, cRow + ldc + 0 * SL + SL / 2, mh0);
        lo11.intoArray(c, cRow + ldc + 1 * SL, ml1);
        hi11.intoArray(c, cRow + ldc + 1 * SL + SL / 2, mh1);
    }

    /** 2 row(s) x 1 vector(s) of 16-bit channels; one flat method (see type comment). */
    private static void tile2x1(byte[] a, int aRow, int lda, short[] wt, int col, int ldw, int k, int chunk,
                                int[] c, int cRow, int ldc, int validChannels) {
        IntVector lo00 = IntVector.zero(I);
        IntVector hi00 = IntVector.zero(I);
        IntVector lo10 = IntVector.zero(I);
        IntVector hi10 = IntVector.zero(I);
        for (int k0 = 0; k0 < k; k0 += chunk) {
            int k1 = Math.min(k, k0 + chunk);
            ShortVector s00 = ShortVector.zero(S);
            ShortVector s10 = ShortVector.zero(S);
            for (int kk = k0, wp = k0 * ldw + col; kk < k1; kk++, wp += ldw) {
                // weights of SL channels (16-bit, interleaved), reused by every row of the tile
                ShortVector w0 = ShortVector.fromArray(S, wt, wp);
                // one activation code per row, broadcast, reused by every vector
                ShortVector x0 = ShortVector.broadcast(S, (short) (a[aRow + kk] & 0xFF));
                ShortVector x1 = ShortVector.broadcast(S, (short) (a[aRow + lda + kk] & 0xFF));
                // exact 16-bit products, summed in 16 bits for at most `chunk` steps
                s00 = s00.add(w0.mul(x0));
                s10 = s10.add(w0.mul(x1));
            }
            // widen: the int lanes of a short vector pair lane 2l (low half, channel l) with
            // lane 2l+1 (high half, channel SL/2 + l); sign-extend each half by shifts
            IntVector t00 = s00.reinterpretAsInts();
            lo00 = lo00.add(t00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            hi00 = hi00.add(t00.lanewise(VectorOperators.ASHR, 16));
            IntVector t10 = s10.reinterpretAsInts();
            lo10 = lo10.add(t10.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            hi10 = hi10.add(t10.lanewise(VectorOperators.ASHR, 16));
        }
        VectorMask<Integer> ml0 = I.indexInRange(0 * SL, validChannels);
        VectorMask<Integer> mh0 = I.indexInRange(0 * SL + SL / 2, validChannels);
        lo00.intoArray(c, cRow + 0 * SL, ml0);
        hi00.intoArray(c, cRow + 0 * SL + SL / 2, mh0);
        lo10.intoArray(c, cRow + ldc + 0 * SL, ml0);
        hi10.intoArray(c, cRow + ldc + 0 * SL + SL / 2, mh0);
    }

    /** 1 row(s) x 2 vector(s) of 16-bit channels; one flat method (see type comment). */
    private static void tile1x2(byte[] a, int aRow, int lda, short[] wt, int col, int ldw, int k, int chunk,
                                int[] c, int cRow, int ldc, int validChannels) {
        IntVector lo00 = IntVector.zero(I);
        IntVector hi00 = IntVector.zero(I);
        IntVector lo01 = IntVector.zero(I);
        IntVector hi01 = IntVector.zero(I);
        for (int k0 = 0; k0 < k; k0 += chunk) {
            int k1 = Math.min(k, k0 + chunk);
            ShortVector s00 = ShortVector.zero(S);
            ShortVector s01 = ShortVector.zero(S);
            for (int kk = k0, wp = k0 * ldw + col; kk < k1; kk++, wp += ldw) {
                // weights of SL channels (16-bit, interleaved), reused by every row of the tile
                ShortVector w0 = ShortVector.fromArray(S, wt, wp);
                ShortVector w1 = ShortVector.fromArray(S, wt, wp + 1 * SL);
                // one activation code per row, broadcast, reused by every vector
                ShortVector x0 = ShortVector.broadcast(S, (short) (a[aRow + kk] & 0xFF));
                // exact 16-bit products, summed in 16 bits for at most `chunk` steps
                s00 = s00.add(w0.mul(x0));
                s01 = s01.add(w1.mul(x0));
            }
            // widen: the int lanes of a short vector pair lane 2l (low half, channel l) with
            // lane 2l+1 (high half, channel SL/2 + l); sign-extend each half by shifts
            IntVector t00 = s00.reinterpretAsInts();
            lo00 = lo00.add(t00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            hi00 = hi00.add(t00.lanewise(VectorOperators.ASHR, 16));
            IntVector t01 = s01.reinterpretAsInts();
            lo01 = lo01.add(t01.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            hi01 = hi01.add(t01.lanewise(VectorOperators.ASHR, 16));
        }
        VectorMask<Integer> ml0 = I.indexInRange(0 * SL, validChannels);
        VectorMask<Integer> mh0 = I.indexInRange(0 * SL + SL / 2, validChannels);
        VectorMask<Integer> ml1 = I.indexInRange(1 * SL, validChannels);
        VectorMask<Integer> mh1 = I.indexInRange(1 * SL + SL / 2, validChannels);
        lo00.intoArray(c, cRow + 0 * SL, ml0);
        hi00.intoArray(c, cRow + 0 * SL + SL / 2, mh0);
        lo01.intoArray(c, cRow + 1 * SL, ml1);
        hi01.intoArray(c, cRow + 1 * SL + SL / 2, mh1);
    }

    /** 1 row(s) x 1 vector(s) of 16-bit channels; one flat method (see type comment). */
    private static void tile1x1(byte[] a, int aRow, int lda, short[] wt, int col, int ldw, int k, int chunk,
                                int[] c, int cRow, int ldc, int validChannels) {
        IntVector lo00 = IntVector.zero(I);
        IntVector hi00 = IntVector.zero(I);
        for (int k0 = 0; k0 < k; k0 += chunk) {
            int k1 = Math.min(k, k0 + chunk);
            ShortVector s00 = ShortVector.zero(S);
            for (int kk = k0, wp = k0 * ldw + col; kk < k1; kk++, wp += ldw) {
                // weights of SL channels (16-bit, interleaved), reused by every row of the tile
                ShortVector w0 = ShortVector.fromArray(S, wt, wp);
                // one activation code per row, broadcast, reused by every vector
                ShortVector x0 = ShortVector.broadcast(S, (short) (a[aRow + kk] & 0xFF));
                // exact 16-bit products, summed in 16 bits for at most `chunk` steps
                s00 = s00.add(w0.mul(x0));
            }
            // widen: the int lanes of a short vector pair lane 2l (low half, channel l) with
            // lane 2l+1 (high half, channel SL/2 + l); sign-extend each half by shifts
            IntVector t00 = s00.reinterpretAsInts();
            lo00 = lo00.add(t00.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16));
            hi00 = hi00.add(t00.lanewise(VectorOperators.ASHR, 16));
        }
        VectorMask<Integer> ml0 = I.indexInRange(0 * SL, validChannels);
        VectorMask<Integer> mh0 = I.indexInRange(0 * SL + SL / 2, validChannels);
        lo00.intoArray(c, cRow + 0 * SL, ml0);
        hi00.intoArray(c, cRow + 0 * SL + SL / 2, mh0);
    }
}
