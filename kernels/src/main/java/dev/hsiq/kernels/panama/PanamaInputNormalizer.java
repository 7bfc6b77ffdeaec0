/*
 * Vector API input normalizer (contract and exact float operations in InputNormalizer).
 *
 * Every step is one lanewise IEEE operation with the same rounding as the scalar code:
 * sub, div (a real division, never a multiply by the reciprocal, which rounds differently),
 * the clip to [0, 1], mul by L, then round half up (codes(): the nearest integer by adding
 * 2^23, plus one where a tie went down to even) and the low byte as the code.
 * The layout changes: CHW -> HWC codes quantizes each channel plane contiguously into the
 * caller's scratch, then transposes the bytes. With 512-bit vectors (quantizeBlocked) the
 * scratch is CodeBlockTranspose's blocked layout, the plane's vectors start at multiples of 16
 * pixels (a tail is one masked vector) and the transpose is vectorized; otherwise
 * (quantizePlanar) the scratch is plain CHW, a plane of at least LANES pixels is whole vectors
 * with the last one moved back to end at the plane's end (no scalar tail; shorter planes one
 * masked vector), and ByteTranspose transposes it. HWC -> CHW floats stores with a scatter
 * (indices c * planeStride). Other tails use masked loads and stores.
 * Finiteness: x - x is +0.0 (all bits 0) for finite x and NaN (bits not all 0) otherwise, so
 * fin |= bits(x - x) per vector, one reduction per call. An integer OR, not a float sum: the
 * running value is a loop-carried dependency, and a float add's latency (3-4 cycles) would
 * bound the whole loop to one vector per add latency.
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.ByteTranspose;
import dev.hsiq.kernels.GemmChecks;
import dev.hsiq.kernels.InputNormalizer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

public final class PanamaInputNormalizer implements InputNormalizer {

    private static final VectorSpecies<Float> F = PanamaSupport.floats();
    private static final VectorSpecies<Integer> I = PanamaSupport.ints();
    private static final int LANES = F.length();
    /** Bytes for LANES codes: a quarter of the float width, at least the 64-bit shape. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class,
            VectorShape.forBitSize(Math.max(64, F.vectorBitSize() / 4)));
    private static final boolean FULL_BYTE_STORE = B.length() == LANES;
    /** 2^23: adding it to q in [0, 2^22) rounds q to an integer held in the low mantissa bits. */
    private static final float ROUNDING_BIAS = 8388608f;
    /** 16 float lanes: CHW -> HWC through CodeBlockTranspose (16 codes = two 8-pixel longs). */
    private static final boolean BLOCKED = LANES == 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public PanamaInputNormalizer() {
    }

    private static boolean finite(IntVector fin) {
        return fin.reduceLanes(VectorOperators.OR) == 0;
    }

    @Override
    public boolean normalizeRows(float[] x, int xOff, int ldx, int rows, int channels, float[] low, float[] range,
                                 float[] out, int outOff, int ldOut) {
        InputNormalizer.checkRows(x.length, xOff, ldx, rows, channels, low, range, out.length, outOff, ldOut);
        IntVector fin = IntVector.zero(I);
        int full = channels - channels % LANES;
        for (int r = 0; r < rows; r++) {
            int src = xOff + r * ldx;
            int dst = outOff + r * ldOut;
            int c = 0;
            for (; c < full; c += LANES) {
                FloatVector v = FloatVector.fromArray(F, x, src + c);
                fin = fin.or(v.sub(v).reinterpretAsInts());
                v.sub(FloatVector.fromArray(F, low, c)).div(FloatVector.fromArray(F, range, c)).intoArray(out, dst + c);
            }
            if (c < channels) {
                VectorMask<Float> m = F.indexInRange(c, channels);
                FloatVector v = FloatVector.fromArray(F, x, src + c, m);
                fin = fin.or(v.sub(v).reinterpretAsInts());
                v.sub(FloatVector.fromArray(F, low, c, m)).div(FloatVector.fromArray(F, range, c, m))
                        .intoArray(out, dst + c, m);
            }
        }
        return finite(fin);
    }

    @Override
    public boolean quantizeRows(float[] x, int xOff, int ldx, int rows, int channels, float[] low, float[] range,
                                int bits, byte[] out, int outOff, int ldOut) {
        InputNormalizer.checkBits(bits);
        InputNormalizer.checkRows(x.length, xOff, ldx, rows, channels, low, range, out.length, outOff, ldOut);
        float levels = (1 << bits) - 1;
        IntVector fin = IntVector.zero(I);
        int full = channels - channels % LANES;
        for (int r = 0; r < rows; r++) {
            int src = xOff + r * ldx;
            int dst = outOff + r * ldOut;
            int c = 0;
            for (; c < full; c += LANES) {
                FloatVector v = FloatVector.fromArray(F, x, src + c);
                fin = fin.or(v.sub(v).reinterpretAsInts());
                ByteVector qb = codes(v, FloatVector.fromArray(F, low, c), FloatVector.fromArray(F, range, c), levels);
                if (FULL_BYTE_STORE) {
                    qb.intoArray(out, dst + c);
                } else {
                    qb.intoArray(out, dst + c, B.indexInRange(0, LANES));
                }
            }
            if (c < channels) {
                VectorMask<Float> m = F.indexInRange(c, channels);
                FloatVector v = FloatVector.fromArray(F, x, src + c, m);
                fin = fin.or(v.sub(v).reinterpretAsInts());
                // masked-off lanes: low 0, range 0 give 0 / 0 = NaN codes, never stored
                codes(v, FloatVector.fromArray(F, low, c, m), FloatVector.fromArray(F, range, c, m), levels)
                        .intoArray(out, dst + c, B.indexInRange(0, channels - c));
            }
        }
        return finite(fin);
    }

    @Override
    public boolean normalizePlanes(float[] x, int xOff, int samples, int channels, int pixels, float[] low,
                                   float[] range, float[] out, int outOff) {
        InputNormalizer.checkPlanes(x.length, xOff, samples, channels, pixels, low, range);
        GemmChecks.block("output planes", out.length, outOff, samples * channels, pixels, pixels);
        IntVector fin = IntVector.zero(I);
        int full = pixels - pixels % LANES;
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * pixels;
                FloatVector lo = FloatVector.broadcast(F, low[c]);
                FloatVector rg = FloatVector.broadcast(F, range[c]);
                int p = 0;
                for (; p < full; p += LANES) {
                    FloatVector v = FloatVector.fromArray(F, x, xOff + base + p);
                    fin = fin.or(v.sub(v).reinterpretAsInts());
                    v.sub(lo).div(rg).intoArray(out, outOff + base + p);
                }
                if (p < pixels) {
                    VectorMask<Float> m = F.indexInRange(p, pixels);
                    FloatVector v = FloatVector.fromArray(F, x, xOff + base + p, m);
                    fin = fin.or(v.sub(v).reinterpretAsInts());
                    v.sub(lo).div(rg).intoArray(out, outOff + base + p, m);
                }
            }
        }
        return finite(fin);
    }

    /** {0, step, 2 step, ...}: the scatter indices of consecutive channels, padded to whole vectors. */
    private static int[] channelOffsets(int channels, int step) {
        int[] map = new int[(channels + LANES - 1) / LANES * LANES];
        for (int c = 0; c < channels; c++) {
            map[c] = c * step;
        }
        return map;
    }

    /**
     * CHW -> HWC codes in two passes per sample: the codes of each channel plane are computed
     * with contiguous vectors into the scratch (a gather per pixel instead measured 2-4x
     * slower: every lane is another cache line, and the masked tail gather is not
     * intrinsified), then transposed. With 16 float lanes (512-bit vectors) the scratch holds
     * CodeBlockTranspose's blocked layout (each 16-code vector is two longs, one per 8-pixel
     * group) and the transpose is vectorized; otherwise the scratch is plain CHW and the
     * channels x pixels byte matrix is transposed in 8 x 8 blocks held in longs (ByteTranspose).
     */
    @Override
    public boolean quantizePlanesToRows(float[] x, int xOff, int samples, int channels, int pixels, float[] low,
                                        float[] range, int bits, byte[] out, int outOff, int ldOut, byte[] scratch) {
        InputNormalizer.checkBits(bits);
        InputNormalizer.checkPlanes(x.length, xOff, samples, channels, pixels, low, range);
        GemmChecks.block("output rows", out.length, outOff, samples * pixels, channels, ldOut);
        InputNormalizer.checkScratch(scratch, channels, pixels);
        return BLOCKED
                ? quantizeBlocked(x, xOff, samples, channels, pixels, low, range, bits, out, outOff, ldOut, scratch)
                : quantizePlanar(x, xOff, samples, channels, pixels, low, range, bits, out, outOff, ldOut, scratch);
    }

    private static boolean quantizeBlocked(float[] x, int xOff, int samples, int channels, int pixels, float[] low,
                                           float[] range, int bits, byte[] out, int outOff, int ldOut,
                                           byte[] scratch) {
        float levels = (1 << bits) - 1;
        IntVector fin = IntVector.zero(I);
        int group = CodeBlockTranspose.groupStride(channels);
        int full = pixels - pixels % LANES;
        VectorMask<Float> tail = F.indexInRange(full, pixels);
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < channels; c++) {
                int src = xOff + (s * channels + c) * pixels;
                int slot = c * 8;
                FloatVector lo = FloatVector.broadcast(F, low[c]);
                FloatVector rg = FloatVector.broadcast(F, range[c]);
                for (int p = 0; p < pixels; p += LANES) {
                    FloatVector v = p < full ? FloatVector.fromArray(F, x, src + p)
                            : FloatVector.fromArray(F, x, src + p, tail);
                    fin = fin.or(v.sub(v).reinterpretAsInts());
                    // pixels p..p+7 to this group's long, p+8..p+15 to the next group's, unless the
                    // plane ends first (lane extraction: measured faster than two masked stores)
                    LongVector two = codes(v, lo, rg, levels).reinterpretAsLongs();
                    int at = (p >> 3) * group + slot;
                    LONGS.set(scratch, at, two.lane(0));
                    if (p + 8 < pixels) {
                        LONGS.set(scratch, at + group, two.lane(1));
                    }
                }
            }
            CodeBlockTranspose.toRows(scratch, channels, pixels, out, outOff + s * pixels * ldOut, ldOut);
        }
        return finite(fin);
    }

    private static boolean quantizePlanar(float[] x, int xOff, int samples, int channels, int pixels, float[] low,
                                          float[] range, int bits, byte[] out, int outOff, int ldOut,
                                          byte[] scratch) {
        float levels = (1 << bits) - 1;
        IntVector fin = IntVector.zero(I);
        // a plane shorter than a vector: masked; else full vectors, the last one moved back to end at
        // the plane's end (it recomputes a few codes of the previous vector, identically)
        boolean masked = pixels < LANES;
        VectorMask<Float> m = F.indexInRange(0, pixels);
        VectorMask<Byte> mb = B.indexInRange(0, Math.min(pixels, LANES));
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < channels; c++) {
                int src = xOff + (s * channels + c) * pixels;
                int dst = c * pixels;
                FloatVector lo = FloatVector.broadcast(F, low[c]);
                FloatVector rg = FloatVector.broadcast(F, range[c]);
                if (masked) {
                    FloatVector v = FloatVector.fromArray(F, x, src, m);
                    fin = fin.or(v.sub(v).reinterpretAsInts());
                    codes(v, lo, rg, levels).intoArray(scratch, dst, mb);
                    continue;
                }
                for (int next = 0; next < pixels; next += LANES) {
                    int p = Math.min(next, pixels - LANES);
                    FloatVector v = FloatVector.fromArray(F, x, src + p);
                    fin = fin.or(v.sub(v).reinterpretAsInts());
                    ByteVector qb = codes(v, lo, rg, levels);
                    if (FULL_BYTE_STORE) {
                        qb.intoArray(scratch, dst + p);
                    } else {
                        qb.intoArray(scratch, dst + p, mb);
                    }
                }
            }
            ByteTranspose.transpose(scratch, channels, pixels, out, outOff + s * pixels * ldOut, ldOut);
        }
        return finite(fin);
    }

    /**
     * The codes of LANES raw values (the contract's float operations, round half up). The clip is
     * a compare and blend per bound (Math.max / min semantics cost more and only differ for NaN
     * and signed zeros, which give the same codes or are rejected). Rounding without a float to
     * int conversion: q in [0, 255] plus 2^23 rounds q to the nearest integer, ties to even, and
     * leaves that integer in the low mantissa bits (2^23 + k has mantissa k); d = q - r (exact)
     * is 1/2 only for a tie that went down to even, where round half up adds one. The low byte
     * of the bits is the code.
     */
    private static ByteVector codes(FloatVector v, FloatVector lo, FloatVector rg, float levels) {
        FloatVector q = v.sub(lo).div(rg);
        q = q.blend(0f, q.compare(VectorOperators.LT, 0f));
        q = q.blend(1f, q.compare(VectorOperators.GT, 1f)).mul(levels);
        FloatVector shifted = q.add(ROUNDING_BIAS);
        FloatVector d = q.sub(shifted.sub(ROUNDING_BIAS));
        IntVector code = shifted.reinterpretAsInts().add(1, d.compare(VectorOperators.GE, 0.5f).cast(I));
        return (ByteVector) code.convertShape(VectorOperators.I2B, B, 0);
    }

    @Override
    public boolean normalizeRowsToPlanes(float[] x, int xOff, int ldx, int rows, int channels, float[] low,
                                         float[] range, float[] out, int outOff, int planeStride) {
        InputNormalizer.checkRange(low, range, channels);
        GemmChecks.block("input rows", x.length, xOff, rows, channels, ldx);
        GemmChecks.block("output planes", out.length, outOff, channels, rows, planeStride);
        int[] map = channelOffsets(channels, planeStride);
        IntVector fin = IntVector.zero(I);
        int full = channels - channels % LANES;
        for (int r = 0; r < rows; r++) {
            int src = xOff + r * ldx;
            int dst = outOff + r;
            int c = 0;
            for (; c < full; c += LANES) {
                FloatVector v = FloatVector.fromArray(F, x, src + c);
                fin = fin.or(v.sub(v).reinterpretAsInts());
                // channel c + j goes to out[dst + (c + j) * planeStride]
                v.sub(FloatVector.fromArray(F, low, c)).div(FloatVector.fromArray(F, range, c)).intoArray(out, dst, map, c);
            }
            if (c < channels) {
                VectorMask<Float> m = F.indexInRange(c, channels);
                FloatVector v = FloatVector.fromArray(F, x, src + c, m);
                fin = fin.or(v.sub(v).reinterpretAsInts());
                v.sub(FloatVector.fromArray(F, low, c, m)).div(FloatVector.fromArray(F, range, c, m))
                        .intoArray(out, dst, map, c, m);
            }
        }
        return finite(fin);
    }
}
