/*
 * The outcome of a training run. bestEpoch is the 1-based epoch whose parameters the
 * network holds at the end (the best validation accuracy when a validation set was given
 * and keepBest was set, else the last epoch); bestValidationAccuracy is the highest
 * validation accuracy seen (NaN without a validation set); trainSeconds is the wall time
 * of the run, validation included.
 */
package dev.hsiq.training.train;

import java.util.List;

public record TrainResult(List<EpochReport> history, int bestEpoch, double bestValidationAccuracy,
                          double trainSeconds) {

    public TrainResult {
        history = List.copyOf(history);
    }

    public EpochReport last() {
        return history.get(history.size() - 1);
    }
}
