/*
 * Standard normal draws by the Box-Muller transform over a generator's doubles (SplittableRandom, SavableRandom). Written
 * out (rather than RandomGenerator.nextGaussian, whose algorithm is unspecified) so that
 * initialization and augmentation repeat bit for bit across JDK versions.
 */
package dev.hsiq.training.nn;

import java.util.random.RandomGenerator;

public final class Gaussian {

    private Gaussian() {
    }

    /** One N(0, 1) value. */
    public static double next(RandomGenerator random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1], so the log is finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
