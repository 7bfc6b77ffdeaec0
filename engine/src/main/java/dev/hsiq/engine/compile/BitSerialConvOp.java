/*
 * A quantized conv or dense layer on the bit-serial GEMM (BitSerialGemm: AND + popcount over
 * bit planes, DESIGN section 1):
 *   window rows  the packed input map's pixels under each output pixel's window, in
 *                WindowLayout order. When the channels fill whole words (C % 64 == 0: 64, 128)
 *                and there is no padding, a window row is kw consecutive pixels (one run of
 *                kw * F words) from each of kh map rows, so the GEMM reads it in place through
 *                RowSegments (BitSerialGemm.gemmSegments: one segment per kernel row, row base =
 *                the window's first pixel); a 1 x 1 layer and a dense layer over a whole map are
 *                the one-segment cases. The network input's channels may leave a remainder
 *                (200 bands = 3 words + 8 channels): then its packed map carries merged tails
 *                (MapLayout, PackOp) and a window row is kh segments of kw * F full words
 *                plus kh one-word tail segments (30 words for patch-cnn's conv1 instead of the
 *                29 of the packed-back-to-back WindowLayout, and no copy); the weights are
 *                packed in that order (packWeights). Otherwise (hidden layers with remainders,
 *                padding) the rows are built tile by tile into the thread's workspace
 *                (WindowRows, as BitPacking.im2col).
 *   GEMM         int32 acc[row][channel] = sum_k q[row][k] * w[channel][k], exact;
 *   epilogue     thresholds -> next layer's planes or codes, or logits (Epilogue).
 * Weights are packed once at compile time (BitPacking.packWeights, [word][plane][channel]).
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.BitSerialGemm;
import dev.hsiq.kernels.BitWeights;
import dev.hsiq.kernels.WindowLayout;

final class BitSerialConvOp extends WindowedOp {

    private final BitWeights weights;
    private final int rowLongs;
    private final Epilogue epilogue;

    BitSerialConvOp(String name, Window window, MapLayout in, MapLayout out, BitWeights weights, Epilogue epilogue) {
        super(name, window, in, out, weights.channels());
        if (in.kind() != MapLayout.Kind.PLANES) {
            throw new IllegalArgumentException(name + ": the bit-serial GEMM reads bit planes, not " + in);
        }
        WindowLayout layout = new WindowLayout(in.channels(), window.taps());
        int kWords = kWords(window, in);
        if (kWords != weights.kWords()) {
            throw new IllegalArgumentException(name + ": weights packed for " + weights.kWords() + " words, window has "
                    + kWords);
        }
        if (in.mergedTails() > 1 && (in.mergedTails() != window.kw() || !segmented(window, in))) {
            throw new IllegalArgumentException(name + ": merged tails of " + in.mergedTails() + " pixels need a "
                    + "window " + in.mergedTails() + " wide without padding, not " + window);
        }
        this.weights = weights;
        this.rowLongs = layout.kWords() * in.bits();
        this.epilogue = epilogue;
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

    /** Whether windows are read in place through segments (whole words per pixel or merged tails, no padding). */
    static boolean segmented(Window window, MapLayout in) {
        return window.ph() == 0 && window.pw() == 0
                && (in.channels() % 64 == 0 || (in.mergedTails() > 1 && in.mergedTails() == window.kw()));
    }

    /** Words of a window row: WindowLayout's, or taps * F + kh with merged tails. */
    static int kWords(Window window, MapLayout in) {
        if (in.mergedTails() > 1) {
            return window.taps() * (in.channels() / 64) + window.kh();
        }
        return new WindowLayout(in.channels(), window.taps()).kWords();
    }

    /**
     * Weight codes [out][in][kh][kw] packed for this layer's window rows: BitPacking.packWeights
     * (WindowLayout order), or with merged tails: channel c < 64 F of tap t at word t * F + c / 64,
     * a remainder channel c of tap (ky, kx) at word taps * F + ky, bit kx * R + (c - 64 F).
     */
    static BitWeights packWeights(byte[] codes, int outChannels, Window window, MapLayout in,
                                  BitWeights.Coding coding, int bits) {
        int c = in.channels();
        int taps = window.taps();
        if (in.mergedTails() == 1) {
            return dev.hsiq.kernels.BitPacking.packWeights(codes, outChannels, new WindowLayout(c, taps), coding, bits);
        }
        int f = c / 64;
        int rem = c % 64;
        int kWords = kWords(window, in);
        int padded = BitWeights.roundUpChannels(outChannels);
        long[] data = new long[kWords * bits * padded];
        int min = BitWeights.minCode(coding, bits);
        int max = BitWeights.maxCode(coding, bits);
        for (int o = 0; o < outChannels; o++) {
            for (int ch = 0; ch < c; ch++) {
                for (int t = 0; t < taps; t++) {
                    int code = codes[(o * c + ch) * taps + t];
                    if (code < min || code > max || (coding == BitWeights.Coding.BINARY && code == 0)) {
                        throw new IllegalArgumentException("weight code " + code + " is outside " + coding);
                    }
                    int word;
                    int bit;
                    if (ch < 64 * f) {
                        word = t * f + ch / 64;
                        bit = ch % 64;
                    } else {
                        word = taps * f + t / window.kw();
                        bit = (t % window.kw()) * rem + ch - 64 * f;
                    }
                    long planeBits = switch (coding) {
                        case BINARY -> code > 0 ? 1 : 0;
                        case TERNARY -> code > 0 ? 1 : code < 0 ? 2 : 0;
                        case SIGNED -> code & ((1 << bits) - 1);
                    };
                    for (int j = 0; j < bits; j++) {
                        if (((planeBits >>> j) & 1) != 0) {
                            data[(word * bits + j) * padded + o] |= 1L << bit;
                        }
                    }
                }
            }
        }
        return new BitWeights(coding, bits, outChannels, padded, kWords, data);
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        if (segmented(window, in)) {
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
     * (taps in order, F words each, no remainder words). With merged tails: the kernel rows' full
     * words, then one tail word per kernel row from the tail region (packWeights' order).
     */
    private void runSegmented(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        Spatial inSize = p.in();
        Spatial os = window.out(inSize);
        int outPixels = os.pixels();
        int pixelStride = in.pixelStride();
        int sampleStride = in.sampleStride(inSize);
        dev.hsiq.kernels.RowSegments segments = segments(inSize, pixelStride, p.n() * sampleStride);
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

    /** The segments of a window row; tails = the offset of the merged-tail region (MapLayout). */
    private dev.hsiq.kernels.RowSegments segments(Spatial inSize, int pixelStride, int tails) {
        int f = in.channels() / 64;
        int kh = window.kh();
        int kw = window.kw();
        boolean merged = in.mergedTails() > 1;
        int full = f > 0 ? kh : 0;
        int[] offsets = new int[full + (merged ? kh : 0)];
        int[] words = new int[offsets.length];
        for (int ky = 0; ky < kh; ky++) {
            if (f > 0) {
                offsets[ky] = ky * inSize.w() * pixelStride;
                words[ky] = kw * f;
            }
            if (merged) {
                offsets[full + ky] = tails + ky * inSize.w() * pixelStride;
                words[full + ky] = 1;
            }
        }
        return new dev.hsiq.kernels.RowSegments(offsets, words);
    }
}
