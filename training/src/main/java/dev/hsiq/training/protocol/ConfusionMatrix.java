/*
 * Confusion matrix over K classes, 0-based: counts[t][p] = test samples of true class t
 * predicted as p (rows true, columns predicted). From it:
 *   OA    = trace / N;
 *   acc_k = counts[k][k] / n_k with n_k the row sum (recall, "per-class accuracy"),
 *           NaN for a class without test samples;
 *   AA    = mean of acc_k over the classes that have test samples;
 *   kappa = (p_o - p_e) / (1 - p_e), p_o = OA, p_e = sum_k rowSum_k * colSum_k / N^2
 *           (Cohen 1960); when p_e = 1 (a single class present and always predicted) kappa
 *           is defined here as 1 if p_o = 1, else 0.
 * Dataset labels are 1..K (0 unlabeled); subtract 1 before adding, as addLabels does.
 */
package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;

import java.util.ArrayList;
import java.util.List;

public final class ConfusionMatrix {

    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new BadInputException("a confusion matrix needs at least one class, got " + classes);
        }
        counts = new long[classes][classes];
    }

    /** A matrix of 0-based true and predicted classes. */
    public static ConfusionMatrix of(int classes, int[] truth, int[] predicted) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        m.addAll(truth, predicted);
        return m;
    }

    public int classes() {
        return counts.length;
    }

    /** Adds one sample of 0-based true class {@code truth} predicted as {@code predicted}. */
    public void add(int truth, int predicted) {
        int k = counts.length;
        if (truth < 0 || truth >= k || predicted < 0 || predicted >= k) {
            throw new BadInputException("class index out of range 0.." + (k - 1) + ": true " + truth + ", predicted "
                    + predicted);
        }
        counts[truth][predicted]++;
    }

    public void addAll(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new BadInputException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        for (int i = 0; i < truth.length; i++) {
            add(truth[i], predicted[i]);
        }
    }

    /** Adds samples with dataset labels 1..K and 0-based predictions. */
    public void addLabels(int[] labels1ToK, int[] predicted) {
        if (labels1ToK.length != predicted.length) {
            throw new BadInputException(labels1ToK.length + " true labels but " + predicted.length + " predictions");
        }
        for (int i = 0; i < labels1ToK.length; i++) {
            add(labels1ToK[i] - 1, predicted[i]);
        }
    }

    public void merge(ConfusionMatrix other) {
        if (other.classes() != classes()) {
            throw new BadInputException("cannot merge confusion matrices of " + classes() + " and " + other.classes()
                    + " classes");
        }
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                counts[t][p] += other.counts[t][p];
            }
        }
    }

    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** A copy of the counts, rows true class, columns predicted class. */
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Test samples of 0-based class k (row sum). */
    public long support(int k) {
        long n = 0;
        for (long v : counts[k]) {
            n += v;
        }
        return n;
    }

    public long correct() {
        long n = 0;
        for (int k = 0; k < counts.length; k++) {
            n += counts[k][k];
        }
        return n;
    }

    public double overallAccuracy() {
        long n = total();
        return n == 0 ? Double.NaN : (double) correct() / n;
    }

    /** Recall of 0-based class k; NaN without test samples. */
    public double classAccuracy(int k) {
        long n = support(k);
        return n == 0 ? Double.NaN : (double) counts[k][k] / n;
    }

    public double averageAccuracy() {
        double sum = 0;
        int present = 0;
        for (int k = 0; k < counts.length; k++) {
            if (support(k) > 0) {
                sum += classAccuracy(k);
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    public double kappa() {
        long n = total();
        if (n == 0) {
            return Double.NaN;
        }
        double po = (double) correct() / n;
        double pe = 0;
        for (int k = 0; k < counts.length; k++) {
            long col = 0;
            for (long[] row : counts) {
                col += row[k];
            }
            pe += (double) support(k) * col;
        }
        pe /= (double) n * n;
        if (pe >= 1) {
            return po >= 1 ? 1 : 0;
        }
        return (po - pe) / (1 - pe);
    }

    /** All metrics, with class names for the per-class entries. */
    public EvaluationMetrics metrics(List<String> classNames) {
        if (classNames.size() != counts.length) {
            throw new BadInputException(classNames.size() + " class names for " + counts.length + " classes");
        }
        List<ClassAccuracy> per = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            per.add(new ClassAccuracy(classNames.get(k), classAccuracy(k), support(k)));
        }
        return new EvaluationMetrics(overallAccuracy(), averageAccuracy(), kappa(), per, counts(), total());
    }
}
