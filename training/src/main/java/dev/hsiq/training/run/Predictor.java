/*
 * Anything that turns raw model inputs (spectra or CHW patches, not normalized: a model
 * applies its own normalization) into class indices 0..K-1: the float training network,
 * the reference executor of the integer semantics, the compiled engine.
 */
package dev.hsiq.training.run;

@FunctionalInterface
public interface Predictor {

    /** Labels of {@code count} raw samples stored one after another in {@code raw}. */
    int[] predict(float[] raw, int count);
}
