/*
 * The split options shared by train and eval (picocli mixin): --train-ratio or
 * --train-count, --min-per-class, --validation, --seed. Without a ratio or count the
 * dataset's default applies (10% for Indian Pines, 5% for the others, DESIGN section 3).
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.training.data.DatasetInfo;
import dev.hsiq.training.protocol.SplitSpec;
import picocli.CommandLine.Option;

public final class SplitOptions {

    @Option(names = "--train-ratio", paramLabel = "R",
            description = "Fraction of each class used for training, in (0, 1) (default: 0.1 for Indian Pines, 0.05 otherwise).")
    Double ratio;

    @Option(names = "--train-count", paramLabel = "N", description = "Training samples per class (instead of a ratio).")
    Integer count;

    @Option(names = "--min-per-class", paramLabel = "N", defaultValue = "5",
            description = "At least this many training samples per class (default: ${DEFAULT-VALUE}).")
    int minPerClass;

    @Option(names = "--validation", paramLabel = "F", defaultValue = "0",
            description = "Fraction of the training samples held out for validation and best-epoch selection (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the split, the initialization and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    public long seed() {
        return seed;
    }

    /** True when the user chose a ratio or a count. */
    public boolean explicit() {
        return ratio != null || count != null;
    }

    /** The split spec for a dataset. */
    public SplitSpec spec(DatasetInfo info) {
        if (ratio != null && count != null) {
            throw new BadInputException("give --train-ratio or --train-count, not both");
        }
        if (ratio != null && !(ratio > 0 && ratio < 1)) {
            throw new BadInputException("--train-ratio " + ratio + " must be between 0 and 1 (exclusive)");
        }
        if (count != null && count < 1) {
            throw new BadInputException("--train-count " + count + " must be at least 1");
        }
        if (!(validation >= 0 && validation < 1)) {
            throw new BadInputException("--validation " + validation + " must be in [0, 1)");
        }
        SplitSpec s = ratio != null ? SplitSpec.ratio(ratio, seed) : count != null ? SplitSpec.count(count, seed)
                : SplitSpec.defaultFor(info, seed);
        return s.withMinPerClass(minPerClass).withValidation(validation);
    }
}
