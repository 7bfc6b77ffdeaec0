/*
 * Labels and logits of a classification: labels[i] is the class index of sample (or pixel) i,
 * logits[i * classes + k] its logit for class k (the label is the index of the largest one,
 * the first on ties).
 */
package dev.hsiq.engine;

public record Classification(int[] labels, float[] logits, int classes) {

    /** The logits of sample (or pixel) i, a copy. */
    public float[] logits(int i) {
        return java.util.Arrays.copyOfRange(logits, i * classes, (i + 1) * classes);
    }

    public int count() {
        return labels.length;
    }
}
