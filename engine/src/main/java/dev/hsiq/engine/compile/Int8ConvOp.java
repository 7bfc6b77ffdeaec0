/*
 * A quantized conv or dense layer on the int8 GEMM (Int8Gemm: byte codes x signed 8-bit
 * weight codes, 16-bit partial sums widened to int32): the path for bit widths where
 * bit-serial needs too many plane pairs (8-bit x 8-bit) and for thin layers whose packed
 * window would be mostly padding (one input channel: spectral-cnn's conv1).
 *
 * Window rows are built from HWC byte codes (WindowRows: taps in order, each a run of C
 * codes, zeros outside the map), so the reduction order is (tap, channel); the weights
 * [out][in][kh][kw] are reordered to that order once at compile time. As in BitSerialConvOp,
 * a 1 x 1 layer and a dense layer over a whole map read their rows in place.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.Int8Gemm;
import dev.hsiq.kernels.Int8Weights;

final class Int8ConvOp extends WindowedOp {

    private final Int8Weights weights;
    private final int rowBytes;
    private final Epilogue epilogue;

    /** codes: the layer's weight codes in [out][in][kh][kw] order. */
    Int8ConvOp(String name, Window window, MapLayout in, MapLayout out, byte[] codes, int outChannels,
               Epilogue epilogue) {
        super(name, window, in, out, outChannels);
        if (in.kind() != MapLayout.Kind.CODES) {
            throw new IllegalArgumentException(name + ": the int8 GEMM reads byte codes, not " + in);
        }
        int c = in.channels();
        int taps = window.taps();
        this.rowBytes = c * taps;
        this.weights = Int8Gemm.get().prepare(WindowRows.tapMajor(codes, outChannels, c, taps), outChannels, rowBytes);
        this.epilogue = epilogue;
    }

    @Override
    String kernel() {
        return "int8 a" + in.bits();
    }

    @Override
    long macsPerPixel() {
        return (long) rowBytes * outChannels;
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        Spatial inSize = p.in();
        Spatial os = window.out(inSize);
        int outPixels = os.pixels();
        int c = in.channels();
        int sampleStride = in.sampleStride(inSize);
        boolean inPlace = window.pointwise() || (outPixels == 1 && window.covers(inSize));
        int lda = window.pointwise() ? c : inPlace ? sampleStride : rowBytes;
        int tile = tileRows(inPlace ? 0 : rowBytes, 1);
        int[] acc = ws.acc(tile * outChannels);
        byte[] rows = inPlace ? src.bytes : ws.window8(tile * rowBytes);
        Int8Gemm gemm = Int8Gemm.get();
        for (int t0 = u0; t0 < u1; t0 += tile) {
            int t1 = Math.min(u1, t0 + tile);
            if (!inPlace) {
                WindowRows.codes(window, inSize, in.channels(), src.bytes, t0, t1, rows);
            }
            gemm.gemm(rows, inPlace ? t0 * lda : 0, lda, in.bits(), weights, 0, t1 - t0, acc, 0, outChannels);
            epilogue.apply(acc, outChannels, t1 - t0, t0, dst);
        }
    }
}
