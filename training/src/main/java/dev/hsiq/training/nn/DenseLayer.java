/*
 * Fully connected layer over the flattened CHW input of each sample, on FloatGemm:
 *
 *   forward   Y[n, o] = b[o] + sum_i X[n, i] W'[o, i]        Y = X W'^T  (W' = T(W))
 *   backward  dW'[o, i] += sum_n dY[n, o] X[n, i]             dW' += dY^T X
 *             db[o]     += sum_n dY[n, o]
 *             dX[n, i]   = sum_o dY[n, o] W'[o, i]            dX = dY W'
 *
 * Parameters: "<name>.weight" [out, in], "<name>.bias" [out].
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;
import dev.hsiq.kernels.FloatGemm;

import java.util.Arrays;
import java.util.List;

public final class DenseLayer implements Layer {

    private final String name;
    private final Shape inputShape;
    private final Shape outputShape;
    private final int inFeatures;
    private final int outFeatures;
    private final Param weight;
    private final Param bias;
    private final WeightTransform transform;
    private final float[] effectiveWeight;
    private final float[] effectiveGrad;
    private boolean needsInputGradient = true;

    private float[] out;
    private float[] gradIn;
    private float[] lastIn;

    public DenseLayer(String name, Shape in, int outFeatures, WeightTransform transform) {
        this.name = name;
        this.inputShape = in;
        this.inFeatures = in.size();
        this.outFeatures = outFeatures;
        this.outputShape = new Shape(outFeatures, 1, 1);
        this.weight = new Param(name + ".weight", Param.Role.WEIGHT, outFeatures, inFeatures);
        this.bias = new Param(name + ".bias", Param.Role.BIAS, outFeatures);
        this.transform = transform;
        boolean identity = transform.isIdentity();
        this.effectiveWeight = identity ? null : new float[weight.size()];
        this.effectiveGrad = identity ? null : new float[weight.size()];
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

    @Override
    public float[] forward(float[] in, int batch, boolean training) {
        Buffers.checkInput(this, in, batch);
        out = Buffers.ensure(out, (long) batch * outFeatures);
        float[] w = weight.value();
        if (effectiveWeight != null) {
            transform.forward(w, outFeatures, effectiveWeight);
            w = effectiveWeight;
        }
        float[] b = bias.value();
        for (int n = 0; n < batch; n++) {
            System.arraycopy(b, 0, out, n * outFeatures, outFeatures);
        }
        FloatGemm.get().gemm(false, true, batch, outFeatures, inFeatures, in, 0, inFeatures, w, 0, inFeatures,
                out, 0, outFeatures);
        lastIn = in;
        return out;
    }

    @Override
    public float[] backward(float[] gradOut, int batch) {
        FloatGemm gemm = FloatGemm.get();
        float[] gw = effectiveGrad == null ? weight.grad() : effectiveGrad;
        if (effectiveGrad != null) {
            Arrays.fill(effectiveGrad, 0f);
        }
        gemm.gemm(true, false, outFeatures, inFeatures, batch, gradOut, 0, outFeatures, lastIn, 0, inFeatures,
                gw, 0, inFeatures);
        float[] gb = bias.grad();
        for (int n = 0; n < batch; n++) {
            int base = n * outFeatures;
            for (int o = 0; o < outFeatures; o++) {
                gb[o] += gradOut[base + o];
            }
        }
        float[] w = weight.value();
        if (effectiveGrad != null) {
            transform.backward(w, outFeatures, effectiveGrad, weight.grad());
            w = effectiveWeight;
        }
        if (!needsInputGradient) {
            return null;
        }
        gradIn = Buffers.ensure(gradIn, (long) batch * inFeatures);
        Arrays.fill(gradIn, 0, batch * inFeatures, 0f);
        gemm.gemm(false, false, batch, inFeatures, outFeatures, gradOut, 0, outFeatures, w, 0, inFeatures,
                gradIn, 0, inFeatures);
        return gradIn;
    }
}
