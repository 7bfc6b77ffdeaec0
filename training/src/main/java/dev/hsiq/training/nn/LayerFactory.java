/*
 * Turns one LayerSpec into a trainable Layer, given the input shape. The float factory
 * (FloatLayerFactory) builds ReLU for "act" and conv / dense with the identity weight
 * transform. Quantization-aware training supplies its own factory that builds the step
 * activation for an Act with bits > 0, conv / dense with a weight quantizer as their
 * WeightTransform, and an input stage that quantizes the normalized input, delegating every
 * other layer to the float factory.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Shape;

import java.util.List;

public interface LayerFactory {

    /** The layer for {@code spec} reading input of shape {@code in}; seed feeds any randomness (dropout). */
    Layer create(LayerSpec spec, Shape in, long seed);

    /** Layers run before the spec's first layer (an input quantizer); none for a float network. */
    default List<Layer> inputStage(ModelSpec spec, Shape in) {
        return List.of();
    }
}
