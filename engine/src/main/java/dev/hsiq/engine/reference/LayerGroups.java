/*
 * How a quantized network's layers group for integer execution (DESIGN section 1): every
 * conv/dense layer but the last is followed by an optional batch norm and a step activation,
 * which fold into its integer thresholds; the last conv/dense layer produces float logits.
 * Between groups only max pooling (it commutes with the monotone code map and runs on codes),
 * flatten and dropout (identity at inference) may appear.
 *
 * Anything else cannot be folded and is rejected with the layer's name: average pooling
 * (codes averaged are not codes), a batch norm or activation that does not directly follow a
 * conv/dense layer, a hidden conv/dense layer without a following step activation, a ReLU in
 * a quantized network, and anything but flatten/dropout after the last conv/dense layer.
 * Dropout layers are skipped wherever they are.
 *
 * Each group records the bits of the codes entering it: the network's input bits for the
 * first one, then the bits of the step activation that produced its input.
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.ModelSpec;

import java.util.ArrayList;
import java.util.List;

public record LayerGroups(List<Group> groups) {

    /**
     * One conv/dense layer with the layers folded into it. Indices are into spec.layers();
     * batchNormIndex and actIndex are -1 when absent (always -1 for the last layer).
     */
    public record Group(int layerIndex, int batchNormIndex, int actIndex, int inputBits, boolean last) {
    }

    public LayerGroups {
        groups = List.copyOf(groups);
    }

    /** The group whose conv/dense layer is at {@code layerIndex}, or null. */
    public Group atLayer(int layerIndex) {
        for (Group g : groups) {
            if (g.layerIndex() == layerIndex) return g;
        }
        return null;
    }

    /** Analyzes a resolved quantized spec; fails naming the first layer that cannot be folded. */
    public static LayerGroups of(ModelSpec spec) {
        if (!spec.isQuantized()) {
            throw new IllegalArgumentException("model " + spec.name() + " is a float network (input bits 0)");
        }
        List<LayerSpec> layers = spec.layers();
        int lastWeight = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (isWeightLayer(layers.get(i))) lastWeight = i;
        }
        if (lastWeight < 0) {
            throw fail(spec, null, "has no conv or dense layer");
        }
        List<Group> groups = new ArrayList<>();
        int bits = spec.inputBits();
        int i = 0;
        while (i < layers.size()) {
            LayerSpec l = layers.get(i);
            if (isWeightLayer(l)) {
                if (i == lastWeight) {
                    groups.add(new Group(i, -1, -1, bits, true));
                    for (int j = i + 1; j < layers.size(); j++) {
                        LayerSpec after = layers.get(j);
                        if (!(after instanceof LayerSpec.Flatten || after instanceof LayerSpec.Dropout)) {
                            throw fail(spec, after, "follows the last conv/dense layer '" + l.name()
                                    + "'; a quantized network ends with float logits, only flatten or dropout may follow");
                        }
                    }
                    break;
                }
                int j = skipDropout(layers, i + 1);
                int bn = -1;
                if (j < layers.size() && layers.get(j) instanceof LayerSpec.BatchNorm) {
                    bn = j;
                    j = skipDropout(layers, j + 1);
                }
                if (j >= layers.size() || !(layers.get(j) instanceof LayerSpec.Act act)) {
                    String found = j >= layers.size() ? "the end of the network" : "layer '" + layers.get(j).name() + "'";
                    throw fail(spec, bn >= 0 ? layers.get(bn) : l, "must be followed by a step activation so that "
                            + (bn >= 0 ? "it" : "bias") + " can fold into integer thresholds, found " + found);
                }
                if (!act.isStep()) {
                    throw fail(spec, act, "is a ReLU in a quantized network; it must be a step activation (bits 1..8)");
                }
                groups.add(new Group(i, bn, j, bits, false));
                bits = act.bits();
                i = j + 1;
                continue;
            }
            switch (l) {
                case LayerSpec.Pool p when p.kind() == LayerSpec.PoolKind.AVG ->
                        throw fail(spec, l, "average pooling cannot run on integer codes; use max pooling in a quantized network");
                case LayerSpec.BatchNorm b ->
                        throw fail(spec, l, "does not directly follow a conv/dense layer, so it cannot fold into thresholds");
                case LayerSpec.Act a ->
                        throw fail(spec, l, "does not directly follow a conv/dense layer (or its batch norm), so it cannot fold into thresholds");
                default -> {
                }
            }
            i++;
        }
        return new LayerGroups(groups);
    }

    static boolean isWeightLayer(LayerSpec l) {
        return l instanceof LayerSpec.Conv || l instanceof LayerSpec.Dense;
    }

    private static int skipDropout(List<LayerSpec> layers, int j) {
        while (j < layers.size() && layers.get(j) instanceof LayerSpec.Dropout) j++;
        return j;
    }

    private static BadInputException fail(ModelSpec spec, LayerSpec layer, String problem) {
        return new BadInputException("model " + spec.name() + ": " + (layer == null ? "" : "layer '" + layer.name() + "' ")
                + problem);
    }
}
