/*
 * Flatten: CHW to (C*H*W) x 1 x 1. The batch-major layout is already flat, so forward and
 * backward pass their arrays through unchanged.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;

public final class FlattenLayer implements Layer {

    private final String name;
    private final Shape inputShape;
    private final Shape outputShape;

    public FlattenLayer(String name, Shape in) {
        this.name = name;
        this.inputShape = in;
        this.outputShape = new Shape(in.size(), 1, 1);
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
        return in;
    }

    @Override
    public float[] backward(float[] gradOut, int batch) {
        return gradOut;
    }
}
