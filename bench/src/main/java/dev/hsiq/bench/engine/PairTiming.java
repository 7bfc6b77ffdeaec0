/*
 * The timing harness of `hsiq bench engine`: two workloads (the quantized and the float plan
 * doing the same job) measured in the same run, interleaved, so that a load change on a
 * shared machine hits both alike and their ratio stays meaningful.
 *   warm-up   alternate a, b until `warmup` has passed (at least 3 calls each, or as told), and then
 *             until the JIT has settled: its accumulated compilation time (CompilationMXBean) has
 *             not grown for SETTLE_NANOS, within MAX_EXTRA_NANOS more. JIT compilation of every
 *             kernel and tile variant the workloads reach happens here; a fixed time alone was
 *             not enough (a quantized plan's tiles took about 9 s to reach C2, and a 1.5 s
 *             warm-up measured patch-cnn 2/1 at 867 patches/s instead of about 20,000);
 *   measure   `iterations` rounds of (time a, time b), System.nanoTime around each call;
 *   report    the median of each (robust to the odd slow round when another process runs),
 *             plus min and max, and the median of the per-round ratios b / a (how many times
 *             faster a ran than b in the same round). The ratio of the medians can pair a's
 *             median from a fast phase of a shared machine with b's from a slow one; the paired
 *             ratio compares calls made back to back, so it is the speedup to report.
 */
package dev.hsiq.bench.engine;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

public final class PairTiming {

    /** Median, min and max of the rounds (nanoseconds, or a plain number for the ratios). */
    public record Stats(double medianNs, double minNs, double maxNs) {
    }

    /**
     * The JIT counts as settled when its accumulated compilation time has not grown for this
     * long (a C2 compilation of a tile method completes in well under a second).
     */
    static final long SETTLE_NANOS = 1_000_000_000L;

    /** Longest warm-up beyond the requested time while the JIT keeps compiling. */
    static final long MAX_EXTRA_NANOS = 20_000_000_000L;

    /**
     * ratio: the per-round b / a times (dimensionless); warmupSeconds: how long the warm-up
     * ran (the requested time, or longer until the JIT settled).
     */
    public record Result(Stats a, Stats b, Stats ratio, double warmupSeconds) {

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
        return measure(a, b, warmupNanos, minWarmupCalls, iterations, true);
    }

    /** As above; settle = false ends the warm-up after the requested time and calls, whatever the JIT does. */
    public static Result measure(Runnable a, Runnable b, long warmupNanos, int minWarmupCalls, int iterations,
                                 boolean settle) {
        return measure(a, b, warmupNanos, minWarmupCalls, iterations, System::nanoTime,
                settle ? PairTiming::jitMillis : () -> -1);
    }

    /** As above on the given clock (nanoseconds) and JIT time (milliseconds, -1: unknown); tests pass fakes. */
    static Result measure(Runnable a, Runnable b, long warmupNanos, int minWarmupCalls, int iterations,
                          LongSupplier clock, LongSupplier jitMillis) {
        long start = clock.getAsLong();
        long end = start + warmupNanos;
        long cap = end + MAX_EXTRA_NANOS;
        long jit = jitMillis.getAsLong();
        long jitChanged = start;
        int calls = 0;
        while (true) {
            long now = clock.getAsLong();
            long j = jitMillis.getAsLong();
            if (j != jit) {
                jit = j;
                jitChanged = now;
            }
            boolean settled = j < 0 || now - jitChanged >= SETTLE_NANOS;
            if (calls >= minWarmupCalls && now >= end && (settled || now >= cap)) {
                break;
            }
            a.run();
            b.run();
            calls++;
        }
        double warmupSeconds = (clock.getAsLong() - start) / 1e9;
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
        return new Result(stats(ta), stats(tb), stats(ratio), warmupSeconds);
    }

    /** This JVM's accumulated JIT compilation time in milliseconds, or -1 where it is not monitored. */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    static Stats stats(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Stats(median, s[0], s[n - 1]);
    }
}
