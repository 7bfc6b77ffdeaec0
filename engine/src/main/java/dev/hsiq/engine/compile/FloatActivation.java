/*
 * The elementwise activation of the float plan, as the reference float forward applies it:
 * ReLU max(x, 0), the step activation's value q * D (a float network may carry step
 * activations), or none.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.quant.StepActivation;

record FloatActivation(boolean relu, StepActivation step) {

    static final FloatActivation NONE = new FloatActivation(false, null);
    static final FloatActivation RELU = new FloatActivation(true, null);

    static FloatActivation step(StepActivation s) {
        return new FloatActivation(false, s);
    }

    boolean isNone() {
        return !relu && step == null;
    }

    void apply(float[] x, int from, int to) {
        if (relu) {
            for (int i = from; i < to; i++) {
                x[i] = Math.max(x[i], 0f);
            }
        } else if (step != null) {
            for (int i = from; i < to; i++) {
                x[i] = step.value(x[i]);
            }
        }
    }

    @Override
    public String toString() {
        return relu ? "relu" : step != null ? step.bits() + "-bit step" : "none";
    }
}
