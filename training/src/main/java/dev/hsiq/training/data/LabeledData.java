/*
 * What the protocol and the trainers need from any labeled hyperspectral data set:
 * samples of `bands` values stored sample-major in one float array (sample i's band b at
 * i*bands + b), a label per sample (0 = unlabeled, 1..K = class), class names and the
 * dataset's original class ids (Salinas-A's classes are ids 1, 10..14 remapped to 1..6),
 * and a provenance string that every report repeats ("canonical", "semisynthetic
 * stand-in ...", "synthetic stand-in ..."). A Scene is one (every pixel a sample, in BIP
 * order); LabeledSpectra, the labeled-only sets without pixel positions, is the other.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadInputException;

import java.util.List;

public sealed interface LabeledData permits Scene, LabeledSpectra {

    /** Provenance of a dataset loaded from its canonical files. */
    String CANONICAL = "canonical";

    String name();

    int bands();

    /** Sample-major values: sample i, band b at i*bands + b. Shared, not copied. */
    float[] data();

    /** One label per sample: 0 unlabeled, 1..classCount(). Shared, not copied. */
    int[] labels();

    List<String> classNames();

    /** Original id of class k at index k-1 (equal to k unless the dataset remapped ids). */
    int[] classIds();

    String provenance();

    default int sampleCount() {
        return labels().length;
    }

    default int classCount() {
        return classNames().size();
    }

    /** Whether this is a stand-in scene (its provenance says so) rather than real data. */
    default boolean isStandIn() {
        String p = provenance();
        return p.startsWith("semisynthetic stand-in") || p.startsWith("synthetic stand-in");
    }

    /** Number of samples per class: index k-1 holds class k's count. */
    default int[] classCounts() {
        int[] counts = new int[classCount()];
        for (int l : labels()) {
            if (l > 0) {
                counts[l - 1]++;
            }
        }
        return counts;
    }

    default int labeledCount() {
        int n = 0;
        for (int l : labels()) {
            if (l > 0) {
                n++;
            }
        }
        return n;
    }

    /** Indices of all labeled samples, ascending. */
    default int[] labeledIndices() {
        int[] labels = labels();
        int[] out = new int[labeledCount()];
        int j = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] > 0) {
                out[j++] = i;
            }
        }
        return out;
    }

    /**
     * Fails with both numbers when the data's band count differs from {@code expected}
     * (e.g. a model trained on 200 bands applied to a 103-band scene).
     */
    default void requireBands(int expected, String expectedBy) {
        if (bands() != expected) {
            throw new BadInputException(expectedBy + " expects " + expected + " bands, but " + name() + " has "
                    + bands());
        }
    }

    /** Checks class metadata and labels; used by the implementations' constructors. */
    static void validateLabels(String name, int[] labels, List<String> classNames, int[] classIds, int cols) {
        if (classIds.length != classNames.size()) {
            throw new BadInputException(name + ": " + classNames.size() + " class names but " + classIds.length
                    + " class ids");
        }
        int k = classNames.size();
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l < 0 || l > k) {
                String where = cols > 0 ? "pixel (row " + i / cols + ", col " + i % cols + ")" : "sample " + i;
                throw new BadInputException(name + ": label " + l + " at " + where + " is out of range 0.." + k);
            }
        }
    }

    /** Rejects NaN or infinite values, naming the first one's position. */
    static void validateFinite(String name, float[] data, int bands, int cols) {
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (v - v != 0) { // NaN or +-Inf
                int sample = i / bands;
                int b = i % bands;
                String where = cols > 0 ? "(row " + sample / cols + ", col " + sample % cols + ", band " + b + ")"
                        : "(sample " + sample + ", band " + b + ")";
                throw new BadInputException(name + ": value " + v + " at " + where + " is not finite");
            }
        }
    }
}
