/*
 * Compiles a quantized model (spec.inputBits() > 0) into integer plan ops, following the
 * reference executor's integer semantics (QuantizedForward) step by step:
 *   - LayerGroups decides the grouping (conv/dense + optional batch norm + step activation)
 *     and rejects what cannot be folded, with the same messages;
 *   - a hidden group's bias, batch norm and next step activation become integer thresholds:
 *     ThresholdFolding.fold(ChannelAffine.of(scales, D_in, bias, bn), next), D_in the exact
 *     step of the producer of its input codes (the input quantizer 1 / L, then each step
 *     activation a / L);
 *   - the last group's logits are ChannelAffine.of(scales, D_in, bias, null).logit(c, acc);
 *   - accumulator bounds are checked (AccumulatorBound) before any kernel is chosen;
 *   - max pooling runs on codes; flatten and dropout disappear (a dense layer reads its input
 *     map through a window that covers it, in the [out][c][y][x] order of its weights).
 * Kernels come from CostModel unless CompileOptions forces one. Layouts are then assigned
 * back to front: every op writes what its consumer reads (planes for bit-serial, byte codes
 * for int8 / lookup / float on codes / exact float), so thresholds produce the next input directly; only the
 * byte-code input (and an exact-float layer feeding a bit-serial one) gets a PackOp.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.quant.AccumulatorBound;
import dev.hsiq.engine.quant.ChannelAffine;
import dev.hsiq.engine.quant.FoldedThresholds;
import dev.hsiq.engine.quant.StepActivation;
import dev.hsiq.engine.quant.ThresholdFolding;
import dev.hsiq.engine.reference.Geometry;
import dev.hsiq.engine.reference.LayerGroups;
import dev.hsiq.engine.reference.LayerParams;

import java.util.ArrayList;
import java.util.List;

final class IntegerPlanBuilder {

    /** A weight layer or a pooling layer before layouts are known. */
    private sealed interface Stage {
    }

    private record PoolStage(String name, Window window, int channels, int bits) implements Stage {
    }

    private record WeightStage(String name, KernelKind kernel, Window window, int inChannels, int outChannels,
                               StepActivation producer, QuantizedWeights weights, float[] floatWeights, float[] bias,
                               ChannelAffine.BatchNorm batchNorm, StepActivation next, FoldedThresholds thresholds,
                               ChannelAffine logits) implements Stage {
        boolean last() {
            return next == null;
        }

        int inBits() {
            return producer.bits();
        }

        MapLayout input() {
            return kernel == KernelKind.BIT_SERIAL ? MapLayout.planes(inChannels, inBits())
                    : MapLayout.codes(inChannels, inBits());
        }
    }

    private final Model model;
    private final CompileOptions options;

    IntegerPlanBuilder(Model model, CompileOptions options) {
        this.model = model;
        this.options = options;
    }

    record Result(InputStage input, List<PlanOp> ops) {
    }

    Result build(float[] low, float[] range) {
        ModelSpec spec = model.spec();
        Shape inShape = spec.inputShape(model.bands());
        List<Stage> stages = stages(inShape);
        InputStage input = new InputStage(spec.name(), low, range, spec.inputBits(), inShape.channels());
        List<PlanOp> ops = new ArrayList<>();
        // layouts back to front: each stage's output is its consumer's input
        MapLayout[] wanted = new MapLayout[stages.size() + 1];
        for (int i = stages.size() - 1; i >= 0; i--) {
            Stage s = stages.get(i);
            wanted[i] = switch (s) {
                case WeightStage w -> w.input();
                case PoolStage p -> {
                    MapLayout after = wanted[i + 1];
                    yield after.kind() == MapLayout.Kind.PLANES ? MapLayout.planes(p.channels(), p.bits())
                            : MapLayout.codes(p.channels(), p.bits());
                }
            };
        }
        if (!stages.isEmpty() && stages.get(0) instanceof WeightStage first && mergesTails(first)) {
            wanted[0] = MapLayout.planesMergedTails(first.inChannels(), first.inBits(), first.window().kw());
        }
        MapLayout current = input.layout;
        if (!current.equals(wanted[0])) {
            ops.add(new PackOp("input", current, wanted[0]));
            current = wanted[0];
        }
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            MapLayout next = wanted[i + 1];
            switch (s) {
                case PoolStage p -> {
                    ops.add(new CodePoolOp(p.name(), p.window(), current));
                }
                case WeightStage w -> {
                    MapLayout written = w.last() ? null : (w.kernel() == KernelKind.EXACT_FLOAT
                            ? MapLayout.codes(w.outChannels(), w.next().bits()) : next);
                    ops.add(weightOp(w, current, written));
                    if (written != null && !written.equals(next)) {
                        ops.add(new PackOp(w.name() + " pack", written, next));
                    }
                    current = next;
                }
            }
        }
        return new Result(input, ops);
    }

    private PlanOp weightOp(WeightStage w, MapLayout in, MapLayout out) {
        if (w.kernel() == KernelKind.EXACT_FLOAT) {
            return new ExactFloatConvOp(w.name(), w.window(), in, out, w.outChannels(), w.floatWeights(), w.bias(),
                    w.batchNorm(), w.producer(), w.next());
        }
        Epilogue epilogue;
        if (out == null) {
            epilogue = new Epilogue.ToLogits(w.logits());
        } else if (out.kind() == MapLayout.Kind.PLANES) {
            epilogue = new Epilogue.ToPlanes(Epilogue.thresholds(w.thresholds()), out.bits());
        } else {
            epilogue = new Epilogue.ToCodes(Epilogue.thresholds(w.thresholds()));
        }
        byte[] codes = w.weights().codes();
        WeightFormat f = w.weights().format();
        return switch (w.kernel()) {
            case BIT_SERIAL -> new BitSerialConvOp(w.name(), w.window(), in, out,
                    BitSerialConvOp.packWeights(codes, w.outChannels(), w.window(), in, CostModel.coding(f),
                            CostModel.weightPlanes(f)), epilogue);
            case INT8 -> new Int8ConvOp(w.name(), w.window(), in, out, codes, w.outChannels(), epilogue);
            case LUT -> new LutConvOp(w.name(), w.window(), in, out, codes, w.outChannels(), epilogue);
            case FLOAT_CODES -> new FloatCodesConvOp(w.name(), w.window(), in, out, codes, w.outChannels(), epilogue);
            case EXACT_FLOAT, FLOAT -> throw new IllegalStateException(w.kernel() + " is not an integer kernel");
        };
    }

    /** The weight and pooling stages in network order, with parameters folded and kernels chosen. */
    private List<Stage> stages(Shape inShape) {
        ModelSpec spec = model.spec();
        LayerParams params = new LayerParams(model);
        LayerGroups groups = LayerGroups.of(spec);
        List<LayerSpec> layers = spec.layers();
        List<Shape> shapes = spec.shapes(model.bands());
        List<Stage> stages = new ArrayList<>();
        StepActivation current = StepActivation.forInput(spec.inputBits());
        Spatial phys = new Spatial(inShape.height(), inShape.width());
        int physChannels = inShape.channels();
        boolean flattened = false;
        boolean codesInput = true; // the first weight layer reads the quantizer's byte codes
        int i = 0;
        while (i < layers.size()) {
            LayerSpec layer = layers.get(i);
            LayerGroups.Group group = groups.atLayer(i);
            if (group == null) {
                switch (layer) {
                    case LayerSpec.Pool p -> {
                        Window win = new Window(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), 0, 0);
                        if (flattened) {
                            if (!win.pointwise()) {
                                throw unsupported(layer, "pooling after a flatten");
                            }
                        } else {
                            stages.add(new PoolStage(p.name(), win, physChannels, current.bits()));
                            phys = win.out(phys);
                        }
                    }
                    case LayerSpec.Flatten f -> flattened = phys.pixels() > 1;
                    default -> {
                    }
                }
                i++;
                continue;
            }
            Shape in = i == 0 ? inShape : shapes.get(i - 1);
            Shape outShape = shapes.get(i);
            Geometry g = Geometry.of(layer, in, outShape);
            Window window = window(layer, phys, flattened);
            int outChannels = outShape.channels();
            WeightFormat format = LayerParams.format(layer);
            float[] bias = params.bias(layer, outChannels);
            KernelKind kernel;
            QuantizedWeights q = null;
            float[] floatWeights = null;
            if (format.isFloat()) {
                floatWeights = params.floatWeights(layer, g);
                kernel = KernelKind.EXACT_FLOAT;
            } else {
                q = params.quantizedWeights(layer, g, format);
                AccumulatorBound.check(layer.name(), g.reduction(), current.bits(), format);
                boolean inPlace = window.pointwise() || (window.ph() == 0 && window.pw() == 0
                        && (physChannels % 64 == 0 || (codesInput && mergesTails(window, physChannels))));
                Spatial outPhys = window.out(phys);
                double packRatio = codesInput ? (double) phys.pixels() / outPhys.pixels() : 0;
                kernel = kernel(layer.name(), new CostModel.Layer(physChannels, outChannels, window.taps(),
                        current.bits(), format, inPlace, packRatio,
                        AccumulatorBound.exactInFloat(q.codes(), outChannels, current.bits())));
            }
            StepActivation next = null;
            FoldedThresholds thresholds = null;
            ChannelAffine logits = null;
            ChannelAffine.BatchNorm bn = null;
            if (!group.last()) {
                LayerSpec.Act act = (LayerSpec.Act) layers.get(group.actIndex());
                next = params.step(act);
                bn = group.batchNormIndex() < 0 ? null
                        : params.batchNorm((LayerSpec.BatchNorm) layers.get(group.batchNormIndex()), outChannels);
                if (q != null) {
                    try {
                        thresholds = ThresholdFolding.fold(ChannelAffine.of(q.scales(), current.exactStep(), bias, bn),
                                next);
                    } catch (IllegalArgumentException e) {
                        throw params.fail(layer, e.getMessage());
                    }
                }
            } else if (q != null) {
                try {
                    logits = ChannelAffine.of(q.scales(), current.exactStep(), bias, null);
                } catch (IllegalArgumentException e) {
                    throw params.fail(layer, e.getMessage());
                }
            }
            stages.add(new WeightStage(layer.name(), kernel, window, physChannels, outChannels, current, q,
                    floatWeights, bias, bn, next, thresholds, logits));
            phys = window.out(phys);
            physChannels = outChannels;
            flattened = false;
            codesInput = kernel == KernelKind.EXACT_FLOAT;
            if (group.last()) {
                if (phys.pixels() != 1) {
                    throw unsupported(layer, "a last layer with a " + phys + " output map (it must produce "
                            + "classes x 1 x 1)");
                }
                break;
            }
            current = next;
            i = group.actIndex() + 1;
        }
        return stages;
    }

    private KernelKind kernel(String layer, CostModel.Layer l) {
        KernelKind forced = options.kernels().get(layer);
        if (forced != null) {
            if (!CostModel.applies(forced, l)) {
                throw new BadInputException("model " + model.spec().name() + ": layer '" + layer + "': kernel " + forced
                        + (forced == KernelKind.FLOAT_CODES && !l.weights().isFloat()
                        ? " would not be exact: its sums can exceed 2^24 in float32"
                        : " cannot run " + l.weights() + " weights"));
            }
            return forced;
        }
        KernelKind all = options.kernels().get(CompileOptions.ALL_LAYERS);
        if (all != null && CostModel.applies(all, l)) {
            return all;
        }
        return CostModel.choose(l);
    }

    /**
     * Whether the first layer reads the packed input with merged remainder tails: bit-serial,
     * no padding, channels leaving a remainder R with kw * R <= 64, more than one tap per row.
     */
    static boolean mergesTails(Window w, int channels) {
        int rem = channels % 64;
        return rem != 0 && w.ph() == 0 && w.pw() == 0 && w.kw() > 1 && w.kw() * rem <= 64;
    }

    private static boolean mergesTails(WeightStage first) {
        return first.kernel() == KernelKind.BIT_SERIAL && mergesTails(first.window(), first.inChannels());
    }

    /** The window of a conv or dense layer over the physical map (see Window). */
    static Window window(LayerSpec layer, Spatial phys, boolean flattened) {
        return switch (layer) {
            case LayerSpec.Conv c -> {
                Window w = new Window(c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.padH(), c.padW());
                if (flattened) {
                    if (!w.pointwise()) {
                        throw new BadInputException("layer '" + c.name() + "': a convolution after a flatten must be "
                                + "1x1 without stride or padding in the compiled engine");
                    }
                    yield Window.whole(phys);
                }
                yield w;
            }
            case LayerSpec.Dense d -> Window.whole(phys);
            default -> throw new IllegalArgumentException(layer.name() + " has no window");
        };
    }

    private BadInputException unsupported(LayerSpec layer, String what) {
        return new BadInputException("model " + model.spec().name() + ": layer '" + layer.name() + "': " + what
                + " is not supported by the compiled engine");
    }
}
