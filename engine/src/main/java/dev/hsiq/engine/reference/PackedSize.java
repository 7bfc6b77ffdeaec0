/*
 * Memory accounting of a network (DESIGN section 1 "Memory", issue 4 report fields):
 *
 * weight_bytes_fp32: 4 bytes per parameter of the same network in float: every conv/dense
 *   weight and bias, and batch norm gamma, beta, running mean and running variance.
 *
 * weight_bytes_packed: what the integer engine must keep, per conv/dense layer:
 *   weights       ceil(count * bits / 8) bytes at the layer's width (binary 1 bit, ternary 2,
 *                 m-bit m, FLOAT 32), rounded up per layer to whole bytes;
 *   hidden layer  with quantized weights: L int32 thresholds per output channel (4 L bytes)
 *                 plus one direction bit per channel (ceil(channels / 8) bytes); bias, scale,
 *                 batch norm and clip level are folded into them;
 *                 with FLOAT weights (not foldable): bias, batch norm (4 values) per channel
 *                 and the clip level in float;
 *   last layer    quantized: per-channel scale and bias in float (8 bytes per channel);
 *                 FLOAT: its bias (4 bytes per channel);
 *   plus the first layer's input normalization: 2 floats per band.
 * memory_ratio = weight_bytes_fp32 / weight_bytes_packed. For a float network both counts
 * are the fp32 figure (ratio 1).
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.WeightFormat;

import java.util.List;

public record PackedSize(long weightBytesFp32, long weightBytesPacked) {

    public double memoryRatio() {
        return (double) weightBytesFp32 / weightBytesPacked;
    }

    /** The sizes of a resolved spec run on {@code bands} bands. */
    public static PackedSize of(ModelSpec spec, int bands) {
        if (!spec.isResolved()) {
            throw new IllegalArgumentException("model " + spec.name() + ": resolve the spec before sizing it");
        }
        List<LayerSpec> layers = spec.layers();
        List<Shape> shapes = spec.shapes(bands);
        Shape input = spec.inputShape(bands);
        long fp32Params = 0;
        for (int i = 0; i < layers.size(); i++) {
            Shape in = i == 0 ? input : shapes.get(i - 1);
            Shape out = shapes.get(i);
            LayerSpec l = layers.get(i);
            if (LayerGroups.isWeightLayer(l)) {
                fp32Params += Geometry.of(l, in, out).weightCount() + out.channels();
            } else if (l instanceof LayerSpec.BatchNorm) {
                fp32Params += 4L * in.channels();
            }
        }
        long fp32 = 4 * fp32Params;
        if (!spec.isQuantized()) {
            return new PackedSize(fp32, fp32);
        }
        long packed = 8L * bands;
        for (LayerGroups.Group g : LayerGroups.of(spec).groups()) {
            int i = g.layerIndex();
            LayerSpec l = layers.get(i);
            Shape out = shapes.get(i);
            long channels = out.channels();
            WeightFormat f = LayerParams.format(l);
            long weights = Geometry.of(l, i == 0 ? input : shapes.get(i - 1), out).weightCount();
            packed += (weights * f.bits() + 7) / 8;
            if (g.last()) {
                packed += (f.isFloat() ? 4 : 8) * channels;
            } else if (f.isFloat()) {
                packed += 4 * (channels + (g.batchNormIndex() >= 0 ? 4 * channels : 0) + 1);
            } else {
                int levels = ((LayerSpec.Act) layers.get(g.actIndex())).levels();
                packed += 4L * levels * channels + (channels + 7) / 8;
            }
        }
        return new PackedSize(fp32, packed);
    }
}
