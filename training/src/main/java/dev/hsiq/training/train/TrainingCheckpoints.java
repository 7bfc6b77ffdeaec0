/*
 * Where a Trainer saves its state and from where it resumes (checkpoint.RunCheckpoint for
 * `hsiq train`). The trainer calls start() once when its loop begins, save() after every
 * epoch (after the epoch listener ran) and, when stopRequested() turns true, once more at
 * the next batch boundary before it stops with a TrainingStoppedException; end() when the
 * loop is left, normally or not.
 */
package dev.hsiq.training.train;

import dev.hsiq.training.checkpoint.CheckpointData;

public interface TrainingCheckpoints {

    /** The state to resume from, or null to start a fresh run. */
    CheckpointData start();

    /** Saves a state (the trainer's complete state at an epoch or batch boundary). */
    void save(CheckpointData state);

    /** True when the run must save and stop at the next batch boundary (an interrupt). */
    boolean stopRequested();

    /** The loop has ended (finished, stopped or failed). */
    void end();
}
