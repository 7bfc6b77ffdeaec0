/*
 * The annealing schedule of the tanh surrogate's temperature (GradientMode.TANH), as the
 * dimensionless sharpness tau = T * D of SoftStaircase (so T = tau / D per layer):
 *
 *     tau(p) = tau0 * (tau1 / tau0)^p,   p = training progress in [0, 1]
 *
 * geometric, from tau0 at the first step to tau1 at the end. Layers receive p through
 * Layer.trainingProgress before every step. Outside training (evaluation, tests) the
 * layer keeps the last value it was given (tau0 before any training).
 */
package dev.hsiq.training.quant;

public record TemperatureSchedule(double tau0, double tau1) {

    public TemperatureSchedule {
        if (!(tau0 > 0) || !(tau1 > 0) || !Double.isFinite(tau0) || !Double.isFinite(tau1)) {
            throw new IllegalArgumentException("tanh sharpness " + tau0 + " -> " + tau1 + " must be finite and > 0");
        }
    }

    /** The sharpness at training progress {@code p} (clamped to [0, 1]). */
    public double sharpness(double p) {
        double q = Math.max(0, Math.min(1, p));
        return tau0 * Math.pow(tau1 / tau0, q);
    }
}
