/*
 * One named parameter tensor of a trainable network: its value, its gradient (accumulated
 * by backward, zeroed by the trainer once per step) and its role, which decides whether an
 * optimizer updates it and whether weight decay applies.
 *
 * Names follow the engine convention of LayerSpec ("conv1.weight" [out, in, kh, kw],
 * "conv1.bias", "bn1.gamma", "bn1.beta", "bn1.mean", "bn1.var"), so a Param maps one to
 * one onto a Tensor of the engine's Model.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Tensor;

import java.util.Arrays;

public final class Param {

    /** What a parameter is for. Running statistics are state, not trained by gradients. */
    public enum Role {
        /** conv / dense weights: trained, with weight decay */
        WEIGHT,
        /** conv / dense biases: trained, no weight decay */
        BIAS,
        /** batch norm scale: trained, no weight decay */
        BN_GAMMA,
        /** batch norm shift: trained, no weight decay */
        BN_BETA,
        /** batch norm running mean / variance (or any other non-gradient state) */
        RUNNING_STAT
    }

    private final String name;
    private final int[] shape;
    private final Role role;
    private final float[] value;
    private final float[] grad;

    public Param(String name, Role role, int... shape) {
        this.name = name;
        this.role = role;
        this.shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " has a non-positive dimension");
            }
            n *= d;
        }
        this.value = new float[Math.toIntExact(n)];
        this.grad = role == Role.RUNNING_STAT ? null : new float[value.length];
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return value.length;
    }

    /** The live value array (updated in place by optimizers and layers). */
    public float[] value() {
        return value;
    }

    /** The live gradient array; null for running statistics. */
    public float[] grad() {
        return grad;
    }

    /** True when an optimizer updates this parameter from its gradient. */
    public boolean trainable() {
        return grad != null;
    }

    /** True when weight decay applies (weights only; never biases or batch norm). */
    public boolean decays() {
        return role == Role.WEIGHT;
    }

    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad, 0f);
        }
    }

    /** A copy of the value as an engine tensor. */
    public Tensor toTensor() {
        return new Tensor(shape, value.clone());
    }

    /** Loads the value from a tensor of the same shape; fails naming the parameter otherwise. */
    public void load(Tensor t) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("parameter '" + name + "' has shape " + Arrays.toString(shape)
                    + ", the model gives " + Arrays.toString(t.shape()));
        }
        System.arraycopy(t.data(), 0, value, 0, value.length);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
