/*
 * A network as a list of layers (DESIGN section 2): the built-in reference networks
 * "spectral-cnn" and "patch-cnn" and any user JSON spec go through this one type.
 *
 * A spec as written may leave the class count, the weight formats and the activation bits
 * open; resolve(classes, quant) returns a concrete spec (what a model file stores).
 * inputBits is 0 for a float network, else the bits of the first layer's input codes.
 *
 * JSON form (a user's SPEC.json):
 *   {"name": "my-net", "input": "spectrum" | "patch", "patch_size": 9,
 *    "layers": [
 *      {"type": "conv1d", "name": "conv1", "out": 32, "kernel": 11, "stride": 1, "padding": 0},
 *      {"type": "conv2d", "out": 64, "kernel": 3, "padding": [1, 1], "weights": "2"},
 *      {"type": "batchnorm", "eps": 1e-5, "momentum": 0.1},
 *      {"type": "act", "bits": 4},          (also "relu"; bits only matter when quantized)
 *      {"type": "maxpool1d" | "maxpool2d" | "avgpool1d" | "avgpool2d", "kernel": 3, "stride": 3},
 *      {"type": "flatten"}, {"type": "dropout", "p": 0.5},
 *      {"type": "dense", "out": 128}, {"type": "dense", "out": "classes"}]}
 */
package dev.hsiq.engine.model;

