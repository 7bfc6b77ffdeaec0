/* Receives one EpochReport per finished epoch (progress bars, logs). */
package dev.hsiq.training.train;

@FunctionalInterface
public interface EpochListener {

    EpochListener NONE = r -> {
    };

    void onEpoch(EpochReport report);
}
