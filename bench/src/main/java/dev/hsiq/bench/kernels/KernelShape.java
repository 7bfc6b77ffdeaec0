/*
 * The layer shapes of the reference networks (DESIGN section 2) that every kernel benchmark
 * runs. A shape is a convolution over `batch` samples of inH x inW pixels with `channels`
 * channels, a kH x kW kernel (valid, stride 1) and n output channels; as an im2col GEMM it is
 * m = batch * outH * outW rows, k = channels * kH * kW, n columns. A dense layer is a kernel
 * covering its whole input.
 *
 * patch-cnn at B = 200 bands, 9 x 9 patch:
 *   conv1 9x9x200 -> 7x7x64 (m 49, k 1800; 76% of the MACs), also 16 patches per call
 *   conv2 7x7x64 -> 5x5x64 (m 25, k 576); conv3 5x5x64 -> 3x3x128 (m 9, k 576)
 *   dense1 3x3x128 -> 128 (k 1152), dense2 128 -> 16 classes, 16 patches per call
 * spectral-cnn at B = 200 (1-D): conv1 1x200x1 -> 190x32 (k 11); after pooling conv2
 *   63x32 -> 57x64 (k 224); conv3 19x64 -> 15x64 (k 320); dense1 7x64 -> 128 (k 448, 16 pixels)
 * probe: 64 x 64 x 1800 as a plain GEMM, the shape of DESIGN section 6's measurements.
 */
package dev.hsiq.bench.kernels;

import dev.hsiq.kernels.ConvGeometry;

import java.util.List;

public record KernelShape(String name, int batch, int inH, int inW, int channels, int kH, int kW, int n) {

    public static final List<KernelShape> ALL = List.of(
            new KernelShape("patch_conv1", 1, 9, 9, 200, 3, 3, 64),
            new KernelShape("patch_conv1_b16", 16, 9, 9, 200, 3, 3, 64),
            new KernelShape("patch_conv2", 1, 7, 7, 64, 3, 3, 64),
            new KernelShape("patch_conv3", 1, 5, 5, 64, 3, 3, 128),
            new KernelShape("patch_dense1_b16", 16, 3, 3, 128, 3, 3, 128),
            new KernelShape("patch_dense2_b16", 16, 1, 1, 128, 1, 1, 16),
            new KernelShape("spectral_conv1", 1, 1, 200, 1, 1, 11, 32),
            new KernelShape("spectral_conv2", 1, 1, 63, 32, 1, 7, 64),
            new KernelShape("spectral_conv3", 1, 1, 19, 64, 1, 5, 64),
            new KernelShape("spectral_dense1_b16", 16, 1, 7, 64, 1, 7, 128),
            new KernelShape("probe_64x64x1800", 64, 1, 1, 1800, 1, 1, 64));

    public static KernelShape named(String name) {
        for (KernelShape s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown kernel shape '" + name + "'");
    }

    /** The convolution of one sample. */
    public ConvGeometry geometry() {
        return new ConvGeometry(channels, inH, inW, n, kH, kW, 1, 1, 0, 0);
    }

    public int taps() {
        return kH * kW;
    }

    /** GEMM rows: output positions of all samples. */
    public int m() {
        return batch * (inH - kH + 1) * (inW - kW + 1);
    }

    /** Logical reduction length. */
    public int k() {
        return channels * taps();
    }

    /** Logical multiply-accumulates of one call. */
    public long macs() {
        return (long) m() * n * k();
    }
}
