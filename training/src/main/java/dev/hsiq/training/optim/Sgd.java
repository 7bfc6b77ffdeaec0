/*
 * Stochastic gradient descent with momentum (PyTorch's formulation), optional Nesterov
 * momentum and L2 weight decay on weights:
 *   g = grad + wd * w             (wd only where the parameter decays)
 *   v = mu * v + g
 *   w -= lr * (nesterov ? g + mu * v : v)
 * With mu = 0 this is plain SGD (no velocity kept).
 */
package dev.hsiq.training.optim;

import dev.hsiq.training.nn.Param;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Sgd implements Optimizer {

    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final StateMaps velocity = new StateMaps("velocity/");

    public Sgd(float momentum, boolean nesterov, float weightDecay) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum " + momentum + " must be in [0, 1)");
        }
        if (!(weightDecay >= 0) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay " + weightDecay + " must be finite and >= 0");
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<Param> params, float lr) {
        for (Param p : params) {
            if (!p.trainable()) {
                continue;
            }
            float[] w = p.value();
            float[] g = p.grad();
            float wd = p.decays() ? weightDecay : 0f;
            if (momentum == 0) {
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * (g[i] + wd * w[i]);
                }
                continue;
            }
            float[] v = velocity.of(p);
            for (int i = 0; i < w.length; i++) {
                float gi = g[i] + wd * w[i];
                float vi = momentum * v[i] + gi;
                v[i] = vi;
                w[i] -= lr * (nesterov ? gi + momentum * vi : vi);
            }
        }
    }

    @Override
    public Map<String, float[]> exportState() {
        Map<String, float[]> m = new LinkedHashMap<>();
        velocity.exportTo(m);
        return m;
    }

    @Override
    public void importState(Map<String, float[]> state) {
        velocity.importFrom(state);
    }

    @Override
    public String toString() {
        return "sgd(momentum " + momentum + (nesterov ? ", nesterov" : "") + ", weight decay " + weightDecay + ")";
    }
}
