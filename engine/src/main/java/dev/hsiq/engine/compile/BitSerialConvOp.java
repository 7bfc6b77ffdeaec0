/*
 * A quantized conv or dense layer on the bit-serial GEMM (BitSerialGemm: AND + popcount over
 * bit planes, DESIGN section 1):
 *   window rows  the packed input map's pixels under each output pixel's window, in
 *                WindowLayout order. When the channels fill whole words (C % 64 == 0: 64, 128)
 *                and there is no padding, a window row is kw consecutive pixels (one run of
 *                kw * F words) from each of kh map rows, so the GEMM reads it in place through
 *                RowSegments (BitSerialGemm.gemmSegments: one segment per kernel row, row base =
 *                the window's first pixel); a 1 x 1 layer and a dense layer over a whole map are
 *                the one-segment cases. Otherwise (channel remainders, padding) the rows are
 *                built tile by tile into the thread's workspace (WindowRows, as BitPacking.im2col).
 *   GEMM         int32 acc[row][channel] = sum_k q[row][k] * w[channel][k], exact;
 *   epilogue     thresholds -> next layer's planes or codes, or logits (Epilogue).
 * Weights are packed once at compile time (BitPacking.packWeights, [word][plane][channel]).
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.BitSerialGemm;
import dev.hsiq.kernels.BitWeights;
import dev.hsiq.kernels.WindowLayout;

final class BitSerialConvOp extends PlanOp {

    private final Window window;
    private final BitWeights weights;
    private final int rowLongs;
    private final Epilogue epilogue;

    BitSerialConvOp(String name, Window window, MapLayout in, MapLayout out, BitWeights weights, Epilogue epilogue) {
        super(name, in, out, weights.channels());
        if (in.kind() != MapLayout.Kind.PLANES) {
            throw new IllegalArgumentException(name + ": the bit-serial GEMM reads bit planes, not " + in);
        }
        WindowLayout layout = new WindowLayout(in.channels(), window.taps());
        if (layout.kWords() != weights.kWords()) {
            throw new IllegalArgumentException(name + ": weights packed for " + weights.kWords() + " words, window has "
                    + layout.kWords());
        }
        this.window = window;
        this.weights = weights;
        this.rowLongs = layout.kWords() * in.bits();
        this.epilogue = epilogue;
    }

    @Override
    boolean slides() {
        return window.slides();
    }

    @Override
    Spatial outSize(Spatial inSize) {
        return window.out(inSize);
    }

    @Override
    String kernel() {
        return "bit-serial a" + in.bits() + "w" + switch (weights.coding()) {
            case BINARY -> "1";
            case TERNARY -> "t";
            case SIGNED -> Integer.toString(weights.bits());
        };
    }

    @Override
    long macsPerPixel() {
        return (long) in.channels() * window.taps() * outChannels;
    }

    /** Whether windows are read in place through segments (whole words per pixel, no padding). */
    private boolean segmented() {
        return in.channels() % 64 == 0 && window.ph() == 0 && window.pw() == 0;
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        if (segmented()) {
            runSegmented(src, dst, p, u0, u1, ws);
            return;
        }
        Spatial inSize = p.in();
        int outPixels = window.out(inSize).pixels();
        int pixelStride = in.pixelStride();
        int sampleStride = in.sampleStride(inSize);
        boolean inPlace = window.pointwise() || (outPixels == 1 && window.covers(inSize) && in.channels() % 64 == 0);
        int rowStride = window.pointwise() ? pixelStride : inPlace ? sampleStride : rowLongs;
        int tile = tileRows(inPlace ? 0 : rowLongs, 8);
        int[] acc = ws.acc(tile * outChannels);
        long[] rows = inPlace ? src.words : ws.window(tile * rowLongs);
        BitSerialGemm gemm = BitSerialGemm.get();
        for (int t0 = u0; t0 < u1; t0 += tile) {
            int t1 = Math.min(u1, t0 + tile);
            int aOff;
            if (inPlace) {
                aOff = t0 * rowStride;
            } else {
                aOff = 0;
                WindowRows.planes(window, inSize, in.channels(), in.bits(), src.words, pixelStride, t0, t1, rows,
                        rowLongs);
            }
            gemm.gemm(rows, aOff, rowStride, in.bits(), weights, 0, t1 - t0, acc, 0, outChannels);
            epilogue.apply(acc, outChannels, t1 - t0, t0, dst);
        }
    }

    /**
     * Rows read in place: segment ky = the kw * F words of pixels (y + ky, x .. x + kw - 1), at
     * offset ky * W * pixelStride from the row base, the window's first pixel
     * (sample, oy * sh, ox * sw). The weights' WindowLayout order is exactly this concatenation
     * (taps in order, F words each, no remainder words).
     */
    private void runSegmented(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        Spatial inSize = p.in();
        Spatial os = window.out(inSize);
        int outPixels = os.pixels();
        int pixelStride = in.pixelStride();
        int sampleStride = in.sampleStride(inSize);
        int f = in.channels() / 64;
        int[] offsets = new int[window.kh()];
        int[] words = new int[window.kh()];
        for (int ky = 0; ky < window.kh(); ky++) {
            offsets[ky] = ky * inSize.w() * pixelStride;
            words[ky] = window.kw() * f;
        }
        dev.hsiq.kernels.RowSegments segments = new dev.hsiq.kernels.RowSegments(offsets, words);
        int tile = 256;
        int[] acc = ws.acc(tile * outChannels);
        int[] bases = ws.offsetsA(tile);
        BitSerialGemm gemm = BitSerialGemm.get();
        for (int t0 = u0; t0 < u1; t0 += tile) {
            int t1 = Math.min(u1, t0 + tile);
            for (int r = t0; r < t1; r++) {
                int s = r / outPixels;
                int q = r - s * outPixels;
                int oy = q / os.w();
                int ox = q - oy * os.w();
                bases[r - t0] = s * sampleStride + (oy * window.sh() * inSize.w() + ox * window.sw()) * pixelStride;
            }
            gemm.gemmSegments(src.words, bases, in.bits(), segments, weights, 0, t1 - t0, acc, 0, outChannels);
            epilogue.apply(acc, outChannels, t1 - t0, t0, dst);
        }
    }
}
