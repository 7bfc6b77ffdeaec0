/*
 * The float network's layers: conv / dense with full-precision weights, ReLU activations.
 * A spec with a step activation or quantized weights needs the quantization-aware factory.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.WeightFormat;

public final class FloatLayerFactory implements LayerFactory {

    public static final FloatLayerFactory INSTANCE = new FloatLayerFactory();

    private FloatLayerFactory() {
    }

    @Override
    public Layer create(LayerSpec spec, Shape in, long seed) {
        return switch (spec) {
            case LayerSpec.Conv c -> {
                requireFloat(c.name(), c.weights());
                yield new ConvLayer(c.name(), in, c.outChannels(), c.kernelH(), c.kernelW(), c.strideH(), c.strideW(),
                        c.padH(), c.padW(), WeightTransform.IDENTITY);
            }
            case LayerSpec.Dense d -> {
                requireFloat(d.name(), d.weights());
                yield new DenseLayer(d.name(), in, d.outFeatures(), WeightTransform.IDENTITY);
            }
            case LayerSpec.BatchNorm b -> new BatchNormLayer(b.name(), in, b.eps(), b.momentum());
            case LayerSpec.Act a -> {
                if (a.isStep()) {
                    throw new IllegalArgumentException(a.name() + ": a " + a.bits()
                            + "-bit step activation needs the quantization-aware layers, not the float network");
                }
                yield new ReluLayer(a.name(), in);
            }
            case LayerSpec.Pool p -> new PoolLayer(p.name(), p.kind() == LayerSpec.PoolKind.MAX ? PoolLayer.Kind.MAX
                    : PoolLayer.Kind.AVG, in, p.kernelH(), p.kernelW(), p.strideH(), p.strideW());
            case LayerSpec.Flatten f -> new FlattenLayer(f.name(), in);
            case LayerSpec.Dropout d -> new DropoutLayer(d.name(), in, d.p(), seed);
        };
    }

    private static void requireFloat(String name, WeightFormat w) {
        if (w != null && !w.isFloat()) {
            throw new IllegalArgumentException(name + ": " + w + " weights need the quantization-aware layers, "
                    + "not the float network");
        }
    }
}
