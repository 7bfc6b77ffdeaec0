/*
 * The training loop's random generator: the SplitMix64 generator of java.util.SplittableRandom
 * (Steele, Lea and Flood, OOPSLA 2014), written out so that its state (seed and gamma, two
 * longs) can be saved in a checkpoint and restored, which SplittableRandom does not allow.
 *
 * Every method draws exactly what the same method of a SplittableRandom with the same state
 * draws (nextLong, nextInt, nextInt(bound), nextDouble, split; SavableRandomTest checks it
 * against the JDK class), so training runs that used SplittableRandom before repeat bit for
 * bit:
 *   state     seed += gamma before each output (gamma odd; GOLDEN_GAMMA for a fresh seed)
 *   nextLong  mix64(seed), Stafford's variant 13 finalizer
 *   nextInt   mix32(seed), the upper half of a MurmurHash3-style mix
 *   nextInt(bound)  RandomSupport.boundedNextInt: power of two masks, else rejection on
 *             31-bit values
 *   nextDouble      (nextLong >>> 11) * 2^-53
 *   split     a child with seed nextLong() and gamma mixGamma(next seed)
 */
package dev.hsiq.training.nn;

import java.util.random.RandomGenerator;

public final class SavableRandom implements RandomGenerator {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long seed;
    private long gamma;

    /** The generator SplittableRandom(seed) is. */
    public SavableRandom(long seed) {
        this(seed, GOLDEN_GAMMA);
    }

    private SavableRandom(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** A generator continuing from {@code state} (taken by state()). */
    public static SavableRandom fromState(long[] state) {
        SavableRandom r = new SavableRandom(0);
        r.restore(state);
        return r;
    }

    /** The state: {seed, gamma}. */
    public long[] state() {
        return new long[]{seed, gamma};
    }

    /** Continues from {@code state} (taken by state()); the gamma must be odd. */
    public void restore(long[] state) {
        if (state == null || state.length != 2 || (state[1] & 1) == 0) {
            throw new IllegalArgumentException("a random generator state is two longs {seed, odd gamma}");
        }
        seed = state[0];
        gamma = state[1];
    }

    /** A new generator, as SplittableRandom.split() makes one. */
    public SavableRandom split() {
        return new SavableRandom(nextLong(), mixGamma(nextSeed()));
    }

    @Override
    public long nextLong() {
        return mix64(nextSeed());
    }

    @Override
    public int nextInt() {
        return mix32(nextSeed());
    }

    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int m = bound - 1;
        int r = nextInt();
        if ((bound & m) == 0) {
            return r & m;
        }
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
            // rejected: u fell into the incomplete last block of 2^31 mod bound values
        }
        return r;
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L; // odd, so the seed sequence has full period
        int n = Long.bitCount(z ^ (z >>> 1)); // enough 01 / 10 transitions, else flip alternate bits
        return n < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }
}
