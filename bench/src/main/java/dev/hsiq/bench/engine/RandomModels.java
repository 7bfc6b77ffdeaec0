/*
 * Random models for speed measurements (DESIGN: random weights are fine for speed; the
 * kernels' cost does not depend on the values, but the thresholds and the labels do, so batch
 * norm is calibrated to keep activations spread over the codes):
 *   weights  U(-1, 1) * sqrt(3 / K) (variance 1 / K), quantized with WeightQuantizer where the
 *            spec asks for it; biases U(-0.1, 0.1); batch norm gamma, beta U(0.8, 1.2);
 *            step clip levels 2.5 + U(0, 1);
 *   batch norm running statistics set, layer by layer in network order, to the mean and
 *            variance of their input on random samples, computed by running the network
 *            truncated right before that batch norm through the reference executor (for a
 *            quantized network the truncated last layer's logits are exactly the pre-batch-norm
 *            values alpha * acc + delta);
 *   samples  raw values uniform over each band's [low, high] normalization range.
 * Also: the float twin of a quantized spec (same layers, float weights, ReLU, float input).
 */
package dev.hsiq.bench.engine;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.quant.WeightQuantizer;
import dev.hsiq.engine.reference.ReferenceExecutor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

final class RandomModels {

    /** Samples per batch-norm calibration. */
    private static final int CALIBRATION_SAMPLES = 24;

    private RandomModels() {
    }

