/*
 * Learning rate as a function of training progress in epochs (fractional: epoch e, step s
 * of S in it gives e + s / S), so schedules behave the same for any batch size.
 *
 *   constant(base)                           base
 *   step(base, every, gamma)                 base * gamma^floor(epoch / every)
 *   cosine(base, epochs, warmup, minFactor)  linear warmup base * epoch / warmup over the
 *                                            first `warmup` epochs (from base / 1000), then
 *                                            min + (base - min) (1 + cos(pi t)) / 2,
 *                                            t = (epoch - warmup) / (epochs - warmup), min = minFactor * base
 */
package dev.hsiq.training.optim;

@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate at {@code epoch} epochs of progress (0 = the start). */
    double rate(double epoch);

    static LearningRateSchedule constant(double base) {
        checkBase(base);
        return epoch -> base;
    }

    static LearningRateSchedule step(double base, double everyEpochs, double gamma) {
        checkBase(base);
        if (!(everyEpochs > 0) || !(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("step schedule: every " + everyEpochs + " epochs must be > 0 and gamma "
                    + gamma + " in (0, 1]");
        }
        return epoch -> base * Math.pow(gamma, Math.floor(epoch / everyEpochs));
    }

    static LearningRateSchedule cosine(double base, double epochs, double warmupEpochs, double minFactor) {
        checkBase(base);
        if (!(epochs > 0) || !(warmupEpochs >= 0 && warmupEpochs < epochs) || !(minFactor >= 0 && minFactor <= 1)) {
            throw new IllegalArgumentException("cosine schedule: epochs " + epochs + " must be > 0, warmup "
                    + warmupEpochs + " in [0, epochs), min factor " + minFactor + " in [0, 1]");
        }
        double min = base * minFactor;
        return epoch -> {
            if (epoch < warmupEpochs) {
                return base * Math.max(epoch, 1e-3 * warmupEpochs) / warmupEpochs;
            }
            double t = Math.min(1.0, (epoch - warmupEpochs) / (epochs - warmupEpochs));
            return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * t));
        };
    }

    private static void checkBase(double base) {
        if (!(base > 0) || !Double.isFinite(base)) {
            throw new IllegalArgumentException("learning rate " + base + " must be positive and finite");
        }
    }
}
