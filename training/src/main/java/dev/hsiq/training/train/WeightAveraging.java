/*
 * An exponential moving average of the trainable parameters (Polyak averaging), for the
 * weights a run ends with: after every optimizer step t (1, 2, ...)
 *
 *     avg <- d_t * avg + (1 - d_t) * w,   d_t = min(decay, (1 + t) / (10 + t)),
 *
 * starting from avg = w before the first step. The warm-up factor (as TensorFlow's
 * ExponentialMovingAverage with num_updates) keeps the early average from clinging to the
 * initial weights on short runs; with decay 0.999 and 33 steps per epoch the average spans
 * the last ~30 epochs. At the end of training the averages replace the parameters
 * (applyTo); running statistics (batch norm mean/var) are not averaged, the caller
 * re-estimates them for the averaged weights (BatchNormRecalibration).
 *
 * Checkpoints carry the averages and the step count, so a resumed run averages exactly as
 * an uninterrupted one.
 */
package dev.hsiq.training.train;

import dev.hsiq.training.checkpoint.CheckpointData;
import dev.hsiq.training.nn.Param;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class WeightAveraging {

    private final double decay;
    private final Map<String, float[]> average = new LinkedHashMap<>();
    private long steps;

    /** @param decay the long-run decay, in (0, 1) */
    public WeightAveraging(double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("weight averaging decay " + decay + " must be in (0, 1)");
        }
        this.decay = decay;
    }

    public double decay() {
        return decay;
    }

    /** Optimizer steps averaged so far. */
    public long steps() {
        return steps;
    }

    /** The decay of step {@code t} (1-based): min(decay, (1 + t) / (10 + t)). */
    public double decayAt(long t) {
        return Math.min(decay, (1.0 + t) / (10.0 + t));
    }

    /** Folds the parameters' current values (after optimizer step steps() + 1) into the averages. */
    public void update(List<Param> params) {
        steps++;
        float d = (float) decayAt(steps);
        float e = 1f - d;
        for (Param p : params) {
            float[] w = p.value();
            float[] a = average.get(p.name());
            if (a == null) {
                throw new IllegalStateException("weight averaging was not started on '" + p.name() + "'");
            }
            for (int i = 0; i < w.length; i++) {
                a[i] = d * a[i] + e * w[i];
            }
        }
    }

    /** Starts afresh: the averages at the parameters' current values (before the first step), 0 steps. */
    public void start(List<Param> params) {
        steps = 0;
        average.clear();
        for (Param p : params) {
            average.put(p.name(), p.value().clone());
        }
    }

    /** The average of {@code name}, or null. */
    public float[] average(String name) {
        return average.get(name);
    }

    /** Copies the averages into the parameters' values. */
    public void applyTo(List<Param> params) {
        for (Param p : params) {
            float[] a = average.get(p.name());
            if (a != null) {
                System.arraycopy(a, 0, p.value(), 0, a.length);
            }
        }
    }

    void save(CheckpointData d) {
        d.putLong("average/steps", steps);
        average.forEach((k, v) -> d.putFloats("average/" + k, v));
    }

    void restore(CheckpointData d, List<Param> params) {
        if (!d.has("average/steps")) {
            throw d.bad("average/steps", "missing (the run averages its weights; the checkpoint has no averages)");
        }
        steps = d.longValue("average/steps");
        average.clear();
        for (Param p : params) {
            average.put(p.name(), d.floats("average/" + p.name(), p.size()));
        }
    }
}
