/*
 * Vector API input normalizer (contract and exact float operations in InputNormalizer).
 *
 * Every step is one lanewise IEEE operation with the same rounding as the scalar code:
 * sub, div (a real division, never a multiply by the reciprocal, which rounds differently),
 * max/min with Math semantics, mul by L, then round half up as t = F2I(p) (truncation, exact
 * for p in [0, 255]) plus one where p - I2F(t) >= 0.5 (exact), and I2B to the byte codes.
 * The layout changes: CHW -> HWC codes quantizes each channel plane contiguously, then
 * transposes the bytes (see quantizePlanesToRows); HWC -> CHW floats stores with a scatter
 * (indices c * planeStride). Tails use masked loads and stores.
 * Finiteness: fin += x - x per vector (NaN sticks), one reduction per call.
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.ByteTranspose;
import dev.hsiq.kernels.GemmChecks;
import dev.hsiq.kernels.InputNormalizer;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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

    public PanamaInputNormalizer() {
    }

    private static boolean finite(FloatVector fin) {
        return !Float.isNaN(fin.reduceLanes(VectorOperators.ADD));
    }

    @Override
    public boolean normalizeRows(float[] x, int xOff, int ldx, int rows, int channels, float[] low, float[] range,
                                 float[] out, int outOff, int ldOut) {
        InputNormalizer.checkRows(x.length, xOff, ldx, rows, channels, low, range, out.length, outOff, ldOut);
        FloatVector fin = FloatVector.zero(F);
        int full = channels - channels % LANES;
        for (int r = 0; r < rows; r++) {
            int src = xOff + r * ldx;
            int dst = outOff + r * ldOut;
            int c = 0;
            for (; c < full; c += LANES) {
                FloatVector v = FloatVector.fromArray(F, x, src + c);
                fin = fin.add(v.sub(v));
                v.sub(FloatVector.fromArray(F, low, c)).div(FloatVector.fromArray(F, range, c)).intoArray(out, dst + c);
            }
            if (c < channels) {
                VectorMask<Float> m = F.indexInRange(c, channels);
                FloatVector v = FloatVector.fromArray(F, x, src + c, m);
                fin = fin.add(v.sub(v));
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
        FloatVector fin = FloatVector.zero(F);
        int full = channels - channels % LANES;
        for (int r = 0; r < rows; r++) {
            int src = xOff + r * ldx;
            int dst = outOff + r * ldOut;
            int c = 0;
            for (; c < full; c += LANES) {
                FloatVector v = FloatVector.fromArray(F, x, src + c);
                fin = fin.add(v.sub(v));
                FloatVector p = v.sub(FloatVector.fromArray(F, low, c)).div(FloatVector.fromArray(F, range, c))
                        .max(0f).min(1f).mul(levels);
                // round half up: truncate, then add one where the exact remainder is >= 1/2
                IntVector t = (IntVector) p.convertShape(VectorOperators.F2I, I, 0);
                FloatVector frac = p.sub((FloatVector) t.convertShape(VectorOperators.I2F, F, 0));
                IntVector q = t.add(1, frac.compare(VectorOperators.GE, 0.5f).cast(I));
                ByteVector qb = (ByteVector) q.convertShape(VectorOperators.I2B, B, 0);
                if (FULL_BYTE_STORE) {
                    qb.intoArray(out, dst + c);
                } else {
                    qb.intoArray(out, dst + c, B.indexInRange(0, LANES));
                }
            }
            if (c < channels) {
                VectorMask<Float> m = F.indexInRange(c, channels);
                FloatVector v = FloatVector.fromArray(F, x, src + c, m);
                fin = fin.add(v.sub(v));
                FloatVector p = v.sub(FloatVector.fromArray(F, low, c, m)).div(FloatVector.fromArray(F, range, c, m))
                        .max(0f).min(1f).mul(levels);
                IntVector t = (IntVector) p.convertShape(VectorOperators.F2I, I, 0);
                FloatVector frac = p.sub((FloatVector) t.convertShape(VectorOperators.I2F, F, 0));
                IntVector q = t.add(1, frac.compare(VectorOperators.GE, 0.5f).cast(I));
                ByteVector qb = (ByteVector) q.convertShape(VectorOperators.I2B, B, 0);
                qb.intoArray(out, dst + c, B.indexInRange(0, channels - c));
            }
        }
        return finite(fin);
    }

    @Override
    public boolean normalizePlanes(float[] x, int xOff, int samples, int channels, int pixels, float[] low,
                                   float[] range, float[] out, int outOff) {
        InputNormalizer.checkPlanes(x.length, xOff, samples, channels, pixels, low, range);
        GemmChecks.block("output planes", out.length, outOff, samples * channels, pixels, pixels);
        FloatVector fin = FloatVector.zero(F);
        int full = pixels - pixels % LANES;
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * pixels;
                FloatVector lo = FloatVector.broadcast(F, low[c]);
                FloatVector rg = FloatVector.broadcast(F, range[c]);
                int p = 0;
                for (; p < full; p += LANES) {
                    FloatVector v = FloatVector.fromArray(F, x, xOff + base + p);
                    fin = fin.add(v.sub(v));
                    v.sub(lo).div(rg).intoArray(out, outOff + base + p);
                }
                if (p < pixels) {
                    VectorMask<Float> m = F.indexInRange(p, pixels);
                    FloatVector v = FloatVector.fromArray(F, x, xOff + base + p, m);
                    fin = fin.add(v.sub(v));
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
     * with contiguous vectors into a CHW scratch (a gather per pixel instead measured 2-4x
     * slower: every lane is another cache line, and the masked tail gather is not
     * intrinsified), then the channels x pixels byte matrix is transposed in 8 x 8 blocks
     * held in longs (ByteTranspose).
     */
    @Override
    public boolean quantizePlanesToRows(float[] x, int xOff, int samples, int channels, int pixels, float[] low,
                                        float[] range, int bits, byte[] out, int outOff, int ldOut) {
        InputNormalizer.checkBits(bits);
        InputNormalizer.checkPlanes(x.length, xOff, samples, channels, pixels, low, range);
        GemmChecks.block("output rows", out.length, outOff, samples * pixels, channels, ldOut);
        float levels = (1 << bits) - 1;
        byte[] planeCodes = new byte[channels * pixels];
        FloatVector fin = FloatVector.zero(F);
        int full = pixels - pixels % LANES;
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < channels; c++) {
                int src = xOff + (s * channels + c) * pixels;
                int dst = c * pixels;
                FloatVector lo = FloatVector.broadcast(F, low[c]);
                FloatVector rg = FloatVector.broadcast(F, range[c]);
                int p = 0;
                for (; p < full; p += LANES) {
                    FloatVector v = FloatVector.fromArray(F, x, src + p);
                    fin = fin.add(v.sub(v));
                    FloatVector q = v.sub(lo).div(rg).max(0f).min(1f).mul(levels);
                    IntVector t = (IntVector) q.convertShape(VectorOperators.F2I, I, 0);
                    FloatVector frac = q.sub((FloatVector) t.convertShape(VectorOperators.I2F, F, 0));
                    IntVector code = t.add(1, frac.compare(VectorOperators.GE, 0.5f).cast(I));
                    ByteVector qb = (ByteVector) code.convertShape(VectorOperators.I2B, B, 0);
                    if (FULL_BYTE_STORE) {
                        qb.intoArray(planeCodes, dst + p);
                    } else {
                        qb.intoArray(planeCodes, dst + p, B.indexInRange(0, LANES));
                    }
                }
                for (; p < pixels; p++) {
                    float v = x[src + p];
                    fin = fin.add(v - v);
                    planeCodes[dst + p] = (byte) InputNormalizer.code((v - low[c]) / range[c], levels);
                }
            }
            ByteTranspose.transpose(planeCodes, channels, pixels, out, outOff + s * pixels * ldOut, ldOut);
        }
        return finite(fin);
    }

    @Override
    public boolean normalizeRowsToPlanes(float[] x, int xOff, int ldx, int rows, int channels, float[] low,
                                         float[] range, float[] out, int outOff, int planeStride) {
        InputNormalizer.checkRange(low, range, channels);
        GemmChecks.block("input rows", x.length, xOff, rows, channels, ldx);
        GemmChecks.block("output planes", out.length, outOff, channels, rows, planeStride);
        int[] map = channelOffsets(channels, planeStride);
        FloatVector fin = FloatVector.zero(F);
        int full = channels - channels % LANES;
        for (int r = 0; r < rows; r++) {
            int src = xOff + r * ldx;
            int dst = outOff + r;
            int c = 0;
            for (; c < full; c += LANES) {
                FloatVector v = FloatVector.fromArray(F, x, src + c);
                fin = fin.add(v.sub(v));
                // channel c + j goes to out[dst + (c + j) * planeStride]
                v.sub(FloatVector.fromArray(F, low, c)).div(FloatVector.fromArray(F, range, c)).intoArray(out, dst, map, c);
            }
            if (c < channels) {
                VectorMask<Float> m = F.indexInRange(c, channels);
                FloatVector v = FloatVector.fromArray(F, x, src + c, m);
                fin = fin.add(v.sub(v));
                v.sub(FloatVector.fromArray(F, low, c, m)).div(FloatVector.fromArray(F, range, c, m))
                        .intoArray(out, dst, map, c, m);
            }
        }
        return finite(fin);
    }
}
