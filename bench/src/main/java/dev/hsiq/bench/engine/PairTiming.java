/*
 * The timing harness of `hsiq bench engine`: two workloads (the quantized and the float plan
 * doing the same job) measured in the same run, interleaved, so that a load change on a
 * shared machine hits both alike and their ratio stays meaningful.
 *   warm-up   alternate a, b until `warmup` has passed (at least 3 calls each, or as told): JIT compilation
 *             of every kernel and tile variant the workloads reach happens here;
 *   measure   `iterations` rounds of (time a, time b), System.nanoTime around each call;
 *   report    the median of each (robust to the odd slow round when another process runs),
 *             plus min and max, and the median of the per-round ratios b / a (how many times
 *             faster a ran than b in the same round). The ratio of the medians can pair a's
 *             median from a fast phase of a shared machine with b's from a slow one; the paired
 *             ratio compares calls made back to back, so it is the speedup to report.
 */
package dev.hsiq.bench.engine;

import java.util.Arrays;

public final class PairTiming {

    /** Median, min and max of the rounds (nanoseconds, or a plain number for the ratios). */
    public record Stats(double medianNs, double minNs, double maxNs) {
    }

    /** ratio: the per-round b / a times (dimensionless). */
    public record Result(Stats a, Stats b, Stats ratio) {

        /** The median over rounds of b's time over a's. */
        public double pairedSpeedup() {
            return ratio.medianNs();
        }
    }

    private PairTiming() {
    }

    public static Result measure(Runnable a, Runnable b, long warmupNanos, int iterations) {
        return measure(a, b, warmupNanos, 3, iterations);
    }

    /** As above with at least {@code minWarmupCalls} warm-up calls of each (for long calls such as whole scenes). */
    public static Result measure(Runnable a, Runnable b, long warmupNanos, int minWarmupCalls, int iterations) {
        return measure(a, b, warmupNanos, minWarmupCalls, iterations, System::nanoTime);
    }

    /** As above on the given clock (nanoseconds; tests pass a fake one). */
    static Result measure(Runnable a, Runnable b, long warmupNanos, int minWarmupCalls, int iterations,
                          java.util.function.LongSupplier clock) {
        long end = clock.getAsLong() + warmupNanos;
        int calls = 0;
        while (calls < minWarmupCalls || clock.getAsLong() < end) {
            a.run();
            b.run();
            calls++;
        }
        double[] ta = new double[iterations];
        double[] tb = new double[iterations];
        double[] ratio = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = clock.getAsLong();
            a.run();
            long t1 = clock.getAsLong();
            b.run();
            long t2 = clock.getAsLong();
            ta[i] = t1 - t0;
            tb[i] = t2 - t1;
            ratio[i] = tb[i] / ta[i];
        }
        return new Result(stats(ta), stats(tb), stats(ratio));
    }

    static Stats stats(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Stats(median, s[0], s[n - 1]);
    }
}
