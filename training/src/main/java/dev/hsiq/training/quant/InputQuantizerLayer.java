/*
 * The first stage of a quantized network: the normalized input x' (per band, training-set
 * statistics, mostly in [0, 1]) quantized to inputBits by the engine's input quantizer,
 * StepActivation.forInput(bits) (clip level 1): y = round(clip(x', 0, 1) * L) / L. The
 * engine computes the same codes from the same normalized values.
 *
 * It has no parameters and sits before the first trainable layer, so the network never
 * asks for its input gradient; backward, if called, is the clipped identity (1 on [0, 1]).
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.quant.StepActivation;
import dev.hsiq.training.nn.Layer;

public final class InputQuantizerLayer implements Layer {

    /** The name of this stage (no parameters carry it). */
    public static final String NAME = "input_quantizer";

    private final Shape shape;
    private final StepActivation quantizer;
    private float[] out;
    private float[] gradIn;
    private float[] lastIn;

    public InputQuantizerLayer(Shape shape, int bits) {
        this.shape = shape;
        this.quantizer = StepActivation.forInput(bits);
    }

    public int bits() {
        return quantizer.bits();
    }

    @Override
    public String name() {
        return NAME;
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
        int n = batch * shape.size();
        if (batch <= 0 || n > in.length) {
            throw new IllegalArgumentException(NAME + ": a batch of " + batch + " x " + shape + " does not fit "
                    + in.length + " input values");
        }
        if (out == null || out.length < n) {
            out = new float[n];
        }
        for (int i = 0; i < n; i++) {
            out[i] = quantizer.value(in[i]);
        }
        lastIn = in;
        return out;
    }

    @Override
    public float[] backward(float[] gradOut, int batch) {
        int n = batch * shape.size();
        if (gradIn == null || gradIn.length < n) {
            gradIn = new float[n];
        }
        for (int i = 0; i < n; i++) {
            float x = lastIn[i];
            gradIn[i] = x >= 0f && x <= 1f ? gradOut[i] : 0f;
        }
        return gradIn;
    }
}
