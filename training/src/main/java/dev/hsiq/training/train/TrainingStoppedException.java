/*
 * Training stopped on request (SIGINT) after saving a checkpoint; the message says where the
 * checkpoint is and how to continue.
 */
package dev.hsiq.training.train;

import dev.hsiq.engine.error.HsiqException;

public final class TrainingStoppedException extends HsiqException {
    private static final long serialVersionUID = 1L;

    public TrainingStoppedException(String message) {
        super(message);
    }
}
