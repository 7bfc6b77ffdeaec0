/*
 * The --threads option of the commands that run the compiled engine (picocli mixin):
 * how many threads one classification call may use (the calling thread plus the engine's
 * shared pool, EngineThreads through HsiClassifier.withThreads). Defaults to every
 * available processor; results never depend on it.
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.training.run.Predictors;
import picocli.CommandLine.Option;

public final class ThreadsOption {

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for inference (default: all available processors).")
    Integer threads;

    /** The thread count: the option's value, else every available processor. */
    public int value() {
        if (threads == null) {
            return Predictors.defaultThreads();
        }
        if (threads < 1) {
            throw new BadInputException("--threads " + threads + " must be at least 1");
        }
        return threads;
    }
}
