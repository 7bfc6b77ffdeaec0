/*
 * What the trainer reports after each epoch (the CLI turns it into a progress line):
 * epoch is 1-based; loss and trainAccuracy are means over the epoch's training batches
 * (training mode, so with dropout and augmentation); validationAccuracy is NaN when there
 * is no validation set or it was not evaluated this epoch; times are in seconds.
 */
package dev.hsiq.training.train;

public record EpochReport(int epoch, int epochs, double loss, double trainAccuracy, double validationAccuracy,
                          double learningRate, double elapsedSeconds, double etaSeconds, boolean best) {
}
