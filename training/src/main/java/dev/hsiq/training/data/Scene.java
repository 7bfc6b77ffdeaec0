/*
 * A hyperspectral scene: rows x cols pixels of `bands` values, the cube in BIP order
 * (pixel-major: index (r*cols + c)*bands + b), a ground-truth label per pixel (row-major,
 * 0 = unlabeled, classes contiguous 1..K), the class names and original ids, and where
 * it came from ("canonical" or a stand-in description). The constructor rejects a cube
 * of the wrong size (naming both band counts), NaN/Inf samples (with row, col, band)
 * and labels out of range. Arrays are shared, not copied: do not modify them.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadInputException;

import java.util.List;

public record Scene(String name, int rows, int cols, int bands, float[] cube, int[] labels, List<String> classNames,
                    int[] classIds, String provenance) implements LabeledData {

    public Scene {
        if (rows <= 0 || cols <= 0 || bands <= 0) {
            throw new BadInputException(name + ": scene size " + rows + " x " + cols + " x " + bands
                    + " must be positive");
        }
        long pixels = (long) rows * cols;
        if (labels.length != pixels) {
            throw new BadInputException(name + ": ground truth has " + labels.length + " pixels, the scene "
                    + rows + " x " + cols + " = " + pixels);
        }
        if (cube.length != pixels * bands) {
            String found = cube.length % pixels == 0 ? (cube.length / pixels) + " bands" : cube.length + " values";
            throw new BadInputException(name + ": cube has " + found + ", expected " + bands + " bands of " + rows
                    + " x " + cols + " pixels");
        }
        classNames = List.copyOf(classNames);
        classIds = classIds.clone();
        if (provenance == null || provenance.isBlank()) {
            throw new BadInputException(name + ": provenance must be given");
        }
        LabeledData.validateLabels(name, labels, classNames, classIds, cols);
        LabeledData.validateFinite(name, cube, bands, cols);
    }

    @Override
    public float[] data() {
        return cube;
    }

    @Override
    public int[] classIds() {
        return classIds.clone();
    }

    public int pixelCount() {
        return rows * cols;
    }

    public boolean hasGroundTruth() {
        return labeledCount() > 0;
    }

    /** The spectrum of pixel (r, c), copied. */
    public float[] spectrum(int r, int c) {
        float[] s = new float[bands];
        System.arraycopy(cube, (r * cols + c) * bands, s, 0, bands);
        return s;
    }

    /** The labeled pixels as spectra (positions dropped), for pixel-wise classifiers. */
    public LabeledSpectra labeledSpectra() {
        int[] idx = labeledIndices();
        float[] data = new float[idx.length * bands];
        int[] lab = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(cube, idx[i] * bands, data, i * bands, bands);
            lab[i] = labels[idx[i]];
        }
        return new LabeledSpectra(name, bands, data, lab, classNames, classIds, provenance);
    }

    @Override
    public String toString() {
        return "Scene[" + name + " " + rows + "x" + cols + "x" + bands + ", " + classNames.size() + " classes, "
                + provenance + "]";
    }
}
