/*
 * Builds the window rows (im2col) of a tile of output pixels, for the bit-serial GEMM (packed
 * planes, in BitPacking's WindowLayout order, exactly what BitPacking.im2col writes) and for
 * the int8 GEMM (byte codes, taps in order, each tap's C codes).
 *
 * Why not BitPacking.im2col tap by tap: the taps of one kernel row are consecutive pixels of
 * the map, and in both layouts their data is contiguous in the source and in the window row
 * (planes: when the channels fill whole words, C % 64 == 0, each tap is F = C / 64 whole words;
 * bytes: always). So a kernel row that lies inside the map is ONE copy of kw taps instead of
 * kw copies (patch-cnn conv2/3 and the dense layers in scene mode: 3 copies per window instead
 * of 9; spectral-cnn's conv1, one channel: one 11-byte copy instead of eleven 1-byte copies).
 * Windows that cross the border (zero padding) and remainder bits (C % 64 != 0: the tail
 * words where WindowLayout packs every tap's last C % 64 channels back to back) go tap by tap.
 * Short runs are copied by a plain loop, which beats System.arraycopy's call below ~16 words.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.WindowLayout;

import java.util.Arrays;

final class WindowRows {

    private WindowRows() {
    }

    /**
     * Planes: rows t0..t1-1 (sample-major output pixels) into dst at (r - t0) * rowLongs.
     * map holds the samples' packed pixel maps ([pixel][word][plane], pixelStride longs).
     */
    static void planes(Window win, Spatial in, int channels, int bits, long[] map, int pixelStride, int t0, int t1,
                       long[] dst, int rowLongs) {
        WindowLayout layout = new WindowLayout(channels, win.taps());
        int f = layout.fullWordsPerPixel();
        int rem = layout.remainder();
        int fullLongs = f * bits;
        int tailBase = layout.fullWords() * bits;
        Spatial os = win.out(in);
        int outPixels = os.pixels();
        int sampleStride = in.pixels() * pixelStride;
        int kw = win.kw();
        for (int r = t0; r < t1; r++) {
            int row = (r - t0) * rowLongs;
            int s = r / outPixels;
            int q = r - s * outPixels;
            int oy = q / os.w();
            int ox = q - oy * os.w();
            int base = s * sampleStride;
            if (rem != 0) {
                Arrays.fill(dst, row + tailBase, row + rowLongs, 0L);
            }
            int x0 = ox * win.sw() - win.pw();
            boolean rowsInside = x0 >= 0 && x0 + kw <= in.w();
            for (int ky = 0; ky < win.kh(); ky++) {
                int iy = oy * win.sh() - win.ph() + ky;
                int tap0 = ky * kw;
                int out = row + tap0 * fullLongs;
                if (iy < 0 || iy >= in.h()) {
                    Arrays.fill(dst, out, out + kw * fullLongs, 0L);
                    continue;
                }
                int src = base + (iy * in.w() + x0) * pixelStride;
                if (rem == 0 && rowsInside) {
                    copy(map, src, dst, out, kw * fullLongs);
                    continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                    int ix = x0 + kx;
                    int o = out + kx * fullLongs;
                    if (ix < 0 || ix >= in.w()) {
                        Arrays.fill(dst, o, o + fullLongs, 0L);
                        continue;
                    }
                    int p = src + kx * pixelStride;
                    copy(map, p, dst, o, fullLongs);
                    if (rem != 0) {
                        // the pixel's last `rem` channels, one long per plane, into the shared tail
                        int pos = (tap0 + kx) * rem;
                        int word = row + tailBase + (pos >>> 6) * bits;
                        int shift = pos & 63;
                        boolean spill = shift + rem > 64;
                        for (int b = 0; b < bits; b++) {
                            long v = map[p + fullLongs + b];
                            dst[word + b] |= v << shift;
                            if (spill) {
                                dst[word + bits + b] |= v >>> (64 - shift);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Weight codes [out][in][taps] reordered to the byte rows' (tap, channel) order:
     * [out][taps][in], so that a weight row lines up with a row built by codes().
     */
    static byte[] tapMajor(byte[] codes, int outChannels, int channels, int taps) {
        int row = channels * taps;
        byte[] out = new byte[codes.length];
        for (int o = 0; o < outChannels; o++) {
            for (int ch = 0; ch < channels; ch++) {
                for (int t = 0; t < taps; t++) {
                    out[o * row + t * channels + ch] = codes[o * row + ch * taps + t];
                }
            }
        }
        return out;
    }

    /** Bytes: rows t0..t1-1 into dst at (r - t0) * taps * channels, taps in order, each C codes. */
    static void codes(Window win, Spatial in, int channels, byte[] map, int t0, int t1, byte[] dst) {
        Spatial os = win.out(in);
        int outPixels = os.pixels();
        int sampleStride = in.pixels() * channels;
        int kw = win.kw();
        int rowBytes = win.taps() * channels;
        for (int r = t0; r < t1; r++) {
            int row = (r - t0) * rowBytes;
            int s = r / outPixels;
            int q = r - s * outPixels;
            int oy = q / os.w();
            int ox = q - oy * os.w();
            int x0 = ox * win.sw() - win.pw();
            boolean rowsInside = x0 >= 0 && x0 + kw <= in.w();
            for (int ky = 0; ky < win.kh(); ky++) {
                int iy = oy * win.sh() - win.ph() + ky;
                int out = row + ky * kw * channels;
                if (iy < 0 || iy >= in.h()) {
                    Arrays.fill(dst, out, out + kw * channels, (byte) 0);
                    continue;
                }
                int src = s * sampleStride + (iy * in.w() + x0) * channels;
                if (rowsInside) {
                    copy(map, src, dst, out, kw * channels);
                    continue;
                }
                for (int kx = 0; kx < kw; kx++) {
                    int ix = x0 + kx;
                    if (ix < 0 || ix >= in.w()) {
                        Arrays.fill(dst, out + kx * channels, out + (kx + 1) * channels, (byte) 0);
                    } else {
                        copy(map, src + kx * channels, dst, out + kx * channels, channels);
                    }
                }
            }
        }
    }

    private static void copy(long[] src, int from, long[] dst, int to, int n) {
        if (n < 16) {
            for (int i = 0; i < n; i++) {
                dst[to + i] = src[from + i];
            }
        } else {
            System.arraycopy(src, from, dst, to, n);
        }
    }

    private static void copy(byte[] src, int from, byte[] dst, int to, int n) {
        if (n < 64) {
            for (int i = 0; i < n; i++) {
                dst[to + i] = src[from + i];
            }
        } else {
            System.arraycopy(src, from, dst, to, n);
        }
    }
}
