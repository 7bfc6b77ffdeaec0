/*
 * Softmax cross-entropy over a batch of logits [batch x classes], with optional per-class
 * weights and label smoothing. With p = softmax(z) computed stably (z - max z, sums in
 * double), target t = (1 - s) onehot(y) + s / C and sample weight w_n = weight[y_n]:
 *
 *   L     = sum_n w_n * (-sum_c t_nc log p_nc) / sum_n w_n        (1 / batch without weights)
 *   dL/dz = w_n (p_nc - t_nc) / sum_n w_n
 *
 * log p_nc = z_nc - max_n - log(sum_c exp(z_nc - max_n)) never overflows.
 */
package dev.hsiq.training.nn;

public final class SoftmaxCrossEntropy {

    private final int classes;
    private final float[] classWeights;
    private final float smoothing;

    /** classWeights may be null (all 1); smoothing in [0, 1). */
    public SoftmaxCrossEntropy(int classes, float[] classWeights, float smoothing) {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax cross-entropy needs at least 2 classes, not " + classes);
        }
        if (classWeights != null) {
            if (classWeights.length != classes) {
                throw new IllegalArgumentException("class weights have " + classWeights.length + " entries for "
                        + classes + " classes");
            }
            for (float w : classWeights) {
                if (!(w >= 0) || !Float.isFinite(w)) {
                    throw new IllegalArgumentException("class weight " + w + " must be finite and non-negative");
                }
            }
        }
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing " + smoothing + " must be in [0, 1)");
        }
        this.classes = classes;
        this.classWeights = classWeights == null ? null : classWeights.clone();
        this.smoothing = smoothing;
    }

    public SoftmaxCrossEntropy(int classes) {
        this(classes, null, 0f);
    }

    public int classes() {
        return classes;
    }

    /**
     * Mean loss of the batch; writes dL/dz into grad (batch x classes, overwritten) when grad
     * is not null. labels[n] in 0..classes-1.
     */
    public double lossAndGradient(float[] logits, int[] labels, int batch, float[] grad) {
        double weightSum = 0;
        for (int n = 0; n < batch; n++) {
            int y = labels[n];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " of sample " + n + " is outside 0.." + (classes - 1));
            }
            weightSum += classWeights == null ? 1 : classWeights[y];
        }
        if (!(weightSum > 0)) {
            throw new IllegalArgumentException("the batch has zero total class weight");
        }
        double off = smoothing / classes;
        double on = 1 - smoothing + off;
        double loss = 0;
        for (int n = 0; n < batch; n++) {
            int base = n * classes;
            int y = labels[n];
            float max = logits[base];
            for (int c = 1; c < classes; c++) {
                max = Math.max(max, logits[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[base + c] - max);
            }
            double logSum = Math.log(sum);
            double w = classWeights == null ? 1 : classWeights[y];
            double sampleLoss = 0;
            for (int c = 0; c < classes; c++) {
                double t = c == y ? on : off;
                double logP = logits[base + c] - max - logSum;
                if (t != 0) {
                    sampleLoss -= t * logP;
                }
                if (grad != null) {
                    grad[base + c] = (float) (w * (Math.exp(logP) - t) / weightSum);
                }
            }
            loss += w * sampleLoss;
        }
        return loss / weightSum;
    }

    /** Index of the largest logit of sample n (the first one on ties). */
    public static int argmax(float[] logits, int n, int classes) {
        int base = n * classes;
        int best = 0;
        float bestV = logits[base];
        for (int c = 1; c < classes; c++) {
            if (logits[base + c] > bestV) {
                bestV = logits[base + c];
                best = c;
            }
        }
        return best;
    }
}
