/*
 * The integer semantics of a quantized model (spec.inputBits() > 0), as plain loops: what
 * the compiled integer engine must compute exactly, and what training calls its bit-exact
 * simulation of the engine.
 *
 *   input       q = StepActivation.forInput(inputBits).code(normalized x)   (clip [0, 1])
 *   hidden conv/dense with quantized weights, then [batch norm], then step activation (k, a):
 *               acc_c = sum q * code (exact integers, |acc| <= AccumulatorBound, checked),
 *               q_out = FoldedThresholds.code(c, acc) with thresholds from
 *               ThresholdFolding.fold(ChannelAffine.of(s, D_in, b, bn), step)
 *   hidden conv/dense with FLOAT weights (documented fallback, not integer-only):
 *               x = q * D_in (float, StepActivation.valueOf), z = b + sum w * x in double,
 *               v = batch norm of z in double, q_out = step.code((float) v)
 *   max pool    on codes;  flatten, dropout  identity
 *   last conv/dense (no activation after it): float logits
 *               quantized weights: ChannelAffine.of(s, D_in, b, null).logit(c, acc)
 *                                  = (float) (s_c * D_in * acc + b_c) in double
 *               FLOAT weights:     (float) (b_c + sum w * (q * D_in as float)) in double
 *
 * D_in is the step of whatever produced the codes: 1 / L for the input, a / L of the
 * preceding step activation (in double for folding, StepActivation.exactStep()).
 * LayerGroups decides the grouping and rejects what cannot be folded.
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.quant.AccumulatorBound;
import dev.hsiq.engine.quant.ChannelAffine;
import dev.hsiq.engine.quant.FoldedThresholds;
import dev.hsiq.engine.quant.StepActivation;
import dev.hsiq.engine.quant.ThresholdFolding;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

final class QuantizedForward {

    private final StepActivation inputQuantizer;
    private final List<UnaryOperator<int[]>> codeStages = new ArrayList<>();
    private final Function<int[], float[]> logits;
    private final List<FoldedThresholds> thresholds = new ArrayList<>();

    QuantizedForward(Model model) {
        LayerParams params = new LayerParams(model);
        LayerGroups groups = LayerGroups.of(model.spec());
        List<LayerSpec> layers = model.spec().layers();
        List<Shape> shapes = model.spec().shapes(model.bands());
        Shape input = model.spec().inputShape(model.bands());
        inputQuantizer = StepActivation.forInput(model.spec().inputBits());

        StepActivation current = inputQuantizer;
        Function<int[], float[]> last = null;
        int i = 0;
        while (i < layers.size() && last == null) {
            LayerSpec layer = layers.get(i);
            Shape inShape = i == 0 ? input : shapes.get(i - 1);
            Shape outShape = shapes.get(i);
            LayerGroups.Group group = groups.atLayer(i);
            if (group == null) {
                if (layer instanceof LayerSpec.Pool p) {
                    codeStages.add(q -> Pooling.maxPool(q, inShape, p, outShape));
                }
                i++;
                continue;
            }
            Geometry g = Geometry.of(layer, inShape, outShape);
            float[] bias = params.bias(layer, outShape.channels());
            WeightFormat format = LayerParams.format(layer);
            if (group.last()) {
                last = format.isFloat() ? floatLogits(params.floatWeights(layer, g), bias, g, current)
                        : integerLogits(params, layer, g, bias, current);
            } else {
                LayerSpec.Act act = (LayerSpec.Act) layers.get(group.actIndex());
                StepActivation next = params.step(act);
                ChannelAffine.BatchNorm bn = group.batchNormIndex() < 0 ? null
                        : params.batchNorm((LayerSpec.BatchNorm) layers.get(group.batchNormIndex()), outShape.channels());
                codeStages.add(format.isFloat() ? floatHidden(params.floatWeights(layer, g), bias, bn, g, current, next)
                        : integerHidden(params, layer, g, bias, bn, current, next));
                current = next;
                i = group.actIndex() + 1;
            }
        }
        logits = last;
    }

    private UnaryOperator<int[]> integerHidden(LayerParams params, LayerSpec layer, Geometry g, float[] bias,
                                               ChannelAffine.BatchNorm bn, StepActivation in, StepActivation next) {
        QuantizedWeights w = params.quantizedWeights(layer, g, LayerParams.format(layer));
        AccumulatorBound.check(layer.name(), g.reduction(), in.bits(), w.format());
        FoldedThresholds t;
        try {
            t = ThresholdFolding.fold(ChannelAffine.of(w.scales(), in.exactStep(), bias, bn), next);
        } catch (IllegalArgumentException e) {
            throw params.fail(layer, e.getMessage());
        }
        thresholds.add(t);
        byte[] codes = w.codes();
        return q -> {
            long[] acc = g.accumulate(q, codes);
            int[] out = new int[acc.length];
            for (int i = 0; i < acc.length; i++) {
                out[i] = t.code(g.channelOf(i), Math.toIntExact(acc[i]));
            }
            return out;
        };
    }

    private static UnaryOperator<int[]> floatHidden(float[] w, float[] bias, ChannelAffine.BatchNorm bn, Geometry g,
                                                    StepActivation in, StepActivation next) {
        return q -> {
            double[] acc = g.accumulate(values(q, in), w);
            int[] out = new int[acc.length];
            for (int i = 0; i < acc.length; i++) {
                int c = g.channelOf(i);
                double z = acc[i] + (bias == null ? 0.0 : bias[c]);
                double v = bn == null ? z : bn.apply(c, z);
                out[i] = next.code((float) v);
            }
            return out;
        };
    }

    private static Function<int[], float[]> integerLogits(LayerParams params, LayerSpec layer, Geometry g,
                                                          float[] bias, StepActivation in) {
        QuantizedWeights w = params.quantizedWeights(layer, g, LayerParams.format(layer));
        AccumulatorBound.check(layer.name(), g.reduction(), in.bits(), w.format());
        ChannelAffine affine;
        try {
            affine = ChannelAffine.of(w.scales(), in.exactStep(), bias, null);
        } catch (IllegalArgumentException e) {
            throw params.fail(layer, e.getMessage());
        }
        byte[] codes = w.codes();
        return q -> {
            long[] acc = g.accumulate(q, codes);
            float[] out = new float[acc.length];
            for (int i = 0; i < acc.length; i++) {
                out[i] = affine.logit(g.channelOf(i), Math.toIntExact(acc[i]));
            }
            return out;
        };
    }

    private static Function<int[], float[]> floatLogits(float[] w, float[] bias, Geometry g, StepActivation in) {
        return q -> {
            double[] acc = g.accumulate(values(q, in), w);
            float[] out = new float[acc.length];
            for (int i = 0; i < acc.length; i++) {
                out[i] = (float) (acc[i] + (bias == null ? 0.0 : bias[g.channelOf(i)]));
            }
            return out;
        };
    }

    private static float[] values(int[] q, StepActivation producer) {
        float[] x = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            x[i] = producer.valueOf(q[i]);
        }
        return x;
    }

    /** The input codes of one normalized sample. */
    int[] inputCodes(float[] normalized) {
        int[] q = new int[normalized.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = inputQuantizer.code(normalized[i]);
        }
        return q;
    }

    /** The logits of one normalized sample. */
    float[] run(float[] normalized) {
        int[] q = inputCodes(normalized);
        for (UnaryOperator<int[]> s : codeStages) {
            q = s.apply(q);
        }
        return logits.apply(q);
    }

    /** The folded thresholds of the integer hidden layers, in network order. */
    List<FoldedThresholds> thresholds() {
        return List.copyOf(thresholds);
    }
}
