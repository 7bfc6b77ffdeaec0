/*
 * Adam (Kingma and Ba) with bias correction, and its decoupled-weight-decay variant AdamW
 * (Loshchilov and Hutter). At step t, for a parameter w with gradient g:
 *   Adam:   g += wd * w                    (L2, only where the parameter decays)
 *   AdamW:  w -= lr * wd * w               (decoupled, only where the parameter decays)
 *   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2
 *   w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 */
package dev.hsiq.training.optim;

import dev.hsiq.training.nn.Param;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Adam implements Optimizer {

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final StateMaps first = new StateMaps("m/");
    private final StateMaps second = new StateMaps("v/");
    private long step;

    public Adam(float beta1, float beta2, float eps, float weightDecay, boolean decoupled) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas " + beta1 + ", " + beta2 + " must be in [0, 1)");
        }
        if (!(eps > 0) || !(weightDecay >= 0) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("Adam eps " + eps + " must be > 0 and weight decay " + weightDecay
                    + " finite and >= 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** Adam with the usual betas (0.9, 0.999) and eps 1e-8; decoupled = AdamW. */
    public Adam(float weightDecay, boolean decoupled) {
        this(0.9f, 0.999f, 1e-8f, weightDecay, decoupled);
    }

    @Override
    public void step(List<Param> params, float lr) {
        step++;
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        float stepSize = lr / c1;
        float invSqrtC2 = (float) (1 / Math.sqrt(c2));
        for (Param p : params) {
            if (!p.trainable()) {
                continue;
            }
            float[] w = p.value();
            float[] g = p.grad();
            float[] m = first.of(p);
            float[] v = second.of(p);
            float wd = p.decays() ? weightDecay : 0f;
            float l2 = decoupled ? 0f : wd;
            float shrink = decoupled ? 1f - lr * wd : 1f;
            for (int i = 0; i < w.length; i++) {
                float gi = g[i] + l2 * w[i];
                float mi = beta1 * m[i] + (1 - beta1) * gi;
                float vi = beta2 * v[i] + (1 - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                w[i] = w[i] * shrink - stepSize * mi / ((float) Math.sqrt(vi) * invSqrtC2 + eps);
            }
        }
    }

    @Override
    public Map<String, float[]> exportState() {
        Map<String, float[]> s = new LinkedHashMap<>();
        s.put("step", new float[]{step});
        first.exportTo(s);
        second.exportTo(s);
        return s;
    }

    @Override
    public void importState(Map<String, float[]> state) {
        float[] t = state.get("step");
        if (t == null || t.length != 1 || !(t[0] >= 0)) {
            throw new IllegalArgumentException("Adam state lacks a valid 'step'");
        }
        step = (long) t[0];
        first.importFrom(state);
        second.importFrom(state);
    }

    @Override
    public String toString() {
        return (decoupled ? "adamw" : "adam") + "(betas " + beta1 + ", " + beta2 + ", weight decay " + weightDecay + ")";
    }
}
