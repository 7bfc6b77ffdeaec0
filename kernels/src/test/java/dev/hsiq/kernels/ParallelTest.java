/*
 * Parallel.forEach: every index runs exactly once, failures surface on the caller, and a
 * call made from a busy or saturated executor (including nested calls) still completes
 * because the caller takes part in the work.
 */
package dev.hsiq.kernels;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (Parallel p : new Parallel[]{Parallel.sequential(), Parallel.of(pool, 4), Parallel.common()}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(100);
                p.forEach(100, hits::incrementAndGet);
                for (int i = 0; i < 100; i++) {
                    assertThat(hits.get(i)).as("%s index %d", p, i).isEqualTo(1);
                }
                p.forEach(0, i -> {
                    throw new AssertionError("no task expected");
                });
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskFailureIsRethrownAfterTheOthersFinish() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicIntegerArray hits = new AtomicIntegerArray(20);
            assertThatThrownBy(() -> Parallel.of(pool, 3).forEach(20, i -> {
                hits.incrementAndGet(i);
                if (i == 7) {
                    throw new IllegalStateException("task 7 failed");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("task 7 failed");
            for (int i = 0; i < 20; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nestedCallsOnASingleThreadPoolDoNotDeadlock() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Parallel p = Parallel.of(pool, 4);
            AtomicIntegerArray hits = new AtomicIntegerArray(16);
            p.forEach(4, outer -> p.forEach(4, inner -> hits.incrementAndGet(outer * 4 + inner)));
            for (int i = 0; i < 16; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShutDownExecutorLeavesTheWorkToTheCaller() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.shutdown();
        AtomicIntegerArray hits = new AtomicIntegerArray(10);
        Parallel.of(pool, 3).forEach(10, hits::incrementAndGet);
        for (int i = 0; i < 10; i++) {
            assertThat(hits.get(i)).isEqualTo(1);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> Parallel.of(Runnable::run, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Parallel.sequential().forEach(-1, i -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Parallel.of(Runnable::run, 1)).isSameAs(Parallel.sequential());
        assertThat(Parallel.common().threads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
}
