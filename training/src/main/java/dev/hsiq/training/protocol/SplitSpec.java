/*
 * How to split labeled samples into training, validation and test sets, per class:
 * either a ratio of each class (e.g. 0.1) or a count per class, a minimum number of
 * training samples per class (default 5; never more than the class size minus one, so
 * each class keeps at least one test sample), an optional validation fraction carved out
 * of each class's training samples (so the test set does not depend on it), and the seed.
 * Together with the labels, a SplitSpec determines the split exactly (StratifiedSplitter).
 */
package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;

public record SplitSpec(double ratio, int countPerClass, int minPerClass, double validationFraction, long seed) {

    public static final int DEFAULT_MIN_PER_CLASS = 5;

    public SplitSpec {
        boolean byRatio = ratio > 0;
        boolean byCount = countPerClass > 0;
        if (byRatio == byCount) {
            throw new BadInputException("a split is either by ratio (0 < ratio < 1) or by count per class (>= 1), "
                    + "got ratio " + ratio + " and count " + countPerClass);
        }
        if (byRatio && !(ratio < 1)) {
            throw new BadInputException("training ratio must be between 0 and 1 (exclusive), got " + ratio);
        }
        if (Double.isNaN(ratio)) {
            throw new BadInputException("training ratio is NaN");
        }
        if (minPerClass < 0) {
            throw new BadInputException("minimum training samples per class must be >= 0, got " + minPerClass);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new BadInputException("validation fraction must be in [0, 1), got " + validationFraction);
        }
    }

    /** {@code ratio} of each class for training (at least 5 per class), the rest for testing. */
    public static SplitSpec ratio(double ratio, long seed) {
        return new SplitSpec(ratio, 0, DEFAULT_MIN_PER_CLASS, 0, seed);
    }

    /** {@code count} training samples per class (fewer for classes too small), the rest for testing. */
    public static SplitSpec count(int count, long seed) {
        if (count < 1) {
            throw new BadInputException("training samples per class must be >= 1, got " + count);
        }
        return new SplitSpec(0, count, DEFAULT_MIN_PER_CLASS, 0, seed);
    }

    /** The protocol default for a dataset (DESIGN section 3): 10% for Indian Pines, 5% for the others. */
    public static SplitSpec defaultFor(dev.hsiq.training.data.DatasetInfo info, long seed) {
        return ratio(info.defaultTrainRatio(), seed);
    }

    public SplitSpec withMinPerClass(int min) {
        return new SplitSpec(ratio, countPerClass, min, validationFraction, seed);
    }

    public SplitSpec withValidation(double fraction) {
        return new SplitSpec(ratio, countPerClass, minPerClass, fraction, seed);
    }

    public SplitSpec withSeed(long newSeed) {
        return new SplitSpec(ratio, countPerClass, minPerClass, validationFraction, newSeed);
    }

    public boolean byRatio() {
        return ratio > 0;
    }

    /** Human-readable form, e.g. "10% per class (min 5), seed 1". */
    public String describe() {
        String how = byRatio() ? trim(ratio * 100) + "% per class" : countPerClass + " per class";
        String val = validationFraction > 0 ? ", " + trim(validationFraction * 100) + "% of it for validation" : "";
        return how + " (min " + minPerClass + ")" + val + ", seed " + seed;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
