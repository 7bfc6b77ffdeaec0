/*
 * Initial clip levels of the step activations, from the pre-activation statistics of a
 * calibration batch (issue 4 item 1).
 *
 * Procedure. Take up to n training samples (a seeded random subset) as one batch. Put every
 * step activation into pass-through (ReLU) mode. Then, layer by layer in network order:
 * run the batch forward in training mode (batch-statistics batch norm, what the first
 * training steps see), record this layer's inputs x, choose its clip a, and switch it to
 * quantizing, so the next layer is calibrated on inputs that already went through the
 * quantized layers before it. Batch norm running statistics are restored afterwards (the
 * calibration forwards must not move them).
 *
 * Rule: a minimizes the mean squared quantization error against the float activation,
 *     E(a) = mean over recorded x of (StepActivation(k, a).value(x) - max(x, 0))^2,
 * over the grid a_j = m * j / GRID, j = 1..GRID, m = the largest recorded x (negative x
 * contribute 0 for every a and are skipped; at most MAX_VALUES positive values, an evenly
 * strided subset, enter the sum). The smallest a among equal errors wins. At 8 bits this
 * lands near the maximum (clipping costs more than rounding); at 1 and 2 bits well inside
 * the distribution, where the rounding error of a few wide steps and the clipping error
 * balance. A layer that saw no positive input keeps clip 1.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.quant.StepActivation;
import dev.hsiq.training.nn.Layer;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.nn.Param;
import dev.hsiq.training.train.LabeledSamples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

public final class ClipCalibration {

    /** Candidate clip levels per layer. */
    public static final int GRID = 200;

    /** Positive pre-activations entering the error sums at most. */
    public static final int MAX_VALUES = 200_000;

    private ClipCalibration() {
    }

    /**
     * Calibrates every step activation of {@code net} on up to {@code samples} samples of
     * {@code data} (normalized, the training set) chosen with {@code seed}; returns the clip
     * levels by parameter name ("act1.clip").
     */
    public static Map<String, Float> calibrate(Network net, LabeledSamples data, int samples, long seed) {
        List<StepActivationLayer> steps = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (l instanceof StepActivationLayer s) {
                steps.add(s);
            }
        }
        Map<String, Float> clips = new LinkedHashMap<>();
        if (steps.isEmpty()) {
            return clips;
        }
        int n = Math.min(samples, data.count());
        if (n < 1) {
            throw new IllegalArgumentException("cannot calibrate clip levels on an empty training set");
        }
        int size = data.shape().size();
        int[] order = new int[data.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) { // partial Fisher-Yates: the first n are a uniform subset
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[] batch = new float[Math.multiplyExact(n, size)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data.data(), order[i] * size, batch, i * size, size);
        }

        Map<Param, float[]> state = new LinkedHashMap<>();
        for (Param p : net.params()) {
            if (!p.trainable()) {
                state.put(p, p.value().clone());
            }
        }
        try {
            for (StepActivationLayer s : steps) {
                s.setMode(StepActivationLayer.Mode.RELU);
            }
            for (StepActivationLayer s : steps) {
                s.setMode(StepActivationLayer.Mode.RECORD);
                net.forward(batch, n, true);
                float a = chooseClip(s.recorded(), s.bits());
                s.setMode(StepActivationLayer.Mode.QUANTIZE);
                s.setClipLevel(a);
                clips.put(s.clip().name(), a);
            }
        } finally {
            for (StepActivationLayer s : steps) {
                s.setMode(StepActivationLayer.Mode.QUANTIZE);
            }
            for (Map.Entry<Param, float[]> e : state.entrySet()) {
                if (!clips.containsKey(e.getKey().name())) { // batch norm running statistics
                    System.arraycopy(e.getValue(), 0, e.getKey().value(), 0, e.getValue().length);
                }
            }
        }
        return clips;
    }

    /** The MSE-optimal clip level (file comment) of a k-bit staircase for the values x. */
    public static float chooseClip(float[] x, int bits) {
        int positives = 0;
        float max = 0f;
        for (float v : x) {
            if (v > 0f) {
                positives++;
                max = Math.max(max, v);
            }
        }
        if (positives == 0 || !Float.isFinite(max)) {
            return 1f;
        }
        int stride = (positives + MAX_VALUES - 1) / MAX_VALUES;
        float[] pos = new float[(positives + stride - 1) / stride];
        int k = 0;
        int seen = 0;
        for (float v : x) {
            if (v > 0f) {
                if (seen % stride == 0) {
                    pos[k++] = v;
                }
                seen++;
            }
        }
        float best = max;
        double bestError = Double.POSITIVE_INFINITY;
        for (int j = 1; j <= GRID; j++) {
            float a = (float) ((double) max * j / GRID);
            if (!(a > 0f)) {
                continue;
            }
            StepActivation step = new StepActivation(bits, a);
            double err = 0;
            for (int i = 0; i < k; i++) {
                double d = step.value(pos[i]) - pos[i];
                err += d * d;
            }
            if (err < bestError) {
                bestError = err;
                best = a;
            }
        }
        return best;
    }
}