import dev.hsiq.engine.json.Json;
import dev.hsiq.engine.json.JsonException;
import dev.hsiq.engine.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public record ModelSpec(String name, InputKind input, int patchSize, int inputBits, List<LayerSpec> layers) {

    /** What one sample is: a pixel's spectrum (1 x 1 x B) or a patch around it (B x P x P). */
    public enum InputKind { SPECTRUM, PATCH }

    public ModelSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model spec needs a name");
        }
        if (input == InputKind.PATCH && (patchSize < 1 || patchSize % 2 == 0)) {
            throw new IllegalArgumentException(name + ": patch size " + patchSize + " must be odd and positive");
        }
        if (input == InputKind.SPECTRUM && patchSize != 1) {
            throw new IllegalArgumentException(name + ": a spectrum model has patch size 1, not " + patchSize);
        }
        if (inputBits < 0 || inputBits > 8) {
            throw new IllegalArgumentException(name + ": input bits " + inputBits + " must be 0 (float) or 1..8");
        }
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(name + ": a model needs at least one layer");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (LayerSpec l : layers) {
            if (!seen.add(l.name())) {
                throw new IllegalArgumentException(name + ": layer name '" + l.name() + "' is used twice");
            }
        }
    }

    // ------------------------------------------------------------------ built-in networks

    /** Names of the built-in specs. */
    public static List<String> builtinNames() {
        return List.of("spectral-cnn", "patch-cnn");
    }

    /** A built-in spec by name, or null. */
    public static ModelSpec builtin(String name) {
        return switch (name) {
            case "spectral-cnn" -> spectralCnn();
            case "patch-cnn" -> patchCnn(9);
            default -> null;
        };
    }

    /**
     * spectral-cnn: conv1d 1->32 k11, BN, act, maxpool 3; conv1d 32->64 k7, BN, act, maxpool 3;
     * conv1d 64->64 k5, BN, act, maxpool 2; dense 128, BN, act; dense classes.
     */
    public static ModelSpec spectralCnn() {
        List<LayerSpec> l = new ArrayList<>();
        int[][] convs = {{32, 11, 3}, {64, 7, 3}, {64, 5, 2}};
        for (int i = 0; i < convs.length; i++) {
            int n = i + 1;
            l.add(new LayerSpec.Conv("conv" + n, convs[i][0], 1, convs[i][1], 1, 1, 0, 0, true, null));
            l.add(new LayerSpec.BatchNorm("bn" + n, 1e-5f, 0.1f));
            l.add(new LayerSpec.Act("act" + n, LayerSpec.Act.DEFAULT_BITS));
            l.add(new LayerSpec.Pool("pool" + n, LayerSpec.PoolKind.MAX, 1, convs[i][2], 1, convs[i][2], true));
        }
        l.add(new LayerSpec.Dense("fc1", 128, null));
        l.add(new LayerSpec.BatchNorm("bn4", 1e-5f, 0.1f));
        l.add(new LayerSpec.Act("act4", LayerSpec.Act.DEFAULT_BITS));
        l.add(new LayerSpec.Dense("fc2", LayerSpec.CLASSES, null));
        return new ModelSpec("spectral-cnn", InputKind.SPECTRUM, 1, 0, l);
    }

    /**
     * patch-cnn: B x P x P input; conv 3x3 ->64 valid, BN, act; conv 3x3 ->64, BN, act;
     * conv 3x3 ->128, BN, act; flatten; dense 128, BN, act; dense classes.
     */
    public static ModelSpec patchCnn(int patchSize) {
        List<LayerSpec> l = new ArrayList<>();
        int[] outs = {64, 64, 128};
        for (int i = 0; i < outs.length; i++) {
            int n = i + 1;
            l.add(new LayerSpec.Conv("conv" + n, outs[i], 3, 3, 1, 1, 0, 0, false, null));
            l.add(new LayerSpec.BatchNorm("bn" + n, 1e-5f, 0.1f));
            l.add(new LayerSpec.Act("act" + n, LayerSpec.Act.DEFAULT_BITS));
        }
        l.add(new LayerSpec.Flatten("flatten"));
        l.add(new LayerSpec.Dense("fc1", 128, null));
        l.add(new LayerSpec.BatchNorm("bn4", 1e-5f, 0.1f));
        l.add(new LayerSpec.Act("act4", LayerSpec.Act.DEFAULT_BITS));
        l.add(new LayerSpec.Dense("fc2", LayerSpec.CLASSES, null));
        return new ModelSpec("patch-cnn", InputKind.PATCH, patchSize, 0, l);
    }

    // ------------------------------------------------------------------ resolution and shapes

    /** The shape of one input sample for a scene with {@code bands} bands. */
    public Shape inputShape(int bands) {
        return input == InputKind.SPECTRUM ? new Shape(1, 1, bands) : new Shape(bands, patchSize, patchSize);
    }

    /** True when no placeholder is left (class count, weight formats, activation bits). */
    public boolean isResolved() {
        for (LayerSpec l : layers) {
            switch (l) {
                case LayerSpec.Conv c -> {
                    if (c.outChannels() == LayerSpec.CLASSES || c.weights() == null) return false;
                }
                case LayerSpec.Dense d -> {
                    if (d.outFeatures() == LayerSpec.CLASSES || d.weights() == null) return false;
                }
                case LayerSpec.Act a -> {
                    if (a.bits() == LayerSpec.Act.DEFAULT_BITS) return false;
                }
                default -> {
                }
            }
        }
        return true;
    }

    /** True when the network has quantized activations (a step activation or quantized input). */
    public boolean isQuantized() {
        return inputBits > 0;
    }

    /** Index of the first and last conv/dense layer. */
    private int[] weightLayerRange() {
        int first = -1;
        int last = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Conv || layers.get(i) instanceof LayerSpec.Dense) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException(name + ": the model has no conv or dense layer");
        }
        return new int[]{first, last};
    }

    /**
     * Replaces the placeholders: CLASSES by {@code classes}; for a float network
     * ({@code quant == null}) every weight becomes FLOAT and every Act ReLU; for a quantized
     * one, unset formats take the network-wide ones (the last layer takes quant.lastWeights).
     */
    public ModelSpec resolve(int classes, QuantSettings quant) {
        if (classes < 2) {
            throw new IllegalArgumentException(name + ": a classifier needs at least 2 classes, not " + classes);
        }
        int[] range = weightLayerRange();
        List<LayerSpec> out = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            boolean last = i == range[1];
            WeightFormat def = quant == null ? WeightFormat.FLOAT : last ? quant.lastWeights() : quant.weights();
            switch (l) {
                case LayerSpec.Conv c -> {
                    WeightFormat w = quant == null ? WeightFormat.FLOAT : c.weights() != null ? c.weights() : def;
                    LayerSpec.Conv r = c.withWeights(w);
                    out.add(c.outChannels() == LayerSpec.CLASSES ? r.withOut(classes) : r);
                }
                case LayerSpec.Dense d -> {
                    WeightFormat w = quant == null ? WeightFormat.FLOAT : d.weights() != null ? d.weights() : def;
                    out.add(new LayerSpec.Dense(d.name(),
                            d.outFeatures() == LayerSpec.CLASSES ? classes : d.outFeatures(), w));
                }
                case LayerSpec.Act a -> {
                    int bits = quant == null ? 0 : a.bits() > 0 ? a.bits() : quant.actBits();
                    out.add(new LayerSpec.Act(a.name(), bits));
                }
                default -> out.add(l);
            }
        }
        int inBits = quant == null ? 0 : inputBits > 0 ? inputBits : quant.inputBits();
        return new ModelSpec(name, input, patchSize, inBits, out);
    }

    /**
     * The output shape of every layer for an input of {@code bands} bands; element i is the
     * shape after layer i. Fails with the layer name when a shape does not fit.
     */
    public List<Shape> shapes(int bands) {
        Shape s = inputShape(bands);
        List<Shape> out = new ArrayList<>(layers.size());
        for (LayerSpec l : layers) {
            s = outputShape(l, s);
            out.add(s);
        }
        return out;
    }

    /** The shape a layer produces from input shape {@code in}. */
    public static Shape outputShape(LayerSpec l, Shape in) {
        return switch (l) {
            case LayerSpec.Conv c -> {
                int h = (in.height() + 2 * c.padH() - c.kernelH()) / c.strideH() + 1;
                int w = (in.width() + 2 * c.padW() - c.kernelW()) / c.strideW() + 1;
                if (in.height() + 2 * c.padH() < c.kernelH() || in.width() + 2 * c.padW() < c.kernelW()) {
                    throw new IllegalArgumentException("layer " + c.name() + ": kernel " + c.kernelH() + "x"
                            + c.kernelW() + " does not fit input " + in);
                }
                if (c.outChannels() <= 0) {
                    throw new IllegalArgumentException("layer " + c.name() + ": output count is not resolved");
                }
                yield new Shape(c.outChannels(), h, w);
            }
            case LayerSpec.Dense d -> {
                if (d.outFeatures() <= 0) {
                    throw new IllegalArgumentException("layer " + d.name() + ": output count is not resolved");
                }
                yield new Shape(d.outFeatures(), 1, 1);
            }
            case LayerSpec.Pool p -> {
                if (in.height() < p.kernelH() || in.width() < p.kernelW()) {
                    throw new IllegalArgumentException("layer " + p.name() + ": pooling " + p.kernelH() + "x"
                            + p.kernelW() + " does not fit input " + in);
                }
                yield new Shape(in.channels(), (in.height() - p.kernelH()) / p.strideH() + 1,
                        (in.width() - p.kernelW()) / p.strideW() + 1);
            }
            case LayerSpec.Flatten f -> new Shape(in.size(), 1, 1);
            case LayerSpec.BatchNorm b -> in;
            case LayerSpec.Act a -> in;
            case LayerSpec.Dropout d -> in;
        };
    }

    /** Number of trainable parameters (weights, biases, BN affine) for {@code bands} bands. */
    public long parameterCount(int bands) {
        long n = 0;
        Shape s = inputShape(bands);
        for (LayerSpec l : layers) {
            Shape o = outputShape(l, s);
            switch (l) {
                case LayerSpec.Conv c -> n += (long) c.outChannels() * s.channels() * c.kernelH() * c.kernelW()
                        + c.outChannels();
                case LayerSpec.Dense d -> n += (long) d.outFeatures() * s.size() + d.outFeatures();
                case LayerSpec.BatchNorm b -> n += 2L * s.channels();
                default -> {
                }
            }
            s = o;
        }
        return n;
    }

    /** Multiply-accumulates of one forward pass on one sample. */
    public long macs(int bands) {
        long n = 0;
        Shape s = inputShape(bands);
        for (LayerSpec l : layers) {
            Shape o = outputShape(l, s);
            switch (l) {
                case LayerSpec.Conv c -> n += (long) o.size() * s.channels() * c.kernelH() * c.kernelW();
                case LayerSpec.Dense d -> n += (long) d.outFeatures() * s.size();
                default -> {
                }
            }
            s = o;
        }
        return n;
    }

    // ------------------------------------------------------------------ JSON

    /** Parses a user spec; {@code where} names the source in error messages. */
    public static ModelSpec fromJson(String json, String where) {
        JsonObject root;
        try {
            root = new JsonObject(where, Json.parseObject(json));
        } catch (JsonException e) {
            throw new JsonException(where + ": " + e.getMessage());
        }
        return fromJson(root);
    }

    public static ModelSpec fromJson(JsonObject root) {
        requireKnownKeys(root, java.util.Set.of("name", "input", "patch_size", "input_bits", "layers"));
        String name = root.string("name", "custom");
        String in = root.string("input", "spectrum").toLowerCase(Locale.ROOT);
        InputKind kind = switch (in) {
            case "spectrum" -> InputKind.SPECTRUM;
            case "patch" -> InputKind.PATCH;
            default -> throw new JsonException(root.where() + ": field 'input' must be \"spectrum\" or \"patch\", found \"" + in + "\"");
        };
        int patch = kind == InputKind.PATCH ? root.intIn("patch_size", 1, 255, 9) : 1;
        int inputBits = root.intIn("input_bits", 0, 8, 0);
        List<LayerSpec> layers = new ArrayList<>();
        List<JsonObject> items = root.objects("layers");
        Map<String, Integer> counters = new LinkedHashMap<>();
        for (JsonObject o : items) {
            layers.add(layerFromJson(o, counters));
        }
        try {
            return new ModelSpec(name, kind, patch, inputBits, layers);
        } catch (IllegalArgumentException e) {
            throw new JsonException(root.where() + ": " + e.getMessage());
        }
    }

    private static int[] pair(JsonObject o, String key, int fallback, int min) {
        if (!o.has(key)) {
            return new int[]{fallback, fallback};
        }
        Object v = o.map().get(key);
        if (v instanceof List<?> list) {
            if (list.size() != 2 || !(list.get(0) instanceof Long a) || !(list.get(1) instanceof Long b)
                    || a < min || b < min || a > 4096 || b > 4096) {
                throw new JsonException(o.where() + ": field '" + key + "' must be an integer >= " + min
                        + " or a pair [h, w] of them");
            }
            return new int[]{a.intValue(), b.intValue()};
        }
        int x = o.intIn(key, min, 4096);
        return new int[]{x, x};
    }

    /** Keys each layer type accepts; anything else is a typo the user should hear about. */
    private static java.util.Set<String> layerKeys(String type) {
        return switch (type) {
            case "conv1d", "conv2d" -> java.util.Set.of("type", "name", "out", "kernel", "stride", "padding", "weights");
            case "dense" -> java.util.Set.of("type", "name", "out", "weights");
            case "batchnorm" -> java.util.Set.of("type", "name", "eps", "momentum");
            case "act", "relu" -> java.util.Set.of("type", "name", "bits", "relu");
            case "maxpool1d", "avgpool1d", "maxpool2d", "avgpool2d" -> java.util.Set.of("type", "name", "kernel", "stride");
            case "dropout" -> java.util.Set.of("type", "name", "p");
            default -> java.util.Set.of("type", "name");
        };
    }

    private static void requireKnownKeys(JsonObject o, java.util.Set<String> known) {
        for (String key : o.map().keySet()) {
            if (!known.contains(key)) {
                throw new JsonException(o.where() + ": unknown field '" + key + "' (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static LayerSpec layerFromJson(JsonObject o, Map<String, Integer> counters) {
        String type = o.string("type").toLowerCase(Locale.ROOT);
        requireKnownKeys(o, layerKeys(type));
        String base = switch (type) {
            case "conv1d", "conv2d" -> "conv";
            case "maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d" -> "pool";
            case "relu" -> "act";
            default -> type;
        };
        int index = counters.merge(base, 1, Integer::sum);
        String name = o.string("name", base + index);
        WeightFormat weights = o.has("weights") ? parseFormat(o) : null;
        try {
            return switch (type) {
                case "conv1d" -> {
                    int out = outCount(o);
                    int k = o.intIn("kernel", 1, 4096);
                    int st = o.intIn("stride", 1, 4096, 1);
                    int pad = o.intIn("padding", 0, 4096, 0);
                    yield new LayerSpec.Conv(name, out, 1, k, 1, st, 0, pad, true, weights);
                }
                case "conv2d" -> {
                    int out = outCount(o);
                    int[] k = pair(o, "kernel", -1, 1);
                    if (k[0] < 0) throw new JsonException(o.where() + ": field 'kernel' is required");
                    int[] st = pair(o, "stride", 1, 1);
                    int[] pad = pair(o, "padding", 0, 0);
                    yield new LayerSpec.Conv(name, out, k[0], k[1], st[0], st[1], pad[0], pad[1], false, weights);
                }
                case "dense" -> new LayerSpec.Dense(name, outCount(o), weights);
                case "batchnorm" -> new LayerSpec.BatchNorm(name, (float) o.number("eps", 1e-5),
                        (float) o.number("momentum", 0.1));
                case "act", "relu" -> new LayerSpec.Act(name, o.bool("relu", false) ? 0
                        : o.intIn("bits", 1, 8, LayerSpec.Act.DEFAULT_BITS));
                case "maxpool1d", "avgpool1d" -> {
                    int k = o.intIn("kernel", 1, 4096);
                    int st = o.intIn("stride", 1, 4096, k);
                    yield new LayerSpec.Pool(name, type.startsWith("max") ? LayerSpec.PoolKind.MAX
                            : LayerSpec.PoolKind.AVG, 1, k, 1, st, true);
                }
                case "maxpool2d", "avgpool2d" -> {
                    int[] k = pair(o, "kernel", -1, 1);
                    if (k[0] < 0) throw new JsonException(o.where() + ": field 'kernel' is required");
                    int[] st = pair(o, "stride", -1, 1);
                    if (st[0] < 0) st = k;
                    yield new LayerSpec.Pool(name, type.startsWith("max") ? LayerSpec.PoolKind.MAX
                            : LayerSpec.PoolKind.AVG, k[0], k[1], st[0], st[1], false);
                }
                case "flatten" -> new LayerSpec.Flatten(name);
                case "dropout" -> new LayerSpec.Dropout(name, (float) o.number("p", 0.5));
                default -> throw new JsonException(o.where() + ": unknown layer type '" + type
                        + "' (known: conv1d, conv2d, dense, batchnorm, act, relu, maxpool1d, maxpool2d, "
                        + "avgpool1d, avgpool2d, flatten, dropout)");
            };
        } catch (JsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JsonException(o.where() + ": " + e.getMessage());
        }
    }

    private static WeightFormat parseFormat(JsonObject o) {
        Object v = o.map().get("weights");
        try {
            return WeightFormat.parse(String.valueOf(v instanceof Double d && d == Math.rint(d) ? (long) (double) d : v));
        } catch (IllegalArgumentException e) {
            throw new JsonException(o.where() + ": field 'weights': " + e.getMessage());
        }
    }

    private static int outCount(JsonObject o) {
        if ("classes".equals(o.map().get("out"))) {
            return LayerSpec.CLASSES;
        }
        return o.intIn("out", 1, 1 << 20);
    }

    /** The JSON form; fromJson(toJson()) gives back an equal spec. */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", name);
        root.put("input", input == InputKind.SPECTRUM ? "spectrum" : "patch");
        if (input == InputKind.PATCH) {
            root.put("patch_size", (long) patchSize);
        }
        if (inputBits > 0) {
            root.put("input_bits", (long) inputBits);
        }
        List<Object> ls = new ArrayList<>();
        for (LayerSpec l : layers) {
            Map<String, Object> m = new LinkedHashMap<>();
            switch (l) {
                case LayerSpec.Conv c -> {
                    m.put("type", c.oneD() ? "conv1d" : "conv2d");
                    m.put("name", c.name());
                    m.put("out", c.outChannels() == LayerSpec.CLASSES ? "classes" : (Object) (long) c.outChannels());
                    if (c.oneD()) {
                        m.put("kernel", (long) c.kernelW());
                        m.put("stride", (long) c.strideW());
                        m.put("padding", (long) c.padW());
                    } else {
                        m.put("kernel", List.of((long) c.kernelH(), (long) c.kernelW()));
                        m.put("stride", List.of((long) c.strideH(), (long) c.strideW()));
                        m.put("padding", List.of((long) c.padH(), (long) c.padW()));
                    }
                    if (c.weights() != null) m.put("weights", c.weights().toString());
                }
                case LayerSpec.Dense d -> {
                    m.put("type", "dense");
                    m.put("name", d.name());
                    m.put("out", d.outFeatures() == LayerSpec.CLASSES ? "classes" : (Object) (long) d.outFeatures());
                    if (d.weights() != null) m.put("weights", d.weights().toString());
                }
                case LayerSpec.BatchNorm b -> {
                    m.put("type", "batchnorm");
                    m.put("name", b.name());
                    m.put("eps", (double) b.eps());
                    m.put("momentum", (double) b.momentum());
                }
                case LayerSpec.Act a -> {
                    m.put("type", "act");
                    m.put("name", a.name());
                    if (a.bits() > 0) m.put("bits", (long) a.bits());
                    if (a.bits() == 0) m.put("relu", Boolean.TRUE);
                }
                case LayerSpec.Pool p -> {
                    m.put("type", (p.kind() == LayerSpec.PoolKind.MAX ? "maxpool" : "avgpool") + (p.oneD() ? "1d" : "2d"));
                    m.put("name", p.name());
                    if (p.oneD()) {
                        m.put("kernel", (long) p.kernelW());
                        m.put("stride", (long) p.strideW());
                    } else {
                        m.put("kernel", List.of((long) p.kernelH(), (long) p.kernelW()));
                        m.put("stride", List.of((long) p.strideH(), (long) p.strideW()));
                    }
                }
                case LayerSpec.Flatten f -> {
                    m.put("type", "flatten");
                    m.put("name", f.name());
                }
                case LayerSpec.Dropout d -> {
                    m.put("type", "dropout");
                    m.put("name", d.name());
                    m.put("p", (double) d.p());
                }
            }
            ls.add(m);
        }
        root.put("layers", ls);
        return root;
    }
}
