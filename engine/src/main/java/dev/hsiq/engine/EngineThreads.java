/*
 * The worker threads of the embedding API: one shared pool of daemon threads, created on
 * demand and ended after a minute idle, behind a Parallel of the requested size (the calling
 * thread always works too, so `threads` = 1 never touches the pool). Daemon threads never keep
 * an embedding application alive.
 */
package dev.hsiq.engine;

import dev.hsiq.kernels.Parallel;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

final class EngineThreads {

    private static final ThreadPoolExecutor POOL = pool();

    private EngineThreads() {
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger id = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "hsiq-engine-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Up to {@code threads} threads per call: the caller plus threads - 1 pool threads. */
    static Parallel of(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count " + threads + " must be at least 1");
        }
        return threads == 1 ? Parallel.sequential() : Parallel.of(POOL, threads);
    }
}
