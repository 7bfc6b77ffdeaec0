/*
 * The metrics of one evaluation run (fractions in [0, 1], not percent): overall accuracy,
 * average accuracy (mean per-class recall), Cohen's kappa, per-class accuracy with its
 * number of test samples, and the confusion matrix (rows true, columns predicted).
 */
package dev.hsiq.training.protocol;

import java.util.List;

public record EvaluationMetrics(double oa, double aa, double kappa, List<ClassAccuracy> perClass,
                                long[][] confusion, long total) {

    public EvaluationMetrics {
        perClass = List.copyOf(perClass);
    }

    public int classCount() {
        return perClass.size();
    }
}
