/*
 * The project's documented pseudo-random generator: SplitMix64 (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014; Vigna's reference
 * splitmix64.c). The state advances by the golden gamma 0x9e3779b97f4a7c15 and each output
 * is the state passed through Stafford's "variant 13" 64-bit finalizer. It is written out
 * here (rather than relying on java.util.SplittableRandom, which computes the same
 * nextLong()) so that every derived quantity below - bounded ints, doubles, Gaussians,
 * shuffles - is fixed by this file and identical on every JVM and JDK version. Splits,
 * stand-in scenes and anything else seeded in hsiq draw from this class.
 */
package dev.hsiq.training.protocol;

import java.nio.charset.StandardCharsets;

public final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** Stafford's variant 13 finalizer: a bijective 64-bit mix with good avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * A seed derived from a parent seed and a stream number (class id, row, ...), so that
     * independent parts of a computation get independent, order-free random streams.
     */
    public static long derive(long seed, long stream) {
        return mix64(seed + GOLDEN_GAMMA * (stream + 1)) ^ mix64(stream ^ 0x5851f42d4c957f2dL);
    }

    /** A seed from a name: 64-bit FNV-1a over the UTF-8 bytes, then mixed. */
    public static long seedOf(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return mix64(h);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /**
     * Uniform int in [0, bound) without modulo bias: 31 random bits, rejecting the top
     * partial block (the method of java.util.Random#nextInt(int), fixed here).
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int r = (int) (nextLong() >>> 33);
        int m = bound - 1;
        if ((bound & m) == 0) {
            return (int) ((bound * (long) r) >> 31);
        }
        for (int u = r; u - (r = u % bound) + m < 0; u = (int) (nextLong() >>> 33)) {
            // rejected: u fell into the incomplete last block of size (2^31 mod bound)
        }
        return r;
    }

    /** Uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform float in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Standard normal deviate by Marsaglia's polar method (pairs; the second is kept). */
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpareGaussian = true;
        return u * f;
    }

    /** Fisher-Yates shuffle of a[from, to). */
    public void shuffle(int[] a, int from, int to) {
        for (int i = to - 1; i > from; i--) {
            int j = from + nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
