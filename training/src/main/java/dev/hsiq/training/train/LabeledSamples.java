/*
 * A set of labeled samples for training or evaluation: `count` samples of one shape stored
 * batch-major (each a CHW block of shape.size() floats, already normalized) and their
 * 0-based class labels. The data readers and splits produce these; the trainer reads them.
 */
package dev.hsiq.training.train;

import dev.hsiq.engine.model.Shape;

public record LabeledSamples(float[] data, int[] labels, Shape shape) {

    public LabeledSamples {
        if ((long) labels.length * shape.size() != data.length) {
            throw new IllegalArgumentException(labels.length + " samples of " + shape + " need "
                    + (long) labels.length * shape.size() + " floats, got " + data.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("sample " + i + " has negative label " + labels[i]);
            }
        }
    }

    public int count() {
        return labels.length;
    }

    /** Samples per class for {@code classes} classes; fails when a label is out of range. */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IllegalArgumentException("sample " + i + " has label " + labels[i] + ", the model has "
                        + classes + " classes");
            }
            counts[labels[i]]++;
        }
        return counts;
    }
}
