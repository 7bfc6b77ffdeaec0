/*
 * A trainable network built from an engine ModelSpec: one Layer per spec layer (through a
 * LayerFactory, float by default), parameters named as the engine's model file names them,
 * He (Kaiming) normal initialization of conv / dense weights with a seed, and export to
 * and import from the engine's Model.
 *
 *   build(spec, bands, seed)     a fresh network (spec resolved, e.g. spec.resolve(classes, null))
 *   fromModel(model)             the network of a trained model (fine-tuning, evaluation)
 *   forward / backward           one mini-batch (batch-major CHW float arrays)
 *   logits / predict             batched inference in eval mode (running BN statistics)
 *   toModel(...)                 the engine Model (float parameters and running statistics;
 *                                quantized weights supplied by quantization-aware training)
 *
 * Not thread-safe: layers keep per-batch buffers.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

public final class Network {

    /** Samples per forward call in logits / predict. */
    public static final int INFERENCE_BATCH = 256;

    private final ModelSpec spec;
    private final int bands;
    private final Shape inputShape;
    private final List<Layer> layers;
    private final List<Param> params;
    private final Map<String, Param> byName;
    private final int classes;
    private float[] chunk;

    private Network(ModelSpec spec, int bands, List<Layer> layers) {
        this.spec = spec;
        this.bands = bands;
        this.inputShape = spec.inputShape(bands);
        this.layers = List.copyOf(layers);
        List<Param> ps = new ArrayList<>();
        Map<String, Param> names = new LinkedHashMap<>();
        for (Layer l : layers) {
            for (Param p : l.params()) {
                if (names.put(p.name(), p) != null) {
                    throw new IllegalArgumentException(spec.name() + ": parameter name '" + p.name() + "' is used twice");
                }
                ps.add(p);
            }
        }
        this.params = List.copyOf(ps);
        this.byName = Collections.unmodifiableMap(names);
        this.classes = layers.get(layers.size() - 1).outputShape().size();
        // Up to and including the first layer with trainable parameters, nothing upstream
        // needs dL/dinput (an input quantizer stage, then the first conv).
        for (Layer l : layers) {
            l.setNeedsInputGradient(false);
            if (l.params().stream().anyMatch(Param::trainable)) {
                break;
            }
        }
    }

    /** A float network for a resolved spec and {@code bands} input bands, initialized from {@code seed}. */
    public static Network build(ModelSpec spec, int bands, long seed) {
        return build(spec, bands, seed, FloatLayerFactory.INSTANCE);
    }

    /**
     * A network whose layers come from {@code factory}. Weights (role WEIGHT, first dimension
     * the output count) get He normal values, std = sqrt(2 / fan_in) with fan_in the size of
     * one output row; biases and BN shifts start at 0, BN scales at 1.
     */
    public static Network build(ModelSpec spec, int bands, long seed, LayerFactory factory) {
        if (!spec.isResolved()) {
            throw new IllegalArgumentException("model " + spec.name()
                    + ": resolve the spec first (class count, weight formats, activation bits)");
        }
        if (bands <= 0) {
            throw new IllegalArgumentException("model " + spec.name() + ": band count " + bands + " must be positive");
        }
        spec.shapes(bands); // fails with the layer name when a shape does not fit
        SplittableRandom random = new SplittableRandom(seed);
        Shape s = spec.inputShape(bands);
        List<Layer> layers = new ArrayList<>(factory.inputStage(spec, s));
        if (!layers.isEmpty()) {
            s = layers.get(layers.size() - 1).outputShape();
        }
        for (LayerSpec ls : spec.layers()) {
            Layer l = factory.create(ls, s, random.nextLong());
            Shape expected = ModelSpec.outputShape(ls, s);
            if (!l.outputShape().equals(expected)) {
                throw new IllegalStateException(ls.name() + ": layer produces " + l.outputShape() + ", spec says "
                        + expected);
            }
            layers.add(l);
            s = l.outputShape();
        }
        Network net = new Network(spec, bands, layers);
        for (Param p : net.params) {
            if (p.role() == Param.Role.WEIGHT) {
                heNormal(p, random);
            }
        }
        return net;
    }

    /** The float network of a trained model, parameters loaded. */
    public static Network fromModel(Model model) {
        return fromModel(model, FloatLayerFactory.INSTANCE);
    }

    /**
     * The network of a trained model with layers from {@code factory}. Quantized weights are
     * loaded dequantized (scale * code) as the starting shadow weights; every other parameter
     * must be in the model's float parameters.
     */
    public static Network fromModel(Model model, LayerFactory factory) {
        if (factory == FloatLayerFactory.INSTANCE && !model.qweights().isEmpty()) {
            throw new IllegalArgumentException("model " + model.spec().name()
                    + " has quantized weights; load it with the quantization-aware layers");
        }
        Network net = build(model.spec(), model.bands(), 0L, factory);
        if (net.classes != model.classes()) {
            throw new IllegalArgumentException("model " + model.spec().name() + ": the network has " + net.classes
                    + " outputs for " + model.classes() + " class names");
        }
        Map<String, Tensor> all = new LinkedHashMap<>(model.params());
        model.qweights().forEach((name, q) -> all.put(name, new Tensor(q.shape(), q.dequantize())));
        net.loadParams(all);
        return net;
    }

    private static void heNormal(Param p, SplittableRandom random) {
        int[] shape = p.shape();
        int fanIn = p.size() / shape[0];
        double std = Math.sqrt(2.0 / fanIn);
        float[] v = p.value();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (std * Gaussian.next(random));
        }
    }

    // ------------------------------------------------------------------ accessors

    public ModelSpec spec() {
        return spec;
    }

    public int bands() {
        return bands;
    }

    public Shape inputShape() {
        return inputShape;
    }

    public int classes() {
        return classes;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Every parameter, trainable ones and running statistics, in layer order. */
    public List<Param> params() {
        return params;
    }

    /** A parameter by its engine name, or an exception naming it. */
    public Param param(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("model " + spec.name() + " has no parameter '" + name + "'");
        }
        return p;
    }

    public long trainableParameterCount() {
        long n = 0;
        for (Param p : params) {
            if (p.trainable()) {
                n += p.size();
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ training passes

    /** Forward a batch; returns the logits buffer (batch x classes), valid until the next call. */
    public float[] forward(float[] in, int batch, boolean training) {
        float[] x = in;
        for (Layer l : layers) {
            x = l.forward(x, batch, training);
        }
        return x;
    }

    /** Back-propagates dL/dlogits of the last forward batch, accumulating parameter gradients. */
    public void backward(float[] gradLogits, int batch) {
        float[] g = gradLogits;
        for (int i = layers.size() - 1; i >= 0 && g != null; i--) {
            g = layers.get(i).backward(g, batch);
        }
    }

    public void zeroGrad() {
        for (Param p : params) {
            p.zeroGrad();
        }
    }

    // ------------------------------------------------------------------ inference

    /** Eval-mode logits of {@code count} samples (count x classes, a new array). */
    public float[] logits(float[] samples, int count) {
        int size = inputShape.size();
        if ((long) count * size > samples.length) {
            throw new IllegalArgumentException("model " + spec.name() + ": " + count + " samples of " + inputShape
                    + " need " + (long) count * size + " floats, got " + samples.length);
        }
        float[] out = new float[Math.multiplyExact(count, classes)];
        chunk = Buffers.ensure(chunk, (long) Math.min(count, INFERENCE_BATCH) * size);
        for (int start = 0; start < count; start += INFERENCE_BATCH) {
            int n = Math.min(INFERENCE_BATCH, count - start);
            System.arraycopy(samples, start * size, chunk, 0, n * size);
            float[] z = forward(chunk, n, false);
            System.arraycopy(z, 0, out, start * classes, n * classes);
        }
        return out;
    }

    /** Eval-mode predicted class (0-based) of each of {@code count} samples. */
    public int[] predict(float[] samples, int count) {
        float[] z = logits(samples, count);
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            labels[n] = SoftmaxCrossEntropy.argmax(z, n, classes);
        }
        return labels;
    }

    // ------------------------------------------------------------------ parameters in and out

    /** Copies of every parameter value, by name (for keeping the best epoch). */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Param p : params) {
            m.put(p.name(), p.value().clone());
        }
        return m;
    }

    /** Restores values taken by snapshot(). */
    public void restore(Map<String, float[]> snapshot) {
        for (Param p : params) {
            float[] v = snapshot.get(p.name());
            if (v == null || v.length != p.size()) {
                throw new IllegalArgumentException("snapshot lacks parameter '" + p.name() + "' or has the wrong size");
            }
            System.arraycopy(v, 0, p.value(), 0, v.length);
        }
    }

    /** Every parameter as an engine tensor, by name, in layer order. */
    public Map<String, Tensor> exportParams() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Param p : params) {
            m.put(p.name(), p.toTensor());
        }
        return m;
    }

    /** Loads every parameter from {@code tensors}; fails naming the first one missing or mis-shaped. */
    public void loadParams(Map<String, Tensor> tensors) {
        List<String> missing = loadAvailableParams(tensors);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("model " + spec.name() + ": parameter '" + missing.get(0) + "' is missing");
        }
    }

    /**
     * Loads the parameters present in {@code tensors} and returns the names of those that are
     * not (fine-tuning a quantized network from a float model: the clip levels are new).
     * A present parameter of the wrong shape still fails.
     */
    public List<String> loadAvailableParams(Map<String, Tensor> tensors) {
        List<String> missing = new ArrayList<>();
        for (Param p : params) {
            Tensor t = tensors.get(p.name());
            if (t == null) {
                missing.add(p.name());
            } else {
                p.load(t);
            }
        }
        return missing;
    }

    /** The engine model of this float network: float parameters and running statistics. */
    public Model toModel(List<String> classNames, Normalization normalization, Map<String, Object> metadata) {
        return toModel(classNames, normalization, metadata, Map.of());
    }

    /**
     * The engine model with the weights named in {@code qweights} stored quantized (the
     * quantization-aware training supplies codes and scales) and every other parameter in
     * float. A layer with a non-identity weight transform must have its weight in qweights.
     */
    public Model toModel(List<String> classNames, Normalization normalization, Map<String, Object> metadata,
                         Map<String, QuantizedWeights> qweights) {
        if (classNames.size() != classes) {
            throw new IllegalArgumentException("model " + spec.name() + " has " + classes + " outputs, "
                    + classNames.size() + " class names were given");
        }
        for (String name : qweights.keySet()) {
            param(name); // fails naming a weight the network does not have
        }
        for (Layer l : layers) {
            Param w = l instanceof ConvLayer c && !c.transform().isIdentity() ? c.weight()
                    : l instanceof DenseLayer d && !d.transform().isIdentity() ? d.weight() : null;
            if (w != null && !qweights.containsKey(w.name())) {
                throw new IllegalStateException(l.name() + ": a quantized layer's weight must be exported as "
                        + "quantized codes and scales");
            }
        }
        Map<String, Tensor> floats = new LinkedHashMap<>();
        for (Param p : params) {
            if (!qweights.containsKey(p.name())) {
                floats.put(p.name(), p.toTensor());
            }
        }
        return new Model(spec, bands, classNames, normalization, floats, qweights, metadata);
    }
}
