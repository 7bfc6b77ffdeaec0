/*
 * Splits labeled samples per class. For class k with n_k samples:
 *   target  = round(ratio * n_k) (half up), or the count per class;
 *   train_k = max(target, minPerClass), then at most n_k - 1 (every class keeps one test
 *             sample) and at least 1. A tiny class thus trains on all but one sample; the
 *             split records a note saying so. A class with no samples, or with a single
 *             sample (nothing left to test), is an error naming the class.
 *   val_k   = floor(validationFraction * train_k), at most train_k - 1, taken from the
 *             class's training samples (the test set does not depend on it).
 * The class's indices, ascending, are shuffled by Fisher-Yates with SplitMix64 seeded by
 * SplitMix64.derive(seed, k); the first train_k go to training (of which the last val_k
 * to validation), the rest to test. Each class has its own stream, so the split of one
 * class does not depend on the others, and the result is identical on every JVM.
 */
package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.training.data.LabeledData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class StratifiedSplitter {

    private StratifiedSplitter() {
    }

    /** Splits the labeled samples of {@code data}. */
    public static Split split(LabeledData data, SplitSpec spec) {
        return split(data.labels(), data.classNames(), spec);
    }

    /** Splits samples with labels 1..classNames.size() (0 = not a sample). */
    public static Split split(int[] labels, List<String> classNames, SplitSpec spec) {
        int k = classNames.size();
        int[][] members = new int[k][];
        int[] counts = new int[k];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l < 0 || l > k) {
                throw new BadInputException("label " + l + " of sample " + i + " is outside 0.." + k + " (0 = unlabeled, "
                        + k + " classes)");
            }
            if (l > 0) {
                counts[l - 1]++;
            }
        }
        for (int c = 0; c < k; c++) {
            members[c] = new int[counts[c]];
        }
        int[] fill = new int[k];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l > 0) {
                members[l - 1][fill[l - 1]++] = i;
            }
        }
        int[] trainPer = new int[k];
        int[] valPer = new int[k];
        int[] testPer = new int[k];
        List<String> notes = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            String cls = "class " + (c + 1) + " (" + classNames.get(c) + ")";
            int n = counts[c];
            if (n == 0) {
                throw new BadInputException(cls + " has no labeled samples, so it cannot be split; "
                        + "drop the class or use other data");
            }
            if (n == 1) {
                throw new BadInputException(cls + " has a single labeled sample; a split needs at least 2 "
                        + "(one to train on, one to test)");
            }
            long target = spec.byRatio() ? Math.round(spec.ratio() * n) : spec.countPerClass();
            long t = Math.max(target, spec.minPerClass());
            if (t > n - 1) {
                notes.add(cls + ": " + n + " samples, rule asks for " + t + " training samples; using " + (n - 1)
                        + " and keeping 1 for testing");
                t = n - 1;
            } else if (t > target) {
                notes.add(cls + ": " + n + " samples, raised from " + target + " to the minimum of "
                        + spec.minPerClass() + " training samples");
            }
            if (t < 1) {
                notes.add(cls + ": " + n + " samples, rule gives 0 training samples; using 1");
                t = 1;
            }
            int v = (int) Math.min((long) Math.floor(spec.validationFraction() * t), t - 1);
            trainPer[c] = (int) t - v;
            valPer[c] = v;
            testPer[c] = n - (int) t;
        }
        int[] train = new int[Arrays.stream(trainPer).sum()];
        int[] val = new int[Arrays.stream(valPer).sum()];
        int[] test = new int[Arrays.stream(testPer).sum()];
        int ti = 0;
        int vi = 0;
        int si = 0;
        for (int c = 0; c < k; c++) {
            int[] m = members[c].clone();
            new SplitMix64(SplitMix64.derive(spec.seed(), c + 1)).shuffle(m, 0, m.length);
            int t = trainPer[c] + valPer[c];
            System.arraycopy(m, 0, train, ti, trainPer[c]);
            ti += trainPer[c];
            System.arraycopy(m, trainPer[c], val, vi, valPer[c]);
            vi += valPer[c];
            System.arraycopy(m, t, test, si, m.length - t);
            si += m.length - t;
        }
        Arrays.sort(train);
        Arrays.sort(val);
        Arrays.sort(test);
        return new Split(spec, train, val, test, trainPer, valPer, testPer, notes);
    }
}
