/*
 * PairTiming on a fake clock: medians per workload, and the paired speedup as the median of
 * per-round ratios, which stays right when the machine's speed changes between rounds.
 */
package dev.hsiq.bench.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairTimingTest {

    @Test
    void pairedSpeedupFollowsTheRoundsWhileTheMachineChangesSpeed() {
        AtomicLong now = new AtomicLong();
        AtomicInteger round = new AtomicInteger();
        // the machine runs at speed 1 in even rounds and 4x slower in odd ones; b always costs 3x a
        Runnable a = () -> now.addAndGet(10L * slowdown(round.get()));
        Runnable b = () -> {
            now.addAndGet(30L * slowdown(round.get()));
            round.incrementAndGet();
        };
        PairTiming.Result r = PairTiming.measure(a, b, 0, 3, 5, now::get, () -> -1);
        // measured rounds 3..7: slowdowns 4, 1, 4, 1, 4
        assertThat(r.a().medianNs()).isEqualTo(40);
        assertThat(r.a().minNs()).isEqualTo(10);
        assertThat(r.b().maxNs()).isEqualTo(120);
        assertThat(r.pairedSpeedup()).isCloseTo(3.0, within(1e-12));
        assertThat(round.get()).isEqualTo(8);
    }

    @Test
    void theRatioOfMediansCanMixPhasesThePairedRatioCannot() {
        AtomicLong now = new AtomicLong();
        AtomicInteger round = new AtomicInteger();
        // a's rounds alternate fast/slow as before, but b lands in the slow phase three times of four
        Runnable a = () -> now.addAndGet(10L * (round.get() % 2 == 0 ? 1 : 4));
        Runnable b = () -> {
            now.addAndGet(30L * (round.get() % 4 == 0 ? 1 : 4));
            round.incrementAndGet();
        };
        PairTiming.Result r = PairTiming.measure(a, b, 0, 0, 4, now::get, () -> -1);
        // rounds 0..3: a 10 40 10 40, b 30 120 120 120; per-round ratios 3, 3, 12, 3
        assertThat(r.b().medianNs() / r.a().medianNs()).isCloseTo(4.8, within(1e-12));
        assertThat(r.pairedSpeedup()).isCloseTo(3.0, within(1e-12));
    }

    /** The warm-up runs past its requested time until the JIT has not compiled anything for SETTLE_NANOS. */
    @Test
    void warmUpWaitsForTheJitToSettle() {
        AtomicLong now = new AtomicLong();
        AtomicInteger calls = new AtomicInteger();
        long step = 100_000_000L; // each call of a or b: 0.1 s
        Runnable a = () -> now.addAndGet(step);
        Runnable b = () -> {
            now.addAndGet(step);
            calls.incrementAndGet();
        };
        // the JIT compiles something during the first 20 pairs (4 s), then nothing
        PairTiming.Result r = PairTiming.measure(a, b, 1_000_000_000L, 3, 2, now::get,
                () -> Math.min(calls.get(), 20) * 7L);
        // last change seen after pair 20 (t = 4 s); settled 1 s later, at 5 s = 25 pairs
        assertThat(r.warmupSeconds()).isCloseTo(5.0, within(1e-9));
        assertThat(calls.get()).isEqualTo(25 + 2);
    }

    /** A JIT that never settles is cut off MAX_EXTRA_NANOS after the requested warm-up. */
    @Test
    void warmUpIsCappedWhenTheJitNeverSettles() {
        AtomicLong now = new AtomicLong();
        AtomicInteger calls = new AtomicInteger();
        Runnable a = () -> now.addAndGet(500_000_000L);
        Runnable b = () -> calls.incrementAndGet();
        PairTiming.Result r = PairTiming.measure(a, b, 2_000_000_000L, 3, 1, now::get, calls::get);
        assertThat(r.warmupSeconds()).isCloseTo(2 + PairTiming.MAX_EXTRA_NANOS / 1e9, within(1e-9));
    }

    /** Without JIT monitoring (-1) the warm-up is the requested time. */
    @Test
    void warmUpWithoutJitMonitoringIsTheRequestedTime() {
        AtomicLong now = new AtomicLong();
        Runnable a = () -> now.addAndGet(250_000_000L);
        Runnable b = () -> { };
        PairTiming.Result r = PairTiming.measure(a, b, 1_000_000_000L, 3, 1, now::get, () -> -1);
        assertThat(r.warmupSeconds()).isCloseTo(1.0, within(1e-9));
    }

    private static int slowdown(int round) {
        return round % 2 == 0 ? 1 : 4;
    }
}
