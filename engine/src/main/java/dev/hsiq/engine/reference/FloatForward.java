/*
 * The float semantics of a model, one layer at a time, as plain loops (the oracle for the
 * float engine and the float training forward):
 *
 *   conv/dense  y = b + sum w * x, products summed in double, rounded to float once
 *               (weights: the float tensor, or s_c * code when a layer has quantized weights)
 *   batch norm  y = gamma * (x - mean) / sqrt(var + eps) + beta in double (running stats)
 *   act         ReLU max(x, 0) when bits = 0; the step activation q * D when bits > 0
 *   pool        max or mean of the window;  flatten, dropout  identity
 *
 * The input is the normalized sample (ReferenceExecutor applies the model's Normalization).
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.quant.ChannelAffine;
import dev.hsiq.engine.quant.StepActivation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

final class FloatForward {

    private final List<UnaryOperator<float[]>> stages = new ArrayList<>();

    FloatForward(Model model) {
        LayerParams params = new LayerParams(model);
        Shape in = model.spec().inputShape(model.bands());
        List<Shape> shapes = model.spec().shapes(model.bands());
        List<LayerSpec> layers = model.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            Shape inShape = i == 0 ? in : shapes.get(i - 1);
            Shape outShape = shapes.get(i);
            stages.add(stage(params, layer, inShape, outShape));
        }
    }

    private static UnaryOperator<float[]> stage(LayerParams params, LayerSpec layer, Shape inShape, Shape outShape) {
        return switch (layer) {
            case LayerSpec.Conv c -> weighted(params, layer, inShape, outShape);
            case LayerSpec.Dense d -> weighted(params, layer, inShape, outShape);
            case LayerSpec.BatchNorm b -> {
                ChannelAffine.BatchNorm bn = params.batchNorm(b, inShape.channels());
                int plane = inShape.height() * inShape.width();
                yield x -> {
                    float[] y = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        y[i] = (float) bn.apply(i / plane, x[i]);
                    }
                    return y;
                };
            }
            case LayerSpec.Act a when a.isStep() -> {
                StepActivation step = params.step(a);
                yield x -> {
                    float[] y = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        y[i] = step.value(x[i]);
                    }
                    return y;
                };
            }
            case LayerSpec.Act a -> x -> {
                float[] y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = Math.max(x[i], 0f);
                }
                return y;
            };
            case LayerSpec.Pool p -> x -> Pooling.pool(x, inShape, p, outShape);
            case LayerSpec.Flatten f -> UnaryOperator.identity();
            case LayerSpec.Dropout d -> UnaryOperator.identity();
        };
    }

    private static UnaryOperator<float[]> weighted(LayerParams params, LayerSpec layer, Shape inShape, Shape outShape) {
        Geometry g = Geometry.of(layer, inShape, outShape);
        float[] w = params.floatWeights(layer, g);
        float[] bias = params.bias(layer, outShape.channels());
        return x -> {
            double[] acc = g.accumulate(x, w);
            float[] y = new float[acc.length];
            for (int i = 0; i < acc.length; i++) {
                y[i] = (float) (acc[i] + (bias == null ? 0.0 : bias[g.channelOf(i)]));
            }
            return y;
        };
    }

    /** The network's output for one normalized sample. */
    float[] run(float[] normalized) {
        float[] x = normalized;
        for (UnaryOperator<float[]> s : stages) {
            x = s.apply(x);
        }
        return x;
    }
}
