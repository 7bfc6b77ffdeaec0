/*
 * WindowRows against BitPacking.im2col (planes) and a direct byte-by-byte definition (codes),
 * over strides, padding, channel counts with and without remainder bits, several samples and
 * tiles that start and end inside a sample.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.BitPacking;
import dev.hsiq.kernels.ConvGeometry;
import dev.hsiq.kernels.WindowLayout;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WindowRowsTest {

    static final Window[] WINDOWS = {new Window(3, 3, 1, 1, 0, 0), new Window(3, 3, 1, 1, 1, 1),
            new Window(2, 3, 2, 1, 1, 0), new Window(1, 11, 1, 2, 0, 5), new Window(1, 1, 1, 1, 0, 0),
            new Window(5, 5, 1, 1, 0, 0)};

    @Test
    void planesMatchBitPackingIm2col() {
        Random rnd = new Random(1);
        for (Window w : WINDOWS) {
            for (int channels : new int[]{1, 8, 64, 70, 128, 200}) {
                for (int bits : new int[]{1, 2, 8}) {
                    Spatial in = w.kh() == 1 ? new Spatial(1, 23) : new Spatial(6, 7);
                    int samples = 3;
                    int pixelStride = BitPacking.words(channels) * bits;
                    byte[] codes = new byte[samples * in.pixels() * channels];
                    for (int i = 0; i < codes.length; i++) codes[i] = (byte) rnd.nextInt(1 << bits);
                    long[] map = new long[samples * in.pixels() * pixelStride];
                    BitPacking.packRows(codes, 0, channels, samples * in.pixels(), channels, bits, map, 0, pixelStride);
                    WindowLayout layout = new WindowLayout(channels, w.taps());
                    int rowLongs = layout.kWords() * bits;
                    Spatial os = w.out(in);
                    int rows = samples * os.pixels();
                    ConvGeometry g = w.geometry(channels, 4, in);
                    long[] want = new long[rows * rowLongs];
                    for (int s = 0; s < samples; s++) {
                        BitPacking.im2col(g, bits, map, s * in.pixels() * pixelStride, pixelStride, 0, os.pixels(), want,
                                s * os.pixels() * rowLongs, rowLongs);
                    }
                    int t0 = Math.min(rows, os.pixels() / 2 + 1);
                    long[] got = new long[rows * rowLongs];
                    java.util.Arrays.fill(got, -1L); // stale scratch must be overwritten
                    WindowRows.planes(w, in, channels, bits, map, pixelStride, 0, t0, got, rowLongs);
                    long[] rest = new long[rows * rowLongs];
                    java.util.Arrays.fill(rest, -1L);
                    WindowRows.planes(w, in, channels, bits, map, pixelStride, t0, rows, rest, rowLongs);
                    System.arraycopy(rest, 0, got, t0 * rowLongs, (rows - t0) * rowLongs);
                    assertThat(got).as("%s, %d channels, %d bits", w, channels, bits).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void codesMatchTheDefinition() {
        Random rnd = new Random(2);
        for (Window w : WINDOWS) {
            for (int channels : new int[]{1, 3, 200}) {
                Spatial in = w.kh() == 1 ? new Spatial(1, 23) : new Spatial(6, 7);
                int samples = 2;
                byte[] map = new byte[samples * in.pixels() * channels];
                rnd.nextBytes(map);
                Spatial os = w.out(in);
                int rows = samples * os.pixels();
                int rowBytes = w.taps() * channels;
                byte[] got = new byte[rows * rowBytes];
                java.util.Arrays.fill(got, (byte) 99);
                WindowRows.codes(w, in, channels, map, 0, rows, got);
                for (int r = 0; r < rows; r++) {
                    int s = r / os.pixels();
                    int oy = (r % os.pixels()) / os.w();
                    int ox = (r % os.pixels()) % os.w();
                    for (int ky = 0; ky < w.kh(); ky++) {
                        for (int kx = 0; kx < w.kw(); kx++) {
                            int iy = oy * w.sh() - w.ph() + ky;
                            int ix = ox * w.sw() - w.pw() + kx;
                            boolean inside = iy >= 0 && iy < in.h() && ix >= 0 && ix < in.w();
                            for (int c = 0; c < channels; c++) {
                                byte want = inside ? map[(s * in.pixels() + iy * in.w() + ix) * channels + c] : 0;
                                assertThat(got[r * rowBytes + (ky * w.kw() + kx) * channels + c]).isEqualTo(want);
                            }
                        }
                    }
                }
            }
        }
    }
}
