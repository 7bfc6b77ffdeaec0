/*
 * A quantized conv or dense layer on the float plan's SIMD GEMM, computing the integer
 * accumulators exactly.
 *
 * Exactness. Every product of an input code q (0 .. 2^a - 1) and a weight code w is an
 * integer, and every partial sum of any subset of a row's products, in any order, is an
 * integer of magnitude at most B_o = (2^a - 1) * sum_k |w_ok| (output channel o). float32
 * holds every integer up to 2^24 exactly, so while B_o <= 2^24 no product, sum or fused
 * multiply-add of the GEMM ever rounds, whatever its blocking and order: C equals the int32
 * accumulator, and (int) C is the reference's value. The compiler checks the bound on the
 * layer's actual weight codes (AccumulatorBound.exactInFloat) before the cost model may
 * choose this kernel (CostModel.Layer.floatExact).
 *
 * Why. With 8-bit codes and 4- or 8-bit weights the bit-serial GEMM needs 32 or 64 plane
 * pairs and the int8 GEMM runs at 19-34 GMAC/s, while the float GEMM with packed weights
 * runs at 55-69 (kernels/README.md): patch-cnn's 4/4 and 8/8 plans were slower than the
 * float plan of the same network.
 *
 * Rows: WindowRows.codes (tap-major byte windows, zeros outside the map, as Int8ConvOp), or
 * the map itself for a 1 x 1 layer and a dense layer over a whole map, widened to floats;
 * weights [out][in][kh][kw] reordered tap-major and packed once as the GEMM's B (k x out
 * channels: weights as B measured faster for few rows, FloatGemm). Then acc = (int) C and
 * the integer kernels' epilogue.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.FloatGemm;

import java.util.Arrays;

final class FloatCodesConvOp extends WindowedOp {

    private final FloatGemm.PackedMatrix weights;
    private final int rowLength;
    private final Epilogue epilogue;

    /** codes: the layer's weight codes in [out][in][kh][kw] order (their float bound checked by the caller). */
    FloatCodesConvOp(String name, Window window, MapLayout in, MapLayout out, byte[] codes, int outChannels,
                     Epilogue epilogue) {
        super(name, window, in, out, outChannels);
        if (in.kind() != MapLayout.Kind.CODES) {
            throw new IllegalArgumentException(name + ": the float GEMM on codes reads byte codes, not " + in);
        }
        int c = in.channels();
        int taps = window.taps();
        this.rowLength = c * taps;
        // B = the tap-major weight rows transposed: k x out channels
        byte[] rows = WindowRows.tapMajor(codes, outChannels, c, taps);
        float[] b = new float[rowLength * outChannels];
        for (int o = 0; o < outChannels; o++) {
            for (int k = 0; k < rowLength; k++) {
                b[k * outChannels + o] = rows[o * rowLength + k];
            }
        }
        this.weights = FloatGemm.get().packB(false, rowLength, outChannels, b, 0, outChannels);
        this.epilogue = epilogue;
    }

    @Override
    String kernel() {
        return "float GEMM on codes a" + in.bits();
    }

    @Override
    long macsPerPixel() {
        return (long) rowLength * outChannels;
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        Spatial inSize = p.in();
        int outPixels = window.out(inSize).pixels();
        int c = in.channels();
        int sampleStride = in.sampleStride(inSize);
        boolean inPlace = window.pointwise() || (outPixels == 1 && window.covers(inSize));
        int lda = window.pointwise() ? c : inPlace ? sampleStride : rowLength;
        int tile = tileRows(rowLength, 5);
        byte[] rows = inPlace ? src.bytes : ws.window8(tile * rowLength);
        float[] a = ws.floats(tile * rowLength);
        float[] cf = ws.floats2(tile * outChannels);
        int[] acc = ws.acc(tile * outChannels);
        FloatGemm gemm = FloatGemm.get();
        for (int t0 = u0; t0 < u1; t0 += tile) {
            int t1 = Math.min(u1, t0 + tile);
            int n = t1 - t0;
            int from = 0;
            if (inPlace) {
                from = t0 * lda;
            } else {
                WindowRows.codes(window, inSize, c, src.bytes, t0, t1, rows);
            }
            for (int r = 0; r < n; r++) {
                widen(rows, from + r * lda, a, r * rowLength, rowLength);
            }
            Arrays.fill(cf, 0, n * outChannels, 0f);
            gemm.gemmPackedB(false, n, a, 0, rowLength, weights, cf, 0, outChannels);
            for (int i = 0; i < n * outChannels; i++) {
                acc[i] = (int) cf[i];
            }
            epilogue.apply(acc, outChannels, n, t0, dst);
        }
    }

    /** Unsigned byte codes -> floats: k per row, against the GEMM's k x out channels. */
    private static void widen(byte[] src, int from, float[] dst, int to, int n) {
        for (int i = 0; i < n; i++) {
            dst[to + i] = src[from + i] & 0xFF;
        }
    }
}
