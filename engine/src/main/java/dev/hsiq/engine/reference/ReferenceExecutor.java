/*
 * The plain-loop oracle: runs a Model on raw samples and returns logits and labels. Slow and
 * obviously correct, no kernels; the compiled engine is tested against it, and training uses
 * it as the bit-exact simulation of the integer engine.
 *
 * A raw sample is what the scene holds, in the layout of spec.inputShape(bands):
 *   spectrum model: B values, band b at index b (shape 1 x 1 x B);
 *   patch model:    B x P x P values, CHW: band b, row y, column x at (b * P + y) * P + x.
 * Each value is normalized with the model's per-band Normalization, then
 *   float model (inputBits = 0):     FloatForward's float semantics;
 *   quantized model (inputBits > 0): QuantizedForward's integer semantics.
 * Raw values must be finite (NaN or infinite values are rejected with their position).
 * The label is the index of the largest logit (the first one on ties).
 *
 * The executor checks the whole model when it is built (missing or misshaped parameters,
 * layers that cannot be folded, accumulator bounds) and is immutable afterwards, so one
 * instance can serve several threads.
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.quant.FoldedThresholds;

import java.util.List;

public final class ReferenceExecutor {

    private final Model model;
    private final Shape inputShape;
    private final FloatForward floatForward;
    private final QuantizedForward quantizedForward;

    public ReferenceExecutor(Model model) {
        this.model = model;
        ModelSpec spec = model.spec();
        this.inputShape = spec.inputShape(model.bands());
        List<Shape> shapes = spec.shapes(model.bands());
        int outputs = shapes.get(shapes.size() - 1).size();
        if (outputs != model.classes()) {
            throw new BadInputException("model " + spec.name() + ": the network gives " + outputs
                    + " outputs per sample, but the model has " + model.classes() + " classes");
        }
        if (spec.isQuantized()) {
            this.quantizedForward = new QuantizedForward(model);
            this.floatForward = null;
        } else {
            this.floatForward = new FloatForward(model);
            this.quantizedForward = null;
        }
    }

    public Model model() {
        return model;
    }

    /** Values per raw sample: B for a spectrum model, B * P * P for a patch model. */
    public int sampleLength() {
        return inputShape.size();
    }

    /** The normalized sample (per-band Normalization), after checking length and finiteness. */
    public float[] normalize(float[] raw) {
        if (raw.length != inputShape.size()) {
            throw new BadInputException("model " + model.spec().name() + ": a sample has " + raw.length
                    + " values, the model expects " + inputShape.size() + " (" + inputShape + " for "
                    + model.bands() + " bands)");
        }
        Normalization n = model.normalization();
        boolean spectrum = model.spec().input() == ModelSpec.InputKind.SPECTRUM;
        int plane = inputShape.height() * inputShape.width();
        float[] x = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int band = spectrum ? i : i / plane;
            if (!Float.isFinite(raw[i])) {
                throw new BadInputException("model " + model.spec().name() + ": sample value " + i + " (band " + band
                        + ") is " + raw[i] + "; inputs must be finite");
            }
            x[i] = n.apply(band, raw[i]);
        }
        return x;
    }

    /** The logits of one raw sample. */
    public float[] logits(float[] raw) {
        float[] x = normalize(raw);
        return quantizedForward != null ? quantizedForward.run(x) : floatForward.run(x);
    }

    /** The logits of every raw sample. */
    public float[][] logits(float[][] raw) {
        float[][] out = new float[raw.length][];
        for (int s = 0; s < raw.length; s++) {
            out[s] = logits(raw[s]);
        }
        return out;
    }

    /** The label of one raw sample: argmax of its logits. */
    public int label(float[] raw) {
        return argmax(logits(raw));
    }

    /** The label of every raw sample. */
    public int[] labels(float[][] raw) {
        int[] out = new int[raw.length];
        for (int s = 0; s < raw.length; s++) {
            out[s] = label(raw[s]);
        }
        return out;
    }

    /** The first-layer input codes of one raw sample (quantized models only). */
    public int[] inputCodes(float[] raw) {
        if (quantizedForward == null) {
            throw new IllegalStateException("model " + model.spec().name() + " is a float model; it has no input codes");
        }
        return quantizedForward.inputCodes(normalize(raw));
    }

    /** The folded thresholds of the integer hidden layers in network order (empty for a float model). */
    public List<FoldedThresholds> thresholds() {
        return quantizedForward == null ? List.of() : quantizedForward.thresholds();
    }

    /** Index of the largest value, the first one on ties (NaN never wins). */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best] || Float.isNaN(v[best])) best = i;
        }
        return best;
    }
}
