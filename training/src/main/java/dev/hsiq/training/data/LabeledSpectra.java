/*
 * Labeled spectra without pixel positions (the labeled_only files of Indian Pines and
 * Botswana, or a scene's labeled pixels): n spectra of `bands` values, row-major
 * (spectrum i, band b at i*bands + b), a class label 1..K for each (0 is allowed and means
 * "not a sample"), class names, original ids and provenance. Validated like Scene; arrays
 * are shared, not copied.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadInputException;

import java.util.List;

public record LabeledSpectra(String name, int bands, float[] spectra, int[] labels, List<String> classNames,
                             int[] classIds, String provenance) implements LabeledData {

    public LabeledSpectra {
        if (bands <= 0) {
            throw new BadInputException(name + ": band count must be positive, got " + bands);
        }
        if ((long) labels.length * bands != spectra.length) {
            String found = spectra.length % bands == 0 ? (spectra.length / bands) + " spectra"
                    : spectra.length + " values (not a multiple of " + bands + " bands)";
            throw new BadInputException(name + ": " + labels.length + " labels but " + found);
        }
        classNames = List.copyOf(classNames);
        classIds = classIds.clone();
        if (provenance == null || provenance.isBlank()) {
            throw new BadInputException(name + ": provenance must be given");
        }
        LabeledData.validateLabels(name, labels, classNames, classIds, 0);
        LabeledData.validateFinite(name, spectra, bands, 0);
    }

    @Override
    public float[] data() {
        return spectra;
    }

    @Override
    public int[] classIds() {
        return classIds.clone();
    }

    public int count() {
        return labels.length;
    }

    @Override
    public String toString() {
        return "LabeledSpectra[" + name + " " + labels.length + "x" + bands + ", " + classNames.size() + " classes, "
                + provenance + "]";
    }
}
