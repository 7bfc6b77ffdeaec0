/*
 * An epoch listener that keeps state of its own across epochs (the quantization-aware
 * trainer's best-epoch selection), which a checkpoint must hold for a resumed run to end
 * as an uninterrupted one. The trainer saves it with its own state and restores it before
 * the first resumed epoch.
 */
package dev.hsiq.training.train;

import dev.hsiq.training.checkpoint.CheckpointData;

public interface StatefulEpochListener extends EpochListener {

    /** Adds this listener's state to {@code out} (entry names under a prefix of its own). */
    void saveState(CheckpointData out);

    /** Restores the state saved by saveState. */
    void restoreState(CheckpointData in);
}
