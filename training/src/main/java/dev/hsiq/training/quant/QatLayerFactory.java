/*
 * Builds the layers of a quantized network from a resolved spec (ModelSpec.resolve with
 * QuantSettings): the input quantizer stage when spec.inputBits() > 0, conv / dense layers
 * with a QuantizedWeightTransform for their weight format (the identity for FLOAT, e.g. a
 * float last layer), a StepActivationLayer for every Act with bits > 0; batch norm, pooling,
 * flatten, dropout and ReLU come from the float factory. A step layer's clip gradient scale
 * is 1/sqrt(activations per sample) (when QatSettings.scaleClipGradient) times
 * QatSettings.clipLearningRateFactor. Clip levels start at 1 and are set
 * by ClipCalibration (or loaded from a quantized model).
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.training.nn.ConvLayer;
import dev.hsiq.training.nn.DenseLayer;
import dev.hsiq.training.nn.FloatLayerFactory;
import dev.hsiq.training.nn.Layer;
import dev.hsiq.training.nn.LayerFactory;
import dev.hsiq.training.nn.WeightTransform;

import java.util.List;

public final class QatLayerFactory implements LayerFactory {

    private final QatSettings settings;

    public QatLayerFactory(QatSettings settings) {
        this.settings = settings;
    }

    public QatSettings settings() {
        return settings;
    }

    @Override
    public List<Layer> inputStage(ModelSpec spec, Shape in) {
        return spec.inputBits() > 0 ? List.of(new InputQuantizerLayer(in, spec.inputBits())) : List.of();
    }

    @Override
    public Layer create(LayerSpec spec, Shape in, long seed) {
        return switch (spec) {
            case LayerSpec.Conv c -> new ConvLayer(c.name(), in, c.outChannels(), c.kernelH(), c.kernelW(),
                    c.strideH(), c.strideW(), c.padH(), c.padW(), transform(c.name(), c.weights(), settings.weightScales()));
            case LayerSpec.Dense d -> new DenseLayer(d.name(), in, d.outFeatures(), transform(d.name(), d.weights(), settings.weightScales()));
            case LayerSpec.Act a when a.isStep() -> new StepActivationLayer(a.name(), in, a.bits(), 1f,
                    settings.gradient(), settings.temperature(), settings.clip(),
                    (settings.scaleClipGradient() ? 1.0 / Math.sqrt(in.size()) : 1.0)
                            * settings.clipLearningRateFactor(), settings.gradientScalingDelta());
            default -> FloatLayerFactory.INSTANCE.create(spec, in, seed);
        };
    }

    private static WeightTransform transform(String layer, WeightFormat format, WeightScaleRule rule) {
        if (format == null) {
            throw new IllegalArgumentException(layer + ": weight format not resolved (resolve the spec first)");
        }
        return format.isFloat() ? WeightTransform.IDENTITY : new QuantizedWeightTransform(format, rule);
    }
}
