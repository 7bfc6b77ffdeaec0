/*
 * A trained network, float or quantized, as the engine compiles it and the model file
 * stores it: a resolved spec, the scene facts it was trained for (band count, class
 * names, input normalization), the parameters, and free-form metadata (dataset, split,
 * training settings) that reports and `hsiq eval` use.
 *
 * params holds every float tensor by name ("conv1.bias", "bn1.gamma", "act1.clip", and
 * the weights of float layers); qweights holds the weights of quantized layers by name
 * ("conv1.weight"). A layer's weight is in exactly one of the two maps.
 */
package dev.hsiq.engine.model;

import java.util.List;
import java.util.Map;

public record Model(ModelSpec spec, int bands, List<String> classNames, Normalization normalization,
                    Map<String, Tensor> params, Map<String, QuantizedWeights> qweights,
                    Map<String, Object> metadata) {

    public Model {
        if (!spec.isResolved()) {
            throw new IllegalArgumentException("model " + spec.name() + ": spec still has unresolved placeholders");
        }
        if (bands <= 0) {
            throw new IllegalArgumentException("model " + spec.name() + ": band count " + bands + " must be positive");
        }
        if (normalization.bands() != bands) {
            throw new IllegalArgumentException("model " + spec.name() + ": normalization has " + normalization.bands()
                    + " bands, the model " + bands);
        }
        classNames = List.copyOf(classNames);
        params = Map.copyOf(params);
        qweights = Map.copyOf(qweights);
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        spec.shapes(bands); // validates that every layer fits
    }

    public int classes() {
        return classNames.size();
    }

    /** A float parameter, failing with the model and parameter name when missing. */
    public Tensor param(String name) {
        Tensor t = params.get(name);
        if (t == null) {
            throw new IllegalArgumentException("model " + spec.name() + ": parameter '" + name + "' is missing");
        }
        return t;
    }

    /** A quantized weight, failing with the model and parameter name when missing. */
    public QuantizedWeights qweight(String name) {
        QuantizedWeights q = qweights.get(name);
        if (q == null) {
            throw new IllegalArgumentException("model " + spec.name() + ": quantized weight '" + name + "' is missing");
        }
        return q;
    }
}
