/*
 * Looks up and checks a layer's parameters in a Model, failing with the model, layer and
 * parameter name and the expected shape:
 *   conv   "<name>.weight" [out, in, kh, kw]   dense "<name>.weight" [out, in C*H*W]
 *          (a float Tensor in params for FLOAT layers, QuantizedWeights in qweights otherwise)
 *          "<name>.bias" [out] (optional; absent means zero)
 *   batch norm "<name>.gamma", ".beta", ".mean", ".var" [channels]
 *   step activation "<name>.clip" [1], finite and > 0
 * Public so that the compiled engine reads parameters through the same checks (and the same
 * dequantization of quantized weights) as the reference.
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.quant.ChannelAffine;
import dev.hsiq.engine.quant.StepActivation;

import java.util.Arrays;

public final class LayerParams {

    private final Model model;

    public LayerParams(Model model) {
        this.model = model;
    }

    public BadInputException fail(LayerSpec layer, String problem) {
        return new BadInputException("model " + model.spec().name() + ": layer '" + layer.name() + "': " + problem);
    }

    public static WeightFormat format(LayerSpec layer) {
        return switch (layer) {
            case LayerSpec.Conv c -> c.weights();
            case LayerSpec.Dense d -> d.weights();
            default -> throw new IllegalArgumentException(layer.name() + " has no weights");
        };
    }

    private static int[] expectedWeightShape(LayerSpec layer, Geometry g) {
        return layer instanceof LayerSpec.Conv
                ? new int[]{g.out().channels(), g.in().channels(), g.kernelH(), g.kernelW()}
                : new int[]{g.out().channels(), g.reduction()};
    }

    /** The layer's weights as floats: the float tensor, or s_c * code of quantized weights. */
    public float[] floatWeights(LayerSpec layer, Geometry g) {
        String key = layer.name() + ".weight";
        if (model.params().containsKey(key)) {
            Tensor t = model.params().get(key);
            checkShape(layer, key, t.shape(), expectedWeightShape(layer, g));
            return t.data();
        }
        if (model.qweights().containsKey(key)) {
            return quantizedWeights(layer, g, model.qweights().get(key).format()).dequantize();
        }
        throw fail(layer, "parameter '" + key + "' is missing");
    }

    /** The layer's quantized weights, which must have the format its spec names. */
    public QuantizedWeights quantizedWeights(LayerSpec layer, Geometry g, WeightFormat expected) {
        String key = layer.name() + ".weight";
        QuantizedWeights q = model.qweights().get(key);
        if (q == null) {
            throw fail(layer, "quantized weight '" + key + "' (format " + expected + ") is missing"
                    + (model.params().containsKey(key) ? "; the model has float weights under that name" : ""));
        }
        if (!q.format().equals(expected)) {
            throw fail(layer, "weight '" + key + "' has format " + q.format() + ", the spec says " + expected);
        }
        checkShape(layer, key, q.shape(), expectedWeightShape(layer, g));
        return q;
    }

    /** The bias [channels], or null when the model has none (zero). */
    public float[] bias(LayerSpec layer, int channels) {
        Tensor t = model.params().get(layer.name() + ".bias");
        if (t == null) {
            return null;
        }
        checkShape(layer, layer.name() + ".bias", t.shape(), new int[]{channels});
        return t.data();
    }

    public ChannelAffine.BatchNorm batchNorm(LayerSpec.BatchNorm bn, int channels) {
        float[][] p = new float[4][];
        String[] names = {"gamma", "beta", "mean", "var"};
        for (int i = 0; i < 4; i++) {
            String key = bn.name() + "." + names[i];
            Tensor t = model.params().get(key);
            if (t == null) {
                throw fail(bn, "parameter '" + key + "' is missing");
            }
            checkShape(bn, key, t.shape(), new int[]{channels});
            p[i] = t.data();
        }
        try {
            return new ChannelAffine.BatchNorm(p[0], p[1], p[2], p[3], bn.eps());
        } catch (IllegalArgumentException e) {
            throw fail(bn, e.getMessage());
        }
    }

    public StepActivation step(LayerSpec.Act act) {
        String key = act.name() + ".clip";
        Tensor t = model.params().get(key);
        if (t == null) {
            throw fail(act, "clip level '" + key + "' of the " + act.bits() + "-bit step activation is missing");
        }
        if (t.size() != 1) {
            throw fail(act, "clip level '" + key + "' has shape " + Arrays.toString(t.shape()) + ", expected [1]");
        }
        try {
            return new StepActivation(act.bits(), t.data()[0]);
        } catch (IllegalArgumentException e) {
            throw fail(act, e.getMessage());
        }
    }

    private void checkShape(LayerSpec layer, String key, int[] actual, int[] expected) {
        if (!Arrays.equals(actual, expected)) {
            throw fail(layer, "parameter '" + key + "' has shape " + Arrays.toString(actual) + ", expected "
                    + Arrays.toString(expected));
        }
    }
}
