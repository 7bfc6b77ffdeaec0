/*
 * The timing harness of `hsiq bench engine`: two workloads (the quantized and the float plan
 * doing the same job) measured in the same run, interleaved, so that a load change on a
 * shared machine hits both alike and their ratio stays meaningful.
 *   warm-up   alternate a, b until `warmup` has passed (at least 3 calls each, or as told): JIT compilation
 *             of every kernel and tile variant the workloads reach happens here;
 *   measure   `iterations` rounds of (time a, time b), System.nanoTime around each call;
 *   report    the median of each (robust to the odd slow round when another process runs),
 *             plus min and max.
 */
package dev.hsiq.bench.engine;

import java.util.Arrays;

public final class PairTiming {

    public record Stats(double medianNs, double minNs, double maxNs) {
    }

    public record Result(Stats a, Stats b) {
    }

    private PairTiming() {
    }

    public static Result measure(Runnable a, Runnable b, long warmupNanos, int iterations) {
        return measure(a, b, warmupNanos, 3, iterations);
    }

    /** As above with at least {@code minWarmupCalls} warm-up calls of each (for long calls such as whole scenes). */
    public static Result measure(Runnable a, Runnable b, long warmupNanos, int minWarmupCalls, int iterations) {
        long end = System.nanoTime() + warmupNanos;
        int calls = 0;
        while (calls < minWarmupCalls || System.nanoTime() < end) {
            a.run();
            b.run();
            calls++;
        }
        double[] ta = new double[iterations];
        double[] tb = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            long t2 = System.nanoTime();
            ta[i] = t1 - t0;
            tb[i] = t2 - t1;
        }
        return new Result(stats(ta), stats(tb));
    }

    static Stats stats(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Stats(median, s[0], s[n - 1]);
    }
}
