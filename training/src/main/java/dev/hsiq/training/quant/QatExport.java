/*
 * Turns a quantization-aware network into the engine's Model (issue 4 item 4): for every
 * conv / dense layer with a QuantizedWeightTransform, the codes and per-channel scales of
 * WeightQuantizer.quantize on the final shadow weights (the same call the forward pass
 * makes, so the model holds exactly the weights the network was using); every other
 * parameter in float: biases, batch norm gamma / beta / running mean / running variance,
 * the weights of float layers, and the clip levels as "<act>.clip" [1] tensors. The spec is
 * the resolved one (weight formats, activation bits, input bits), so the model file records
 * bit widths, clip levels and scales; ModelFile records the rounding rules by its
 * quantization rule id (ModelFile.QUANTIZATION_RULES).
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.training.nn.ConvLayer;
import dev.hsiq.training.nn.DenseLayer;
import dev.hsiq.training.nn.Layer;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.nn.Param;
import dev.hsiq.training.nn.WeightTransform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class QatExport {

    private QatExport() {
    }

    /** The quantized weights of every quantized conv / dense layer, by parameter name. */
    public static Map<String, QuantizedWeights> quantizedWeights(Network net) {
        Map<String, QuantizedWeights> q = new LinkedHashMap<>();
        for (Layer l : net.layers()) {
            Param w = null;
            WeightTransform t = null;
            if (l instanceof ConvLayer c) {
                w = c.weight();
                t = c.transform();
            } else if (l instanceof DenseLayer d) {
                w = d.weight();
                t = d.transform();
            }
            if (t instanceof QuantizedWeightTransform qt) {
                q.put(w.name(), qt.quantize(w.value(), w.shape()));
            }
        }
        return q;
    }

    /** The engine model of {@code net} with its quantized weights as codes and scales. */
    public static Model toModel(Network net, List<String> classNames, Normalization normalization,
                                Map<String, Object> metadata) {
        return net.toModel(classNames, normalization, metadata, quantizedWeights(net));
    }
}
