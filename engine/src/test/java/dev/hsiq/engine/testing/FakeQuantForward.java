/*
 * An independent, float-only forward pass for tests: what a QAT training forward computes.
 * Float weights (or the fake-quantized s_c * code of quantized layers), float accumulation,
 * float batch norm, ReLU or the float step activation StepActivation.value, and, for a
 * quantized model, the input quantizer applied to the normalized input. Nothing is folded.
 *
 * It records, per sample, the smallest distance of any step activation's input from one of
 * its level boundaries t_i = (i - 1/2) D (the margin): where the margin is large, float
 * rounding cannot change a code, so the folded integer path must give the same codes.
 * It also records the inputs of chosen batch norm layers (for calibrating random models).
 */
package dev.hsiq.engine.testing;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.quant.StepActivation;

import java.util.ArrayList;
import java.util.List;

public final class FakeQuantForward {

    /** What one run saw. */
    public static final class Trace {
        public double minMargin = Double.POSITIVE_INFINITY;
        /** If >= 0, the input of the layer at this index is captured in {@link #captured}. */
        public int captureLayer = -1;
        public float[] captured;
        public Shape capturedShape;
    }

    private final Model model;
    private final List<Shape> shapes;
    private final Shape input;

    public FakeQuantForward(Model model) {
        this.model = model;
        this.shapes = model.spec().shapes(model.bands());
        this.input = model.spec().inputShape(model.bands());
    }

    public float[] run(float[] raw, Trace trace) {
        ModelSpec spec = model.spec();
        boolean spectrum = spec.input() == ModelSpec.InputKind.SPECTRUM;
        int plane = input.height() * input.width();
        float[] x = new float[raw.length];
        StepActivation inQ = spec.isQuantized() ? StepActivation.forInput(spec.inputBits()) : null;
        for (int i = 0; i < raw.length; i++) {
            float v = model.normalization().apply(spectrum ? i : i / plane, raw[i]);
            x[i] = inQ == null ? v : inQ.value(v);
        }
        List<LayerSpec> layers = spec.layers();
        for (int li = 0; li < layers.size(); li++) {
            Shape in = li == 0 ? input : shapes.get(li - 1);
            Shape out = shapes.get(li);
            if (trace != null && trace.captureLayer == li) {
                trace.captured = x.clone();
                trace.capturedShape = in;
            }
            LayerSpec l = layers.get(li);
            x = switch (l) {
                case LayerSpec.Conv c -> conv(x, in, out, weights(l.name()), bias(l.name(), out.channels()),
                        c.kernelH(), c.kernelW(), c.strideH(), c.strideW(), c.padH(), c.padW());
                case LayerSpec.Dense d -> dense(x, out.channels(), weights(l.name()), bias(l.name(), out.channels()));
                case LayerSpec.BatchNorm b -> batchNorm(x, in, b);
                case LayerSpec.Act a -> act(x, a, trace);
                case LayerSpec.Pool p -> pool(x, in, out, p);
                case LayerSpec.Flatten f -> x;
                case LayerSpec.Dropout d -> x;
            };
        }
        return x;
    }

    private float[] weights(String layer) {
        Tensor t = model.params().get(layer + ".weight");
        if (t != null) return t.data();
        QuantizedWeights q = model.qweights().get(layer + ".weight");
        return q.dequantize();
    }

    private float[] bias(String layer, int n) {
        Tensor t = model.params().get(layer + ".bias");
        return t == null ? new float[n] : t.data();
    }

    /** Input-channel-outermost loop order (unlike the reference), float accumulation. */
    private static float[] conv(float[] x, Shape in, Shape out, float[] w, float[] b, int kh, int kw, int sh, int sw,
                                int ph, int pw) {
        float[] y = new float[out.size()];
        int plane = out.height() * out.width();
        for (int o = 0; o < out.channels(); o++) {
            for (int p = 0; p < plane; p++) y[o * plane + p] = b[o];
        }
        for (int c = 0; c < in.channels(); c++) {
            for (int o = 0; o < out.channels(); o++) {
                for (int oy = 0; oy < out.height(); oy++) {
                    for (int ox = 0; ox < out.width(); ox++) {
                        float s = 0;
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * sh - ph + ky;
                                int ix = ox * sw - pw + kx;
                                if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                                    s += w[((o * in.channels() + c) * kh + ky) * kw + kx]
                                            * x[(c * in.height() + iy) * in.width() + ix];
                                }
                            }
                        }
                        y[o * plane + oy * out.width() + ox] += s;
                    }
                }
            }
        }
        return y;
    }

    private static float[] dense(float[] x, int out, float[] w, float[] b) {
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            float s = b[o];
            for (int i = 0; i < x.length; i++) s += w[o * x.length + i] * x[i];
            y[o] = s;
        }
        return y;
    }

    private float[] batchNorm(float[] x, Shape in, LayerSpec.BatchNorm b) {
        float[] g = model.params().get(b.name() + ".gamma").data();
        float[] be = model.params().get(b.name() + ".beta").data();
        float[] m = model.params().get(b.name() + ".mean").data();
        float[] v = model.params().get(b.name() + ".var").data();
        int plane = in.height() * in.width();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = i / plane;
            y[i] = g[c] * (x[i] - m[c]) / (float) Math.sqrt(v[c] + b.eps()) + be[c];
        }
        return y;
    }

    private float[] act(float[] x, LayerSpec.Act a, Trace trace) {
        float[] y = new float[x.length];
        if (!a.isStep()) {
            for (int i = 0; i < x.length; i++) y[i] = Math.max(0f, x[i]);
            return y;
        }
        StepActivation step = new StepActivation(a.bits(), model.params().get(a.name() + ".clip").data()[0]);
        for (int i = 0; i < x.length; i++) {
            y[i] = step.value(x[i]);
            if (trace != null) {
                for (int k = 1; k <= step.levels(); k++) {
                    trace.minMargin = Math.min(trace.minMargin, Math.abs(x[i] - step.boundary(k)));
                }
            }
        }
        return y;
    }

    private static float[] pool(float[] x, Shape in, Shape out, LayerSpec.Pool p) {
        float[] y = new float[out.size()];
        for (int c = 0; c < out.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    List<Float> window = new ArrayList<>();
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        for (int kx = 0; kx < p.kernelW(); kx++) {
                            window.add(x[(c * in.height() + oy * p.strideH() + ky) * in.width() + ox * p.strideW() + kx]);
                        }
                    }
                    float r;
                    if (p.kind() == LayerSpec.PoolKind.MAX) {
                        r = window.stream().max(Float::compare).orElseThrow();
                    } else {
                        float s = 0;
                        for (float v : window) s += v;
                        r = s / window.size();
                    }
                    y[(c * out.height() + oy) * out.width() + ox] = r;
                }
            }
        }
        return y;
    }
}
