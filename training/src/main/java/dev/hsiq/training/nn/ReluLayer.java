/*
 * ReLU, the float network's activation: y = max(x, 0), dy/dx = 1 for x > 0 else 0.
 * In the quantized network the step activation layer takes this place.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;

public final class ReluLayer implements Layer {

    private final String name;
    private final Shape shape;
    private float[] out;
    private float[] gradIn;

    public ReluLayer(String name, Shape shape) {
        this.name = name;
        this.shape = shape;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public float[] forward(float[] in, int batch, boolean training) {
        Buffers.checkInput(this, in, batch);
        int n = batch * shape.size();
        out = Buffers.ensure(out, n);
        for (int i = 0; i < n; i++) {
            float x = in[i];
            out[i] = x > 0f ? x : 0f;
        }
        return out;
    }

    @Override
    public float[] backward(float[] gradOut, int batch) {
        int n = batch * shape.size();
        gradIn = Buffers.ensure(gradIn, n);
        // out > 0 exactly where the input was > 0.
        for (int i = 0; i < n; i++) {
            gradIn[i] = out[i] > 0f ? gradOut[i] : 0f;
        }
        return gradIn;
    }
}
