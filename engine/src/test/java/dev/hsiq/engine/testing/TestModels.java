/*
 * Random models for tests: weights ~ U(-1, 1) * sqrt(3 / K) (variance 1 / K), small biases,
 * quantized with WeightQuantizer where the spec asks for it, step clip levels near 3, and
 * batch norm running statistics calibrated on a random batch (through FakeQuantForward, in
 * network order), so that every layer's activations spread over the codes instead of
 * saturating. Raw samples are uniform over each band's [low, high] widened by 10% on both
 * sides, so the input clipping is exercised too.
 */
package dev.hsiq.engine.testing;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.quant.WeightQuantizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

public final class TestModels {

    private TestModels() {
    }

    public static Normalization normalization(int bands, Random rnd) {
        float[] low = new float[bands];
        float[] high = new float[bands];
        for (int b = 0; b < bands; b++) {
            low[b] = rnd.nextFloat() * 1000f;
            high[b] = low[b] + 100f + rnd.nextFloat() * 4000f;
        }
        return new Normalization(low, high);
    }

    public static List<String> classNames(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add("class " + i);
        return names;
    }

    /** A random model of a resolved spec, batch norm calibrated; the class count is the spec's output size. */
    public static Model random(ModelSpec spec, int bands, long seed) {
        return random(spec, bands, seed, true);
    }

    /** As random(spec, bands, seed), with batch norm left at mean 0, var 1 unless {@code calibrated}. */
    public static Model random(ModelSpec spec, int bands, long seed, boolean calibrated) {
        Random rnd = new Random(seed);
        List<Shape> shapes = spec.shapes(bands);
        int classes = shapes.get(shapes.size() - 1).size();
        Normalization norm = normalization(bands, rnd);
        Map<String, Tensor> params = new HashMap<>();
        Map<String, QuantizedWeights> qweights = new HashMap<>();
        List<LayerSpec> layers = spec.layers();
        Shape in = spec.inputShape(bands);
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            Shape out = shapes.get(i);
            switch (l) {
                case LayerSpec.Conv c -> addWeights(params, qweights, l.name(), c.weights(),
                        new int[]{out.channels(), in.channels(), c.kernelH(), c.kernelW()}, rnd);
                case LayerSpec.Dense d -> addWeights(params, qweights, l.name(), d.weights(),
                        new int[]{out.channels(), in.size()}, rnd);
                case LayerSpec.BatchNorm b -> {
                    int n = in.channels();
                    params.put(b.name() + ".gamma", Tensor.of(uniform(n, 0.8f, 1.2f, rnd), n));
                    params.put(b.name() + ".beta", Tensor.of(uniform(n, 0.8f, 1.2f, rnd), n));
                    params.put(b.name() + ".mean", Tensor.of(new float[n], n));
                    params.put(b.name() + ".var", Tensor.of(filled(n, 1f), n));
                }
                case LayerSpec.Act a when a.isStep() ->
                        params.put(a.name() + ".clip", Tensor.of(new float[]{2.5f + rnd.nextFloat()}, 1));
                default -> {
                }
            }
            in = out;
        }
        Model model = new Model(spec, bands, classNames(classes), norm, params, qweights, Map.of());
        return calibrated ? calibrate(model, rnd) : model;
    }

    private static void addWeights(Map<String, Tensor> params, Map<String, QuantizedWeights> qweights, String name,
                                   WeightFormat format, int[] shape, Random rnd) {
        int n = 1;
        for (int d : shape) n *= d;
        int k = n / shape[0];
        float[] w = uniform(n, -1f, 1f, rnd);
        float s = (float) Math.sqrt(3.0 / k);
        for (int i = 0; i < n; i++) w[i] *= s;
        if (format.isFloat()) {
            params.put(name + ".weight", new Tensor(shape, w));
        } else {
            qweights.put(name + ".weight", WeightQuantizer.quantize(format, shape, w));
        }
        params.put(name + ".bias", Tensor.of(uniform(shape[0], -0.1f, 0.1f, rnd), shape[0]));
    }

    /** Sets every batch norm's mean and var to its input's statistics on 48 random samples. */
    private static Model calibrate(Model model, Random rnd) {
        float[][] batch = samples(model, 48, rnd);
        List<LayerSpec> layers = model.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof LayerSpec.BatchNorm b)) continue;
            FakeQuantForward f = new FakeQuantForward(model);
            double[] sum = null;
            double[] sumSq = null;
            long perChannel = 0;
            for (float[] s : batch) {
                FakeQuantForward.Trace t = new FakeQuantForward.Trace();
                t.captureLayer = i;
                f.run(s, t);
                Shape sh = t.capturedShape;
                int plane = sh.height() * sh.width();
                if (sum == null) {
                    sum = new double[sh.channels()];
                    sumSq = new double[sh.channels()];
                }
                for (int j = 0; j < t.captured.length; j++) {
                    sum[j / plane] += t.captured[j];
                    sumSq[j / plane] += (double) t.captured[j] * t.captured[j];
                }
                perChannel += plane;
            }
            int n = sum.length;
            float[] mean = new float[n];
            float[] var = new float[n];
            for (int c = 0; c < n; c++) {
                double m = sum[c] / perChannel;
                mean[c] = (float) m;
                var[c] = (float) Math.max(1e-4, sumSq[c] / perChannel - m * m);
            }
            Map<String, Tensor> params = new HashMap<>(model.params());
            params.put(b.name() + ".mean", Tensor.of(mean, n));
            params.put(b.name() + ".var", Tensor.of(var, n));
            model = with(model, params, model.qweights());
        }
        return model;
    }

    public static Model with(Model m, Map<String, Tensor> params, Map<String, QuantizedWeights> qweights) {
        return new Model(m.spec(), m.bands(), m.classNames(), m.normalization(), params, qweights, m.metadata());
    }

    public static Model withMetadata(Model m, Map<String, Object> metadata) {
        return new Model(m.spec(), m.bands(), m.classNames(), m.normalization(), m.params(), m.qweights(),
                new LinkedHashMap<>(metadata));
    }

    /** Random raw samples over each band's range widened by 10% on both sides. */
    public static float[][] samples(Model model, int count, Random rnd) {
        Shape in = model.spec().inputShape(model.bands());
        boolean spectrum = model.spec().input() == ModelSpec.InputKind.SPECTRUM;
        int plane = in.height() * in.width();
        float[] low = model.normalization().low();
        float[] high = model.normalization().high();
        float[][] out = new float[count][in.size()];
        for (float[] s : out) {
            for (int i = 0; i < s.length; i++) {
                int b = spectrum ? i : i / plane;
                float range = high[b] - low[b];
                s[i] = low[b] - 0.1f * range + rnd.nextFloat() * 1.2f * range;
            }
        }
        return out;
    }

    public static float[] uniform(int n, float lo, float hi, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rnd.nextFloat();
        return v;
    }

    public static float[] filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
