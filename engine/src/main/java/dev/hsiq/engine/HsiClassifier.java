/*
 * The embedding API: load a .hsiq model, classify spectra, patches or whole scenes.
 * See the class Javadoc for the example (also in engine/README.md).
 */
package dev.hsiq.engine;

import dev.hsiq.engine.compile.CompiledModel;
import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.kernels.Parallel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Classifies hyperspectral pixels with a trained model: float or quantized (integer / bit-serial
 * inference), spectral (one pixel's spectrum) or spatial-spectral (a patch around the pixel).
 * Needs only the {@code hsiq-engine} and {@code hsiq-kernels} jars; runs on any Java 21+ runtime,
 * fastest with {@code --add-modules jdk.incubator.vector} (without it, or without C2, the
 * kernels fall back to scalar code and say so in one log line).
 *
 * <pre>{@code
 * import dev.hsiq.engine.HsiClassifier;
 * import java.nio.file.Path;
 *
 * HsiClassifier clf = HsiClassifier.load(Path.of("model.hsiq"));
 *
 * // a spectral model: n spectra of clf.bands() raw values each, spectrum s at s * bands
 * int[] labels = clf.classifySpectra(spectra, n);
 *
 * // a patch model: n patches of bands x P x P raw values, band b, row y, column x of patch s at
 * // s * bands*P*P + (b * P + y) * P + x  (P = clf.patchSize())
 * int[] patchLabels = clf.classifyPatches(patches, n);
 *
 * // any model: a whole scene, a rows x cols x bands cube in BIP order, value (r * cols + c) * bands + b;
 * // map[r * cols + c] is pixel (r, c)'s class (patches are mirror-padded at the border)
 * int[] map = clf.classifyScene(cube, rows, cols, bands);
 * String name = clf.className(map[0]);
 *
 * // options: threads per call (default: all cores), logits
 * Classification c = clf.withThreads(2).classifySceneWithLogits(cube, rows, cols, bands);
 * float[] pixel0 = c.logits(0);
 * }</pre>
 *
 * Raw values are what the scene holds; the model's per-band normalization (and, for a quantized
 * model, its input quantization) is applied here. Inputs are checked: a band count or array
 * length that does not match the model fails with both numbers in the message, and NaN or
 * infinite values are rejected naming the sample (or pixel) and band
 * ({@link dev.hsiq.engine.error.BadInputException}). A patch model classifies a whole scene in
 * one dense pass when its layers allow it (no stride, no padding: patch-cnn), with exactly the
 * labels of patch-by-patch inference, else patch by patch.
 *
 * An instance is immutable and thread-safe: any number of threads may classify at once (each
 * call takes its own scratch space). Results do not depend on the thread count.
 */
public final class HsiClassifier {

    private final CompiledModel model;
    private final int threads;
    private final Parallel parallel;

    private HsiClassifier(CompiledModel model, int threads) {
        this.model = model;
        this.threads = threads;
        this.parallel = EngineThreads.of(threads);
    }

    /** Reads a .hsiq model file and compiles it (kernels chosen for this machine). */
    public static HsiClassifier load(Path modelFile) throws IOException {
        return of(ModelFile.read(modelFile));
    }

    /** Compiles a model already in memory. */
    public static HsiClassifier of(Model model) {
        return new HsiClassifier(CompiledModel.compile(model), Runtime.getRuntime().availableProcessors());
    }

    /** Wraps an already compiled model. */
    public static HsiClassifier of(CompiledModel model) {
        return new HsiClassifier(model, Runtime.getRuntime().availableProcessors());
    }

    /** The same classifier using up to {@code threads} threads per call (1: the calling thread only). */
    public HsiClassifier withThreads(int threads) {
        return new HsiClassifier(model, threads);
    }

    public int threads() {
        return threads;
    }

    /** The model's name (its spec name: patch-cnn, spectral-cnn, ...). */
    public String modelName() {
        return model.name();
    }

    /** The band count the model was trained on; every input must have exactly these bands. */
    public int bands() {
        return model.bands();
    }

    public int classes() {
        return model.classes();
    }

    /** The names of the classes, indexed by label. */
    public List<String> classNames() {
        return model.model().classNames();
    }

    /** The name of one label. */
    public String className(int label) {
        return classNames().get(label);
    }

    /** True for a patch model (classifyPatches), false for a spectral one (classifySpectra). */
    public boolean patchModel() {
        return model.patchModel();
    }

    /** P of a patch model's P x P patches (1 for a spectral model). */
    public int patchSize() {
        return model.patchSize();
    }

    /** Whether the model runs on integer codes (a quantized model) rather than floats. */
    public boolean quantized() {
        return model.quantized();
    }

    /** The compiled model (plan description, sizes, and the calls with caller-supplied outputs). */
    public CompiledModel compiled() {
        return model;
    }

    public int[] classifySpectra(float[] spectra, int count) {
        return classifySpectraWithLogits(spectra, count, false).labels();
    }

    public int[] classifyPatches(float[] patches, int count) {
        return classifyPatchesWithLogits(patches, count, false).labels();
    }

    public int[] classifyScene(float[] cube, int rows, int cols, int bands) {
        return classifySceneWithLogits(cube, rows, cols, bands, false).labels();
    }

    public Classification classifySpectraWithLogits(float[] spectra, int count) {
        return classifySpectraWithLogits(spectra, count, true);
    }

    public Classification classifyPatchesWithLogits(float[] patches, int count) {
        return classifyPatchesWithLogits(patches, count, true);
    }

    public Classification classifySceneWithLogits(float[] cube, int rows, int cols, int bands) {
        return classifySceneWithLogits(cube, rows, cols, bands, true);
    }

    private Classification classifySpectraWithLogits(float[] spectra, int count, boolean withLogits) {
        int[] labels = new int[Math.max(0, count)];
        float[] logits = withLogits ? new float[Math.max(0, count) * classes()] : null;
        model.classifySpectra(spectra, count, labels, logits, parallel);
        return new Classification(labels, logits, classes());
    }

    private Classification classifyPatchesWithLogits(float[] patches, int count, boolean withLogits) {
        int[] labels = new int[Math.max(0, count)];
        float[] logits = withLogits ? new float[Math.max(0, count) * classes()] : null;
        model.classifyPatches(patches, count, labels, logits, parallel);
        return new Classification(labels, logits, classes());
    }

    private Classification classifySceneWithLogits(float[] cube, int rows, int cols, int bands, boolean withLogits) {
        int pixels = Math.max(0, rows) * Math.max(0, cols);
        int[] labels = new int[pixels];
        float[] logits = withLogits ? new float[Math.multiplyExact(pixels, classes())] : null;
        model.classifyScene(cube, rows, cols, bands, labels, logits, parallel);
        return new Classification(labels, logits, classes());
    }

    @Override
    public String toString() {
        return "HsiClassifier[" + model + ", " + threads + " threads]";
    }
}
