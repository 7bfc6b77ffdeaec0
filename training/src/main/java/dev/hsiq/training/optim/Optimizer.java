/*
 * Updates trainable parameters from their accumulated gradients, one step per mini-batch.
 * Running statistics (Param.trainable() false) are never touched; weight decay applies only
 * where Param.decays() (conv / dense weights, never biases or batch norm).
 *
 * State (momentum buffers, moment estimates, step count) is exportable as named float
 * arrays, so a checkpoint can hold it and a resumed run continues bit for bit.
 */
package dev.hsiq.training.optim;

import dev.hsiq.training.nn.Param;

import java.util.List;
import java.util.Map;

public interface Optimizer {

    /** One update of every trainable parameter in {@code params} with learning rate {@code lr}. */
    void step(List<Param> params, float lr);

    /** The optimizer's state by name ("velocity/conv1.weight", "m/...", "v/...", "step"), copies. */
    Map<String, float[]> exportState();

    /** Restores state taken by exportState() (of the same optimizer kind and network). */
    void importState(Map<String, float[]> state);
}
