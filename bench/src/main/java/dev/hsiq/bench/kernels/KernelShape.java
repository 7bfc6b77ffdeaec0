/*
 * The GEMM shapes of the reference networks (DESIGN section 2) that every kernel benchmark
 * runs: m output rows (positions x batch), n output channels, and the reduction as a window
 * of `taps` pixels of `channels` channels (k = taps * channels; a dense layer is one tap).
 *
 * patch-cnn at B = 200 bands, 9 x 9 patch, valid 3 x 3 convolutions:
 *   conv1 7x7 = 49 positions, k = 9 x 200 = 1800, n = 64 (76% of the MACs); batched: 16 patches
 *   conv2 5x5 = 25 positions, k = 9 x 64 = 576, n = 64;  conv3 3x3 = 9, k = 576, n = 128
 *   dense1 1152 -> 128, dense2 128 -> 16 classes (16 patches per call)
 * spectral-cnn at B = 200: conv1 190 positions, k = 11, n = 32; conv2 57, k = 7 x 32, n = 64;
 *   conv3 15, k = 5 x 64, n = 64; dense1 448 -> 128 (16 pixels per call)
 * probe: 64 x 64 x 1800, the shape of DESIGN section 6's measurements.
 */
package dev.hsiq.bench.kernels;

import java.util.List;

public record KernelShape(String name, int m, int n, int channels, int taps) {

    public static final List<KernelShape> ALL = List.of(
            new KernelShape("patch_conv1", 49, 64, 200, 9),
            new KernelShape("patch_conv1_b16", 784, 64, 200, 9),
            new KernelShape("patch_conv2", 25, 64, 64, 9),
            new KernelShape("patch_conv3", 9, 128, 64, 9),
            new KernelShape("patch_dense1_b16", 16, 128, 128, 9),
            new KernelShape("patch_dense2_b16", 16, 16, 128, 1),
            new KernelShape("spectral_conv1", 190, 32, 1, 11),
            new KernelShape("spectral_conv2", 57, 64, 32, 7),
            new KernelShape("spectral_conv3", 15, 64, 64, 5),
            new KernelShape("spectral_dense1_b16", 16, 128, 448, 1),
            new KernelShape("probe_64x64x1800", 64, 64, 1800, 1));

    public static KernelShape named(String name) {
        for (KernelShape s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown kernel shape '" + name + "'");
    }

    /** Logical reduction length. */
    public int k() {
        return channels * taps;
    }

    /** Logical multiply-accumulates of one call. */
    public long macs() {
        return (long) m * n * k();
    }
}
