/*
 * Knowledge distillation from the float model during quantization-aware fine-tuning
 * (Hinton et al. 2015; for low-bit networks, Mishra & Marr's "Apprentice" 2018): the
 * quantized student matches the softened outputs of its float teacher as well as the labels.
 *
 * With student logits z, teacher logits v (the float network in evaluation mode on the same
 * augmented batch), temperature T and weight alpha, per batch of n samples:
 *
 *     L = (1 - alpha) * CE(z, y) + alpha * T^2 * (1/n) sum_s KL(softmax(v_s / T) || softmax(z_s / T))
 *     dL/dz_s = (1 - alpha) * dCE/dz_s + alpha * (T / n) * (softmax(z_s / T) - softmax(v_s / T))
 *
 * (the T^2 factor keeps the soft term's gradient on the scale of the hard one as T changes).
 * It plugs into the Trainer as its LossHook; CE is the Trainer's cross-entropy. Softmax and
 * KL are computed in double with the maximum subtracted.
 */
package dev.hsiq.training.quant;

import dev.hsiq.training.nn.Network;
import dev.hsiq.training.train.Trainer;

public final class Distillation implements Trainer.LossHook {

    private final Network teacher;
    private final double alpha;
    private final double temperature;
    private final double[] ps;
    private final double[] pt;

    public Distillation(Network teacher, double alpha, double temperature) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("distillation weight " + alpha + " must be in [0, 1]");
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("distillation temperature " + temperature + " must be > 0");
        }
        this.teacher = teacher;
        this.alpha = alpha;
        this.temperature = temperature;
        this.ps = new double[teacher.classes()];
        this.pt = new double[teacher.classes()];
    }

    @Override
    public double adjust(float[] batchX, int[] labels, int batch, float[] logits, double loss, float[] gradLogits) {
        int k = teacher.classes();
        float[] v = teacher.forward(batchX, batch, false);
        double kl = 0;
        double soft = alpha * temperature / batch;
        for (int n = 0; n < batch; n++) {
            int base = n * k;
            softmax(logits, base, k, ps);
            softmax(v, base, k, pt);
            for (int c = 0; c < k; c++) {
                if (pt[c] > 0) {
                    kl += pt[c] * (Math.log(pt[c]) - Math.log(Math.max(ps[c], Double.MIN_NORMAL)));
                }
                gradLogits[base + c] = (float) ((1 - alpha) * gradLogits[base + c] + soft * (ps[c] - pt[c]));
            }
        }
        return (1 - alpha) * loss + alpha * temperature * temperature * kl / batch;
    }

    private void softmax(float[] z, int base, int k, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, z[base + c] / temperature);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            out[c] = Math.exp(z[base + c] / temperature - max);
            sum += out[c];
        }
        for (int c = 0; c < k; c++) {
            out[c] /= sum;
        }
    }
}
