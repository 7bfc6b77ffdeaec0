/*
 * Central finite differences for layer gradients. The objective is a fixed random linear
 * functional of the layer output, L = sum_i r_i * out_i, accumulated in double; backward
 * is fed dL/dout = r. For every checked input value and parameter value v:
 *   numeric = (L(v + eps) - L(v - eps)) / (2 eps)
 * and it must match the analytic gradient within atol + rtol * max(|a|, |n|).
 */
package dev.hsiq.training.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

final class GradientCheck {

    private GradientCheck() {
    }

    static float[] random(Random r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (scale * r.nextGaussian());
        }
        return x;
    }

    /** n distinct values (pairwise at least `gap` apart), shuffled, centred on 0. */
    static float[] distinct(Random r, int n, double gap) {
        List<Float> vals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            vals.add((float) ((i - n / 2.0) * gap));
        }
        java.util.Collections.shuffle(vals, r);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = vals.get(i);
        }
        return x;
    }

    static double objective(float[] out, float[] weights, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) out[i] * weights[i];
        }
        return s;
    }

    /**
     * Checks input and parameter gradients of {@code layer} at {@code input} (batch samples).
     * Returns the number of values compared.
     */
    static int check(Layer layer, float[] input, int batch, boolean training, double eps, double atol, double rtol,
                     long seed) {
        Random r = new Random(seed);
        int outN = batch * layer.outputShape().size();
        int inN = batch * layer.inputShape().size();
        float[] weights = random(r, outN, 1.0);
        float[] x = input.clone();

        layer.setNeedsInputGradient(true);
        layer.forward(x, batch, training);
        for (Param p : layer.params()) {
            p.zeroGrad();
        }
        float[] gradOut = weights.clone();
        float[] gradIn = layer.backward(gradOut, batch);
        float[] analyticIn = gradIn == null ? null : java.util.Arrays.copyOf(gradIn, inN);
        List<float[]> analyticParams = new ArrayList<>();
        for (Param p : layer.params()) {
            analyticParams.add(p.grad() == null ? null : p.grad().clone());
        }

        int compared = 0;
        assertThat(analyticIn).as(layer.name() + " input gradient").isNotNull();
        for (int i = 0; i < inN; i++) {
            float keep = x[i];
            x[i] = (float) (keep + eps);
            double plus = objective(layer.forward(x, batch, training), weights, outN);
            x[i] = (float) (keep - eps);
            double minus = objective(layer.forward(x, batch, training), weights, outN);
            x[i] = keep;
            double numeric = (plus - minus) / (2 * eps);
            assertClose(layer.name() + " d/dinput[" + i + "]", analyticIn[i], numeric, atol, rtol);
            compared++;
        }
        List<Param> params = layer.params();
        for (int k = 0; k < params.size(); k++) {
            Param p = params.get(k);
            if (!p.trainable()) {
                continue;
            }
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                float keep = v[i];
                v[i] = (float) (keep + eps);
                double plus = objective(layer.forward(x, batch, training), weights, outN);
                v[i] = (float) (keep - eps);
                double minus = objective(layer.forward(x, batch, training), weights, outN);
                v[i] = keep;
                double numeric = (plus - minus) / (2 * eps);
                assertClose(p.name() + "[" + i + "]", analyticParams.get(k)[i], numeric, atol, rtol);
                compared++;
            }
        }
        return compared;
    }

    static void assertClose(String what, double analytic, double numeric, double atol, double rtol) {
        double tol = atol + rtol * Math.max(Math.abs(analytic), Math.abs(numeric));
        assertThat(Math.abs(analytic - numeric))
                .as("%s: analytic %s vs numeric %s", what, analytic, numeric)
                .isLessThanOrEqualTo(tol);
    }
}
