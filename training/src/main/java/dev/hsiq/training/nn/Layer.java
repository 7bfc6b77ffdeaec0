/*
 * One layer of a trainable network over mini-batches. Activations are float[] arrays,
 * batch-major, each sample a CHW block of inputShape().size() (or outputShape().size())
 * floats; only the first batch * size entries of a buffer are meaningful (buffers are
 * sized for the largest batch seen and reused).
 *
 * Contract:
 *   forward(in, batch, training) returns this layer's output buffer, valid until the next
 *     forward call; the layer may keep a reference to `in` for its backward pass, so the
 *     caller must not overwrite `in` before backward.
 *   backward(gradOut, batch) follows the forward of the same batch, accumulates parameter
 *     gradients (+=, the trainer zeroes them once per step) and returns the gradient with
 *     respect to the input, or null when setNeedsInputGradient(false) was called (the first
 *     layer of a network skips that work).
 *
 * The quantized network reuses this contract: the step activation is a Layer in place of
 * ReLU, and conv / dense layers take a WeightTransform (see there).
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;

import java.util.List;

public interface Layer {

    /** The name of the spec layer this implements (parameter names start with it). */
    String name();

    Shape inputShape();

    Shape outputShape();

    /** Runs a batch forward; training selects batch statistics, dropout masks and so on. */
    float[] forward(float[] in, int batch, boolean training);

    /** Back-propagates the batch of the last forward call. */
    float[] backward(float[] gradOut, int batch);

    /** Parameters in a fixed order (trainable ones and running state). */
    default List<Param> params() {
        return List.of();
    }

    /** Whether backward must compute the input gradient (default true). */
    default void setNeedsInputGradient(boolean needed) {
    }

    /**
     * Training progress before each step, from 0 (start) to 1 (end of the last epoch). Layers
     * with a schedule of their own (the tanh surrogate's temperature) follow it; others ignore it.
     */
    default void trainingProgress(double fraction) {
    }

    /**
     * State that is neither a parameter nor rebuilt from the training progress but changes
     * what later steps compute (a random generator, a cached table), as longs for a training
     * checkpoint; null when the layer has none.
     */
    default long[] checkpointState() {
        return null;
    }

    /** Restores state taken by checkpointState() of the same layer. */
    default void restoreCheckpointState(long[] state) {
        throw new IllegalArgumentException(name() + " keeps no checkpoint state");
    }
}
