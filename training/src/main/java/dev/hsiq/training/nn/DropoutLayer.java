/*
 * Inverted dropout: in training each value is kept with probability 1 - p and scaled by
 * 1 / (1 - p), so inference is the identity. The mask comes from the layer's own seeded
 * generator, so a training run is repeatable for a given seed; the generator's state is
 * the layer's checkpoint state, so a resumed run draws the same masks.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;

public final class DropoutLayer implements Layer {

    private final String name;
    private final Shape shape;
    private final float p;
    private final float keepScale;
    private final SavableRandom random;
    private float[] mask;
    private float[] out;
    private float[] gradIn;
    private boolean lastTraining;

    public DropoutLayer(String name, Shape shape, float p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + ": dropout probability " + p + " must be in [0, 1)");
        }
        this.name = name;
        this.shape = shape;
        this.p = p;
        this.keepScale = 1f / (1f - p);
        this.random = new SavableRandom(seed);
    }

    public float probability() {
        return p;
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
        lastTraining = training && p > 0;
        if (!lastTraining) {
            return in;
        }
        int n = batch * shape.size();
        out = Buffers.ensure(out, n);
        mask = Buffers.ensure(mask, n);
        for (int i = 0; i < n; i++) {
            float k = random.nextDouble() >= p ? keepScale : 0f;
            mask[i] = k;
            out[i] = in[i] * k;
        }
        return out;
    }

    @Override
    public long[] checkpointState() {
        return random.state();
    }

    @Override
    public void restoreCheckpointState(long[] state) {
        random.restore(state);
    }

    @Override
    public float[] backward(float[] gradOut, int batch) {
        if (!lastTraining) {
            return gradOut;
        }
        int n = batch * shape.size();
        gradIn = Buffers.ensure(gradIn, n);
        for (int i = 0; i < n; i++) {
            gradIn[i] = gradOut[i] * mask[i];
        }
        return gradIn;
    }
}
