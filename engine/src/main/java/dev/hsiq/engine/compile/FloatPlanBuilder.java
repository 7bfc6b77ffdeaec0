/*
 * Compiles a float model (spec.inputBits() == 0) into float plan ops, with the reference float
 * forward's semantics (FloatForward): conv/dense (quantized weights, if any, dequantized as
 * s_c * code), batch norm with running statistics, ReLU or step activation, max/average
 * pooling, flatten and dropout as identities.
 *
 * A batch norm directly after a conv/dense layer (dropout in between is skipped) is folded
 * into its weights and bias (FloatConvOp), and an activation directly after that is applied on
 * the layer's output; other batch norms and activations become FloatMapOps. The float results
 * differ from the reference only by float rounding (tested within 1e-4 relative).
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.quant.ChannelAffine;
import dev.hsiq.engine.reference.Geometry;
import dev.hsiq.engine.reference.LayerParams;

import java.util.ArrayList;
import java.util.List;

final class FloatPlanBuilder {

    private final Model model;

    FloatPlanBuilder(Model model) {
        this.model = model;
    }

    record Result(InputStage input, List<PlanOp> ops) {
    }

    Result build(float[] low, float[] range) {
        ModelSpec spec = model.spec();
        LayerParams params = new LayerParams(model);
        List<LayerSpec> layers = spec.layers();
        List<Shape> shapes = spec.shapes(model.bands());
        Shape inShape = spec.inputShape(model.bands());
        InputStage input = new InputStage(spec.name(), low, range, 0, inShape.channels());
        Spatial sample = new Spatial(inShape.height(), inShape.width());
        int lastWeight = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Conv || layers.get(i) instanceof LayerSpec.Dense) {
                lastWeight = i;
            }
        }
        List<PlanOp> ops = new ArrayList<>();
        Spatial phys = sample;
        int channels = inShape.channels();
        boolean flattened = false;
        boolean done = false;
        int i = 0;
        while (i < layers.size() && !done) {
            LayerSpec layer = layers.get(i);
            Shape in = i == 0 ? inShape : shapes.get(i - 1);
            switch (layer) {
                case LayerSpec.Conv c -> i = weightLayer(ops, params, layers, shapes, i, in, phys, channels, flattened,
                        lastWeight);
                case LayerSpec.Dense d -> i = weightLayer(ops, params, layers, shapes, i, in, phys, channels, flattened,
                        lastWeight);
                case LayerSpec.BatchNorm b -> {
                    ops.add(FloatMapOp.batchNorm(b.name(), channels, params.batchNorm(b, in.channels()), flattened));
                    i++;
                }
                case LayerSpec.Act a -> {
                    ops.add(FloatMapOp.activation(a.name(), channels, a.isStep()
                            ? FloatActivation.step(params.step(a)) : FloatActivation.RELU));
                    i++;
                }
                case LayerSpec.Pool p -> {
                    Window win = new Window(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), 0, 0);
                    if (flattened) {
                        if (!win.pointwise()) {
                            throw new BadInputException("model " + spec.name() + ": layer '" + p.name()
                                    + "': pooling after a flatten is not supported by the compiled engine");
                        }
                    } else {
                        ops.add(FloatMapOp.pool(p.name(), channels, p.kind(), win));
                        phys = win.out(phys);
                    }
                    i++;
                }
                case LayerSpec.Flatten f -> {
                    flattened = flattened || phys.pixels() > 1;
                    i++;
                }
                case LayerSpec.Dropout d -> i++;
            }
            if (layer instanceof LayerSpec.Conv || layer instanceof LayerSpec.Dense) {
                PlanOp op = ops.get(ops.size() - 1);
                phys = op.outSize(phys);
                channels = op.outChannels;
                flattened = false;
                done = op.out == null;
            }
        }
        if (!done) {
            throw new BadInputException("model " + spec.name() + ": only flatten or dropout may follow the last "
                    + "conv/dense layer (with its batch norm and activation) in the compiled engine");
        }
        return new Result(input, ops);
    }

    /** Adds the op of the conv/dense layer at i (with folded batch norm and activation); returns the next index. */
    private int weightLayer(List<PlanOp> ops, LayerParams params, List<LayerSpec> layers, List<Shape> shapes, int i,
                            Shape in, Spatial phys, int channels, boolean flattened, int lastWeight) {
        LayerSpec layer = layers.get(i);
        Shape outShape = shapes.get(i);
        Geometry g = Geometry.of(layer, in, outShape);
        Window window = IntegerPlanBuilder.window(layer, phys, flattened);
        int out = outShape.channels();
        float[] w = params.floatWeights(layer, g).clone();
        float[] bias = params.bias(layer, out);
        bias = bias == null ? new float[out] : bias.clone();
        int j = skipDropout(layers, i + 1);
        if (j < layers.size() && layers.get(j) instanceof LayerSpec.BatchNorm b) {
            ChannelAffine.BatchNorm bn = params.batchNorm(b, out);
            int per = w.length / out;
            for (int o = 0; o < out; o++) {
                double gain = bn.gain(o);
                for (int k = 0; k < per; k++) {
                    w[o * per + k] = (float) (gain * w[o * per + k]);
                }
                bias[o] = (float) (gain * ((double) bias[o] - bn.mean()[o]) + bn.beta()[o]);
            }
            j = skipDropout(layers, j + 1);
        }
        FloatActivation act = FloatActivation.NONE;
        if (j < layers.size() && layers.get(j) instanceof LayerSpec.Act a) {
            act = a.isStep() ? FloatActivation.step(params.step(a)) : FloatActivation.RELU;
            j = skipDropout(layers, j + 1);
        }
        boolean last = i == lastWeight && onlyIdentities(layers, j);
        ops.add(new FloatConvOp(layer.name(), window, channels, out, w, bias, act, phys, last));
        if (last && window.out(phys).pixels() != 1) {
            throw new BadInputException("model " + model.spec().name() + ": layer '" + layer.name()
                    + "': a last layer must produce classes x 1 x 1 in the compiled engine");
        }
        return j;
    }

    private static boolean onlyIdentities(List<LayerSpec> layers, int from) {
        for (int k = from; k < layers.size(); k++) {
            if (!(layers.get(k) instanceof LayerSpec.Flatten || layers.get(k) instanceof LayerSpec.Dropout)) {
                return false;
            }
        }
        return true;
    }

    private static int skipDropout(List<LayerSpec> layers, int j) {
        while (j < layers.size() && layers.get(j) instanceof LayerSpec.Dropout) j++;
        return j;
    }
}
