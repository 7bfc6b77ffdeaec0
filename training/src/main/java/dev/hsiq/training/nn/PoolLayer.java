/*
 * Max or average pooling per channel with a kH x kW kernel and stride, no padding: the
 * output is (H - kH) / sH + 1 by (W - kW) / sW + 1 (the tail that does not fit is dropped,
 * as ModelSpec.outputShape says). 1-D pooling is kH = sH = 1 over a 1 x W map.
 *
 *   max:  y = x[argmax over the window]; dx[argmax] += dy (ties take the first maximum)
 *   avg:  y = mean over the window;      dx[window] += dy / (kH kW)
 * Windows may overlap (stride < kernel); the backward adds up their contributions.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;

import java.util.Arrays;

public final class PoolLayer implements Layer {

    /** Which reduction the window applies. */
    public enum Kind { MAX, AVG }

    private final String name;
    private final Kind kind;
    private final Shape inputShape;
    private final Shape outputShape;
    private final int kH;
    private final int kW;
    private final int sH;
    private final int sW;
    private float[] out;
    private int[] argmax;
    private float[] gradIn;

    public PoolLayer(String name, Kind kind, Shape in, int kH, int kW, int strideH, int strideW) {
        if (kH <= 0 || kW <= 0 || strideH <= 0 || strideW <= 0) {
            throw new IllegalArgumentException(name + ": pooling kernel and stride must be positive");
        }
        if (in.height() < kH || in.width() < kW) {
            throw new IllegalArgumentException(name + ": pooling " + kH + "x" + kW + " does not fit input " + in);
        }
        this.name = name;
        this.kind = kind;
        this.inputShape = in;
        this.kH = kH;
        this.kW = kW;
        this.sH = strideH;
        this.sW = strideW;
        this.outputShape = new Shape(in.channels(), (in.height() - kH) / strideH + 1, (in.width() - kW) / strideW + 1);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public Shape outputShape() {
        return outputShape;
    }

    @Override
    public float[] forward(float[] in, int batch, boolean training) {
        Buffers.checkInput(this, in, batch);
        int planes = batch * inputShape.channels();
        int inH = inputShape.height();
        int inW = inputShape.width();
        int oH = outputShape.height();
        int oW = outputShape.width();
        out = Buffers.ensure(out, (long) planes * oH * oW);
        if (kind == Kind.MAX) {
            argmax = Buffers.ensure(argmax, (long) planes * oH * oW);
        }
        float invArea = 1f / (kH * kW);
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int inBase = plane * inH * inW;
            for (int y = 0; y < oH; y++) {
                for (int x = 0; x < oW; x++, o++) {
                    int start = inBase + y * sH * inW + x * sW;
                    if (kind == Kind.MAX) {
                        int best = start;
                        float bestV = in[start];
                        for (int i = 0; i < kH; i++) {
                            int row = start + i * inW;
                            for (int j = 0; j < kW; j++) {
                                float v = in[row + j];
                                if (v > bestV) {
                                    bestV = v;
                                    best = row + j;
                                }
                            }
                        }
                        out[o] = bestV;
                        argmax[o] = best;
                    } else {
                        float s = 0f;
                        for (int i = 0; i < kH; i++) {
                            int row = start + i * inW;
                            for (int j = 0; j < kW; j++) {
                                s += in[row + j];
                            }
                        }
                        out[o] = s * invArea;
                    }
                }
            }
        }
        return out;
    }

    @Override
    public float[] backward(float[] gradOut, int batch) {
        int planes = batch * inputShape.channels();
        int inH = inputShape.height();
        int inW = inputShape.width();
        int oH = outputShape.height();
        int oW = outputShape.width();
        gradIn = Buffers.ensure(gradIn, (long) planes * inH * inW);
        Arrays.fill(gradIn, 0, planes * inH * inW, 0f);
        int total = planes * oH * oW;
        if (kind == Kind.MAX) {
            for (int o = 0; o < total; o++) {
                gradIn[argmax[o]] += gradOut[o];
            }
            return gradIn;
        }
        float invArea = 1f / (kH * kW);
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int inBase = plane * inH * inW;
            for (int y = 0; y < oH; y++) {
                for (int x = 0; x < oW; x++, o++) {
                    float g = gradOut[o] * invArea;
                    int start = inBase + y * sH * inW + x * sW;
                    for (int i = 0; i < kH; i++) {
                        int row = start + i * inW;
                        for (int j = 0; j < kW; j++) {
                            gradIn[row + j] += g;
                        }
                    }
                }
            }
        }
        return gradIn;
    }
}
