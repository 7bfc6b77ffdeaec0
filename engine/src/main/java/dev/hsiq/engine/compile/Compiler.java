/*
 * Model -> CompiledModel: checks the model as the reference executor does (every parameter,
 * shape, foldability and accumulator bound), builds the plan (IntegerPlanBuilder for quantized
 * models, FloatPlanBuilder for float ones), and decides whether the network has a dense scene
 * form (DenseScene). Nothing of the model is read after compilation except for reports.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Shape;

import java.util.List;

final class Compiler {

    /** Samples per chunk in per-sample mode: quantized plans (window rows stay L2-resident). */
    static final int QUANTIZED_CHUNK = 16;
    /** Samples per chunk for float plans: wide enough for full-speed float GEMM tiles. */
    static final int FLOAT_CHUNK = 64;

    private Compiler() {
    }

    static CompiledModel compile(Model model, CompileOptions options) {
        ModelSpec spec = model.spec();
        List<Shape> shapes = spec.shapes(model.bands());
        int outputs = shapes.get(shapes.size() - 1).size();
        if (outputs != model.classes()) {
            throw new BadInputException("model " + spec.name() + ": the network gives " + outputs
                    + " outputs per sample, but the model has " + model.classes() + " classes");
        }
        float[] low = model.normalization().low();
        float[] high = model.normalization().high();
        float[] range = new float[low.length];
        for (int b = 0; b < low.length; b++) {
            range[b] = high[b] - low[b];
        }
        InputStage input;
        List<PlanOp> ops;
        if (spec.isQuantized()) {
            IntegerPlanBuilder.Result r = new IntegerPlanBuilder(model, options).build(low, range);
            input = r.input();
            ops = r.ops();
        } else {
            if (!options.kernels().isEmpty()) {
                for (KernelKind k : options.kernels().values()) {
                    if (k != KernelKind.FLOAT) {
                        throw new BadInputException("model " + spec.name() + " is a float model; kernel " + k
                                + " cannot run it");
                    }
                }
            }
            FloatPlanBuilder.Result r = new FloatPlanBuilder(model).build(low, range);
            input = r.input();
            ops = r.ops();
        }
        Shape in = spec.inputShape(model.bands());
        int chunk = options.sampleChunk() > 0 ? options.sampleChunk()
                : spec.isQuantized() ? QUANTIZED_CHUNK : FLOAT_CHUNK;
        Plan plan = new Plan(input, ops, new Spatial(in.height(), in.width()), model.classes(), chunk,
                DenseScene.applies(spec, ops), spec.patchSize() / 2);
        return new CompiledModel(model, plan);
    }
}
