/*
 * The geometry of a conv or dense layer as plain loops see it. A dense layer over a CHW
 * input is the convolution whose kernel covers the whole input (kernel H x W, no padding,
 * one output position): its weight [out, C*H*W] in row-major order is exactly the conv
 * weight [out, C, H, W]. So one loop nest serves both:
 *
 *   out[o, oy, ox] = sum_{ic, ky, kx} w[o, ic, ky, kx] * in[ic, oy*sh - ph + ky, ox*sw - pw + kx]
 *
 * with positions outside the input contributing zero (zero padding; for codes, code 0 is
 * the real value 0, so padding stays exact in the quantized network).
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Shape;

public record Geometry(Shape in, Shape out, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    public static Geometry of(LayerSpec layer, Shape in, Shape out) {
        return switch (layer) {
            case LayerSpec.Conv c -> new Geometry(in, out, c.kernelH(), c.kernelW(), c.strideH(), c.strideW(),
                    c.padH(), c.padW());
            case LayerSpec.Dense d -> new Geometry(in, out, in.height(), in.width(), 1, 1, 0, 0);
            default -> throw new IllegalArgumentException("layer " + layer.name() + " is not a conv or dense layer");
        };
    }

    /** Products per output value: in channels x kernel area. */
    public int reduction() {
        return in.channels() * kernelH * kernelW;
    }

    /** The expected weight element count: out x reduction. */
    long weightCount() {
        return (long) out.channels() * reduction();
    }

    /** Exact integer accumulators of codes x weight codes, one per output value (CHW). */
    long[] accumulate(int[] in, byte[] w) {
        int ic = this.in.channels();
        int ih = this.in.height();
        int iw = this.in.width();
        long[] acc = new long[out.size()];
        for (int o = 0; o < out.channels(); o++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    long sum = 0;
                    for (int c = 0; c < ic; c++) {
                        for (int ky = 0; ky < kernelH; ky++) {
                            int iy = oy * strideH - padH + ky;
                            if (iy < 0 || iy >= ih) continue;
                            for (int kx = 0; kx < kernelW; kx++) {
                                int ix = ox * strideW - padW + kx;
                                if (ix < 0 || ix >= iw) continue;
                                sum += (long) in[(c * ih + iy) * iw + ix] * w[((o * ic + c) * kernelH + ky) * kernelW + kx];
                            }
                        }
                    }
                    acc[(o * out.height() + oy) * out.width() + ox] = sum;
                }
            }
        }
        return acc;
    }

    /** Float products accumulated in double, one sum per output value (CHW), no bias. */
    double[] accumulate(float[] in, float[] w) {
        int ic = this.in.channels();
        int ih = this.in.height();
        int iw = this.in.width();
        double[] acc = new double[out.size()];
        for (int o = 0; o < out.channels(); o++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    double sum = 0;
                    for (int c = 0; c < ic; c++) {
                        for (int ky = 0; ky < kernelH; ky++) {
                            int iy = oy * strideH - padH + ky;
                            if (iy < 0 || iy >= ih) continue;
                            for (int kx = 0; kx < kernelW; kx++) {
                                int ix = ox * strideW - padW + kx;
                                if (ix < 0 || ix >= iw) continue;
                                sum += (double) in[(c * ih + iy) * iw + ix] * w[((o * ic + c) * kernelH + ky) * kernelW + kx];
                            }
                        }
                    }
                    acc[(o * out.height() + oy) * out.width() + ox] = sum;
                }
            }
        }
        return acc;
    }

    /** Output channel of flat output index {@code i} (CHW). */
    int channelOf(int i) {
        return i / (out.height() * out.width());
    }
}
