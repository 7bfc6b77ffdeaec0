/*
 * Convolution over CHW samples (conv1d is a 2-D convolution with kernel height 1 over a
 * 1 x W map), with stride and zero padding, on the kernels' FloatConv (im2col + GEMM).
 *
 *   forward   out[n] = conv(in[n], T(W)) + b
 *   backward  dW += sum_n dOut[n] (x) im2col(in[n])   (through the WeightTransform T)
 *             db += sum over n and positions of dOut
 *             dIn = conv^T(dOut, T(W))                 (skipped for a network's first layer)
 *
 * Parameters: "<name>.weight" [out, in, kh, kw], "<name>.bias" [out].
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;
import dev.hsiq.kernels.ConvGeometry;
import dev.hsiq.kernels.FloatConv;

import java.util.Arrays;
import java.util.List;

public final class ConvLayer implements Layer {

    private final String name;
    private final ConvGeometry geometry;
    private final Shape inputShape;
    private final Shape outputShape;
    private final Param weight;
    private final Param bias;
    private final WeightTransform transform;
    private final float[] effectiveWeight;
    private final float[] effectiveGrad;
    private boolean needsInputGradient = true;

    private float[] workspace;
    private float[] out;
    private float[] gradIn;
    private float[] lastIn;

    public ConvLayer(String name, Shape in, int outChannels, int kH, int kW, int strideH, int strideW,
                     int padH, int padW, WeightTransform transform) {
        this.name = name;
        this.geometry = new ConvGeometry(in.channels(), in.height(), in.width(), outChannels, kH, kW,
                strideH, strideW, padH, padW);
        this.inputShape = in;
        this.outputShape = new Shape(outChannels, geometry.outH(), geometry.outW());
        this.weight = new Param(name + ".weight", Param.Role.WEIGHT, outChannels, in.channels(), kH, kW);
        this.bias = new Param(name + ".bias", Param.Role.BIAS, outChannels);
        this.transform = transform;
        boolean identity = transform.isIdentity();
        this.effectiveWeight = identity ? null : new float[weight.size()];
        this.effectiveGrad = identity ? null : new float[weight.size()];
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    public WeightTransform transform() {
        return transform;
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
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public void setNeedsInputGradient(boolean needed) {
        this.needsInputGradient = needed;
    }

    private float[] forwardWeights() {
        if (effectiveWeight == null) {
            return weight.value();
        }
        transform.forward(weight.value(), geometry.outChannels(), effectiveWeight);
        return effectiveWeight;
    }

    /**
     * FloatConv's scratch space for a batch of {@code batch} samples, kept and grown (never
     * shrunk). Sized per batch so that FloatConv lowers whole chunks of samples into one
     * wide GEMM instead of one GEMM per sample.
     */
    private float[] workspace(int batch) {
        workspace = Buffers.ensure(workspace, FloatConv.workspaceSize(geometry, batch));
        return workspace;
    }

    @Override
    public float[] forward(float[] in, int batch, boolean training) {
        Buffers.checkInput(this, in, batch);
        out = Buffers.ensure(out, (long) batch * outputShape.size());
        FloatConv.forward(geometry, batch, in, forwardWeights(), bias.value(), out, workspace(batch));
        lastIn = in;
        return out;
    }

    @Override
    public float[] backward(float[] gradOut, int batch) {
        float[] ws = workspace(batch);
        float[] w;
        if (effectiveWeight == null) {
            FloatConv.backwardWeights(geometry, batch, lastIn, gradOut, weight.grad(), bias.grad(), ws);
            w = weight.value();
        } else {
            // forwardWeights() left T(W) in effectiveWeight; the gradient goes through T' to W.
            Arrays.fill(effectiveGrad, 0f);
            FloatConv.backwardWeights(geometry, batch, lastIn, gradOut, effectiveGrad, bias.grad(), ws);
            transform.backward(weight.value(), geometry.outChannels(), effectiveGrad, weight.grad());
            w = effectiveWeight;
        }
        if (!needsInputGradient) {
            return null;
        }
        gradIn = Buffers.ensure(gradIn, (long) batch * inputShape.size());
        FloatConv.backwardData(geometry, batch, gradOut, w, gradIn, ws);
        return gradIn;
    }
}