    /** A random model of a resolved spec with calibrated batch norm. */
    static Model create(ModelSpec spec, int bands, long seed) {
        Random rnd = new Random(seed);
        float[] low = new float[bands];
        float[] high = new float[bands];
        for (int b = 0; b < bands; b++) {
            low[b] = 100f + rnd.nextFloat() * 1000f;
            high[b] = low[b] + 500f + rnd.nextFloat() * 4000f;
        }
        Normalization norm = new Normalization(low, high);
        List<Shape> shapes = spec.shapes(bands);
        Map<String, Tensor> params = new HashMap<>();
        Map<String, QuantizedWeights> qweights = new HashMap<>();
        Shape in = spec.inputShape(bands);
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            Shape out = shapes.get(i);
            switch (l) {
                case LayerSpec.Conv c -> weights(params, qweights, l.name(), c.weights(),
                        new int[]{out.channels(), in.channels(), c.kernelH(), c.kernelW()}, rnd);
                case LayerSpec.Dense d -> weights(params, qweights, l.name(), d.weights(), new int[]{out.channels(),
                        in.size()}, rnd);
                case LayerSpec.BatchNorm b -> {
                    int n = in.channels();
                    params.put(b.name() + ".gamma", Tensor.of(uniform(n, 0.8f, 1.2f, rnd), n));
                    params.put(b.name() + ".beta", Tensor.of(uniform(n, 0.8f, 1.2f, rnd), n));
                    params.put(b.name() + ".mean", Tensor.of(new float[n], n));
                    float[] ones = new float[n];
                    Arrays.fill(ones, 1f);
                    params.put(b.name() + ".var", Tensor.of(ones, n));
                }
                case LayerSpec.Act a when a.isStep() ->
                        params.put(a.name() + ".clip", Tensor.of(new float[]{2.5f + rnd.nextFloat()}, 1));
                default -> {
                }
            }
            in = out;
        }
        int classes = shapes.get(shapes.size() - 1).size();
        Model model = new Model(spec, bands, names(classes), norm, params, qweights, Map.of("random_seed", seed));
        return calibrate(model, rnd);
    }

    private static void weights(Map<String, Tensor> params, Map<String, QuantizedWeights> qweights, String name,
                                WeightFormat format, int[] shape, Random rnd) {
        int n = 1;
        for (int d : shape) n *= d;
        float scale = (float) Math.sqrt(3.0 / (n / shape[0]));
        float[] w = uniform(n, -scale, scale, rnd);
        if (format.isFloat()) {
            params.put(name + ".weight", new Tensor(shape, w));
        } else {
            qweights.put(name + ".weight", WeightQuantizer.quantize(format, shape, w));
        }
        params.put(name + ".bias", Tensor.of(uniform(shape[0], -0.1f, 0.1f, rnd), shape[0]));
    }

    private static Model calibrate(Model model, Random rnd) {
        ModelSpec spec = model.spec();
        List<LayerSpec> layers = spec.layers();
        for (int i = 1; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof LayerSpec.BatchNorm bn)) {
                continue;
            }
            ModelSpec head = new ModelSpec(spec.name() + "-head", spec.input(), spec.patchSize(), spec.inputBits(),
                    layers.subList(0, i));
            Shape shape = head.shapes(model.bands()).get(i - 1);
            Model truncated = new Model(head, model.bands(), names(shape.size()), model.normalization(), model.params(),
                    model.qweights(), Map.of());
            ReferenceExecutor ex = new ReferenceExecutor(truncated);
            int channels = shape.channels();
            int plane = shape.height() * shape.width();
            double[] sum = new double[channels];
            double[] sq = new double[channels];
            for (float[] s : samples(model, CALIBRATION_SAMPLES, rnd)) {
                float[] v = ex.logits(s);
                for (int j = 0; j < v.length; j++) {
                    sum[j / plane] += v[j];
                    sq[j / plane] += (double) v[j] * v[j];
                }
            }
            float[] mean = new float[channels];
            float[] var = new float[channels];
            double count = (double) CALIBRATION_SAMPLES * plane;
            for (int c = 0; c < channels; c++) {
                double m = sum[c] / count;
                mean[c] = (float) m;
                var[c] = (float) Math.max(1e-4, sq[c] / count - m * m);
            }
            Map<String, Tensor> params = new HashMap<>(model.params());
            params.put(bn.name() + ".mean", Tensor.of(mean, channels));
            params.put(bn.name() + ".var", Tensor.of(var, channels));
            model = new Model(spec, model.bands(), model.classNames(), model.normalization(), params, model.qweights(),
                    model.metadata());
        }
        return model;
    }

    /** Raw samples of the model's input shape, uniform over each band's normalization range. */
    static float[][] samples(Model model, int count, Random rnd) {
        Shape in = model.spec().inputShape(model.bands());
        boolean spectrum = model.spec().input() == ModelSpec.InputKind.SPECTRUM;
        int plane = in.height() * in.width();
        float[] low = model.normalization().low();
        float[] high = model.normalization().high();
        float[][] out = new float[count][in.size()];
        for (float[] s : out) {
            for (int i = 0; i < s.length; i++) {
                int b = spectrum ? i : i / plane;
                s[i] = low[b] + rnd.nextFloat() * (high[b] - low[b]);
            }
        }
        return out;
    }

    /** A BIP scene of rows x cols pixels of the model's bands, uniform over each band's range. */
    static float[] scene(Model model, int rows, int cols, Random rnd) {
        int bands = model.bands();
        float[] low = model.normalization().low();
        float[] high = model.normalization().high();
        float[] cube = new float[rows * cols * bands];
        for (int i = 0; i < cube.length; i++) {
            int b = i % bands;
            cube[i] = low[b] + rnd.nextFloat() * (high[b] - low[b]);
        }
        return cube;
    }

    /** The same network in float: float weights everywhere, ReLU activations, float input. */
    static ModelSpec floatTwin(ModelSpec spec) {
        List<LayerSpec> out = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            out.add(switch (l) {
                case LayerSpec.Conv c -> c.withWeights(WeightFormat.FLOAT);
                case LayerSpec.Dense d -> d.withWeights(WeightFormat.FLOAT);
                case LayerSpec.Act a -> new LayerSpec.Act(a.name(), 0);
                default -> l;
            });
        }
        return new ModelSpec(spec.name(), spec.input(), spec.patchSize(), 0, out);
    }

    private static float[] uniform(int n, float lo, float hi, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rnd.nextFloat();
        return v;
    }

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add("class " + i);
        return names;
    }
}
