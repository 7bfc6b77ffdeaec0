/*
 * The predictors of a model. eval, classify and the training commands' test scores use
 * forModel: the compiled engine (CompiledModel through HsiClassifier: bit-serial / int8
 * integer plans for quantized models, SIMD float plans for float ones), which reads raw
 * samples and applies the model's own Normalization (and input quantization) once, inside.
 *
 * oracle is the slow definition the engine is tested against, kept for tests only: a
 * quantized model through the reference executor (its integer semantics define what the
 * model computes; the engine's labels and logits are identical), a float model through the
 * training network in eval mode (the engine's logits agree within 1e-4 relative).
 */
package dev.hsiq.training.run;

import dev.hsiq.engine.HsiClassifier;
import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.reference.ReferenceExecutor;
import dev.hsiq.training.nn.Network;

public final class Predictors {

    private Predictors() {
    }

    /** Threads a command uses unless told otherwise: every available processor. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The compiled engine for {@code model}, using up to every available processor per call. */
    public static Predictor forModel(Model model) {
        return forModel(model, defaultThreads());
    }

    /** The compiled engine for {@code model}, using up to {@code threads} threads per call. */
    public static Predictor forModel(Model model, int threads) {
        return engine(classifier(model, threads));
    }

    /** {@code model} compiled for this machine, using up to {@code threads} threads per call. */
    public static HsiClassifier classifier(Model model, int threads) {
        if (threads < 1) {
            throw new BadInputException("--threads " + threads + " must be at least 1");
        }
        return HsiClassifier.of(model).withThreads(threads);
    }

    /**
     * Runs raw spectra or patches (by the model's input kind) through a compiled classifier.
     * As the Predictor contract allows, {@code raw} may be longer than the samples (Evaluator
     * reuses one chunk buffer); the engine wants the exact length, so a longer array's samples
     * are copied out first (only a last, partial chunk).
     */
    public static Predictor engine(HsiClassifier classifier) {
        int len = classifier.compiled().sampleLength();
        boolean patches = classifier.patchModel();
        return (raw, count) -> {
            long need = (long) count * len;
            float[] exact = raw.length > need ? java.util.Arrays.copyOf(raw, (int) need) : raw;
            return patches ? classifier.classifyPatches(exact, count) : classifier.classifySpectra(exact, count);
        };
    }

    /**
     * The test oracle: the reference executor for a quantized model, the training network for
     * a float one. Slow; not for the commands.
     */
    public static Predictor oracle(Model model) {
        if (!model.spec().isQuantized()) {
            return network(Network.fromModel(model), model.normalization(), model.spec());
        }
        return reference(model);
    }

    /** Runs raw samples through the reference executor. */
    public static Predictor reference(Model model) {
        ReferenceExecutor ref = new ReferenceExecutor(model);
        int len = ref.sampleLength();
        return (raw, count) -> {
            int[] out = new int[count];
            float[] one = new float[len];
            for (int i = 0; i < count; i++) {
                System.arraycopy(raw, i * len, one, 0, len);
                out[i] = ref.label(one);
            }
            return out;
        };
    }

    /** Normalizes raw samples as the model does, then runs the float network in eval mode. */
    public static Predictor network(Network net, Normalization norm, ModelSpec spec) {
        int len = net.inputShape().size();
        int plane = net.inputShape().height() * net.inputShape().width();
        boolean spectrum = spec.input() == ModelSpec.InputKind.SPECTRUM;
        float[] low = norm.low();
        float[] high = norm.high();
        return (raw, count) -> {
            float[] x = new float[count * len];
            for (int s = 0; s < count; s++) {
                int base = s * len;
                for (int i = 0; i < len; i++) {
                    int band = spectrum ? i : i / plane;
                    // the same float operations as Normalization.apply
                    x[base + i] = (raw[base + i] - low[band]) / (high[band] - low[band]);
                }
            }
            return net.predict(x, count);
        };
    }
}
