/*
 * A map of class labels to be written out: rows x cols labels in row-major order
 * (0 = unlabeled / unclassified, 1..K classes), the class names and original ids, and a
 * title naming what it shows (dataset, provenance, "prediction" or "ground truth").
 */
package dev.hsiq.training.output;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.training.data.Scene;

import java.util.List;

public record ClassMap(String title, int rows, int cols, int[] labels, List<String> classNames, int[] classIds) {

    public ClassMap {
        if (rows <= 0 || cols <= 0 || (long) rows * cols != labels.length) {
            throw new BadInputException("class map " + rows + " x " + cols + " needs " + (long) rows * cols
                    + " labels, got " + labels.length);
        }
        classNames = List.copyOf(classNames);
        classIds = classIds.clone();
        if (classIds.length != classNames.size()) {
            throw new BadInputException(classNames.size() + " class names but " + classIds.length + " ids");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > classNames.size()) {
                throw new BadInputException("class map label " + labels[i] + " at (row " + i / cols + ", col "
                        + i % cols + ") is outside 0.." + classNames.size());
            }
        }
    }

    /** The ground truth of a scene, titled with its name and provenance. */
    public static ClassMap groundTruth(Scene scene) {
        return new ClassMap(scene.name() + " ground truth" + (scene.isStandIn() ? " (stand-in scene)" : ""),
                scene.rows(), scene.cols(), scene.labels(), scene.classNames(), scene.classIds());
    }

    /** Predicted classes (1..K, 0 where not classified) over a scene's grid. */
    public static ClassMap prediction(Scene scene, int[] labels, String model) {
        return new ClassMap(scene.name() + (scene.isStandIn() ? " (stand-in scene)" : "") + " classified by " + model,
                scene.rows(), scene.cols(), labels, scene.classNames(), scene.classIds());
    }

    @Override
    public int[] classIds() {
        return classIds.clone();
    }

    public int classCount() {
        return classNames.size();
    }

    /** Pixels per label 0..K. */
    public long[] pixelCounts() {
        long[] n = new long[classNames.size() + 1];
        for (int l : labels) {
            n[l]++;
        }
        return n;
    }
}
