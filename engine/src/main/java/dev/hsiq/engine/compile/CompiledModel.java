/*
 * A model compiled into an immutable execution plan (Compiler): the object that classifies.
 * One instance can serve any number of threads at once; each call takes its scratch space
 * from an internal pool (one Workspace per running thread), and the `parallel` argument says
 * how many threads one call may use.
 *
 * Inputs are raw samples (the model's Normalization and input quantization are applied here):
 *   spectra  count x B floats, spectrum s at s * B                  (spectral models)
 *   patches  count x B x P x P floats in the model's CHW layout:    (patch models)
 *            band b, row y, column x of patch s at s * B*P*P + (b * P + y) * P + x
 *   scene    a rows x cols x B cube in BIP order, value (r * cols + c) * B + b: every pixel is
 *            classified, from its spectrum (spectral models) or its mirror-padded patch (patch
 *            models: in one dense pass when the network allows it, see DenseScene; else patch by patch)
 * Outputs: labels[i] (class index, argmax of the logits, first on ties) and, when `logits` is
 * not null, logits[i * classes + k]; i is the sample, or the pixel r * cols + c.
 *
 * Results are the same for every thread count and chunking: quantized plans are exact integer
 * arithmetic ending in ReferenceExecutor's logits bit for bit; float plans do the same sums on
 * the same operands whichever thread runs them.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.reference.PackedSize;
import dev.hsiq.kernels.Parallel;

import java.util.ArrayList;
import java.util.List;

public final class CompiledModel {

    private final Model model;
    private final Plan plan;
    private final WorkspacePool pool;
    private final StepTimes times;

    CompiledModel(Model model, Plan plan) {
        this(model, plan, new WorkspacePool(), null);
    }

    private CompiledModel(Model model, Plan plan, WorkspacePool pool, StepTimes times) {
        this.model = model;
        this.plan = plan;
        this.pool = pool;
        this.times = times;
    }

    /** A fresh, empty record of this model's steps (input stage, then each op of layers()). */
    public StepTimes newStepTimes() {
        List<String> names = new ArrayList<>();
        List<String> kernels = new ArrayList<>();
        names.add("input");
        kernels.add(plan.input.quantized() ? "normalize + quantize" : "normalize");
        for (PlanOp op : plan.ops) {
            names.add(op.name);
            kernels.add(op.kernel());
        }
        return new StepTimes(names, kernels);
    }

    /**
     * This model (same plan and scratch pool) recording the time of each step of every call into
     * times (made by newStepTimes() of this model).
     */
    public CompiledModel timed(StepTimes times) {
        if (times.steps().size() != plan.ops.size() + 1) {
            throw new IllegalArgumentException("step times of " + times.steps().size() + " steps do not fit a plan of "
                    + (plan.ops.size() + 1));
        }
        return new CompiledModel(model, plan, pool, times);
    }

    /** Compiles with the default options (kernels chosen by CostModel). */
    public static CompiledModel compile(Model model) {
        return Compiler.compile(model, CompileOptions.DEFAULT);
    }

    public static CompiledModel compile(Model model, CompileOptions options) {
        return Compiler.compile(model, options);
    }

    public Model model() {
        return model;
    }

    public String name() {
        return model.spec().name();
    }

    public boolean quantized() {
        return model.spec().isQuantized();
    }

    /** True for patch models (B x P x P inputs), false for spectral ones. */
    public boolean patchModel() {
        return model.spec().input() == ModelSpec.InputKind.PATCH;
    }

    public int bands() {
        return model.bands();
    }

    public int classes() {
        return model.classes();
    }

    /** P for a patch model, 1 for a spectral one. */
    public int patchSize() {
        return model.spec().patchSize();
    }

    /** Floats per sample: B, or B * P * P. */
    public int sampleLength() {
        return model.spec().inputShape(model.bands()).size();
    }

    /** Whether classifyScene runs one dense pass (DenseScene) rather than patch by patch. */
    public boolean denseScene() {
        return plan.denseScene;
    }

    /** Samples per task in per-sample mode. */
    public int sampleChunk() {
        return plan.chunk;
    }

    /** The plan's steps: layer, kernel, layouts, MACs per output pixel. */
    public List<LayerInfo> layers() {
        List<LayerInfo> out = new ArrayList<>();
        for (PlanOp op : plan.ops) {
            out.add(new LayerInfo(op.name, op.kernel(), op.in.toString(), op.out == null ? "logits" : op.out.toString(),
                    op.macsPerPixel()));
        }
        return out;
    }

    /** Parameter memory of this network in float and packed form (PackedSize). */
    public PackedSize sizes() {
        return PackedSize.of(model.spec(), model.bands());
    }

    public void classifySpectra(float[] spectra, int count, int[] labels, float[] logits, Parallel parallel) {
        if (patchModel()) {
            throw new BadInputException("model " + name() + " classifies " + bands() + " x " + patchSize() + " x "
                    + patchSize() + " patches, not spectra; use classifyPatches or classifyScene");
        }
        checkSamples("spectra", "spectrum", spectra.length, count, labels, logits);
        plan.runSamples(new Source.Spectra(spectra, count, bands()), count, labels, logits, parallel, pool, times);
    }

    public void classifyPatches(float[] patches, int count, int[] labels, float[] logits, Parallel parallel) {
        if (!patchModel()) {
            throw new BadInputException("model " + name() + " classifies spectra of " + bands()
                    + " bands, not patches; use classifySpectra or classifyScene");
        }
        checkSamples("patches", "patch", patches.length, count, labels, logits);
        plan.runSamples(new Source.Patches(patches, count, bands(), patchSize()), count, labels, logits, parallel,
                pool, times);
    }

    /** Every pixel of a BIP scene (dense pass when denseScene(), else per patch / per spectrum). */
    public void classifyScene(float[] cube, int rows, int cols, int bands, int[] labels, float[] logits,
                              Parallel parallel) {
        Source.Scene scene = checkScene(cube, rows, cols, bands, labels, logits);
        if (!patchModel()) {
            plan.runSamples(new Source.Spectra(cube, rows * cols, bands), rows * cols, labels, logits, parallel, pool,
                    times);
        } else if (plan.denseScene) {
            plan.runScene(scene, labels, logits, parallel, pool, times);
        } else {
            classifyScenePerPatch(cube, rows, cols, bands, labels, logits, parallel);
        }
    }

    /** Every pixel of a BIP scene by per-patch inference (mirror-padded patches cut on the fly). */
    public void classifyScenePerPatch(float[] cube, int rows, int cols, int bands, int[] labels, float[] logits,
                                      Parallel parallel) {
        Source.Scene scene = checkScene(cube, rows, cols, bands, labels, logits);
        if (!patchModel()) {
            plan.runSamples(new Source.Spectra(cube, rows * cols, bands), rows * cols, labels, logits, parallel, pool,
                    times);
            return;
        }
        plan.runSamples(new Source.ScenePatches(scene, patchSize()), rows * cols, labels, logits, parallel, pool,
                times);
    }

    private void checkSamples(String what, String one, int length, int count, int[] labels, float[] logits) {
        if (count < 0) {
            throw new BadInputException("model " + name() + ": sample count " + count + " is negative");
        }
        long need = (long) count * sampleLength();
        if (length != need) {
            String each = patchModel() ? bands() + " x " + patchSize() + " x " + patchSize() + " values"
                    : bands() + " bands";
            if (count > 0 && length % count == 0) {
                throw new BadInputException("model " + name() + ": each " + one + " has " + length / count
                        + " values, but the model expects " + each + " (" + sampleLength() + " values; it was trained on "
                        + bands() + " bands)");
            }
            throw new BadInputException("model " + name() + ": the " + what + " array holds " + length + " values, but "
                    + count + " " + what + " of " + each + " need " + need);
        }
        checkOutputs(count, labels, logits);
    }

    private Source.Scene checkScene(float[] cube, int rows, int cols, int bands, int[] labels, float[] logits) {
        if (bands != bands()) {
            throw new BadInputException("model " + name() + ": the scene has " + bands + " bands, the model expects "
                    + bands() + " (the band count it was trained on)");
        }
        if (rows <= 0 || cols <= 0) {
            throw new BadInputException("model " + name() + ": a scene of " + rows + " x " + cols + " pixels is empty");
        }
        long need = (long) rows * cols * bands;
        if (cube.length != need) {
            throw new BadInputException("model " + name() + ": the scene array holds " + cube.length + " values, but "
                    + rows + " x " + cols + " pixels x " + bands + " bands need " + need);
        }
        checkOutputs(rows * cols, labels, logits);
        return new Source.Scene(cube, rows, cols, bands);
    }

    private void checkOutputs(int count, int[] labels, float[] logits) {
        if (labels.length < count) {
            throw new IllegalArgumentException("labels array holds " + labels.length + ", " + count + " needed");
        }
        if (logits != null && logits.length < (long) count * classes()) {
            throw new IllegalArgumentException("logits array holds " + logits.length + ", " + (long) count * classes()
                    + " needed");
        }
    }

    @Override
    public String toString() {
        return "CompiledModel[" + name() + ", " + (quantized() ? "quantized" : "float") + ", " + plan.ops.size()
                + " steps" + (plan.denseScene ? ", dense scene" : "") + "]";
    }
}
