/*
 * The shape of one 2-D convolution over CHW feature maps (conv1d is inH = kH = 1).
 * outH = (inH + 2 padH - kH) / strideH + 1, likewise for the width; the reduction length of
 * one output value is k() = inChannels * kH * kW, in the order (channel, kernel row,
 * kernel column) that weights [out, in, kh, kw] and im2col rows both use.
 */
package dev.hsiq.kernels;

public record ConvGeometry(int inChannels, int inH, int inW, int outChannels,
                           int kH, int kW, int strideH, int strideW, int padH, int padW) {

    public ConvGeometry {
        if (inChannels <= 0 || inH <= 0 || inW <= 0 || outChannels <= 0 || kH <= 0 || kW <= 0
                || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("invalid convolution geometry " + describe(inChannels, inH, inW,
                    outChannels, kH, kW, strideH, strideW, padH, padW));
        }
        if (inH + 2 * padH < kH || inW + 2 * padW < kW) {
            throw new IllegalArgumentException("kernel does not fit the padded input: " + describe(inChannels, inH,
                    inW, outChannels, kH, kW, strideH, strideW, padH, padW));
        }
    }

    private static String describe(int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw) {
        return "in " + c + "x" + h + "x" + w + ", out channels " + o + ", kernel " + kh + "x" + kw + ", stride "
                + sh + "x" + sw + ", padding " + ph + "x" + pw;
    }

    public int outH() {
        return (inH + 2 * padH - kH) / strideH + 1;
    }

    public int outW() {
        return (inW + 2 * padW - kW) / strideW + 1;
    }

    /** Output positions per sample. */
    public int outPixels() {
        return outH() * outW();
    }

    /** Reduction length: inChannels * kH * kW. */
    public int k() {
        return inChannels * kH * kW;
    }

    public int inSize() {
        return inChannels * inH * inW;
    }

    public int outSize() {
        return outChannels * outH() * outW();
    }

    public int weightSize() {
        return outChannels * k();
    }
}
