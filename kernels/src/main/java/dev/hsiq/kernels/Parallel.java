/*
 * Where a kernel's independent tasks run: the calling thread alone (sequential), a shared
 * daemon pool sized to the available cores (common), or a caller-supplied executor.
 *
 * forEach(tasks, body) runs body(0..tasks-1), each index exactly once, and returns when all
 * have finished. The calling thread takes part: tasks are claimed from a shared counter by
 * the caller and by up to threads-1 helpers submitted to the executor, so a call never
 * waits for a task that no thread has started (no deadlock when the executor is busy or when
 * forEach is called from one of its own threads; the caller then simply does more of the
 * work). Determinism is the kernels' business: each kernel makes its tasks compute disjoint
 * outputs with a fixed reduction order, so the thread count never changes a result.
 */
package dev.hsiq.kernels;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

public final class Parallel {

    private static final Parallel SEQUENTIAL = new Parallel(null, 1);

    private final Executor executor;
    private final int threads;

    private Parallel(Executor executor, int threads) {
        this.executor = executor;
        this.threads = threads;
    }

    /** Everything on the calling thread. */
    public static Parallel sequential() {
        return SEQUENTIAL;
    }

    /** A shared pool of daemon threads, one per available core (the caller counts as one). */
    public static Parallel common() {
        return CommonPool.INSTANCE;
    }

    /**
     * Up to {@code threads} threads: the caller plus at most {@code threads - 1} tasks
     * submitted to {@code executor}.
     */
    public static Parallel of(Executor executor, int threads) {
        Objects.requireNonNull(executor, "executor");
        if (threads < 1) {
            throw new IllegalArgumentException("thread count " + threads + " must be at least 1");
        }
        return threads == 1 ? SEQUENTIAL : new Parallel(executor, threads);
    }

    /** The most threads that work on one call (1 for sequential). */
    public int threads() {
        return threads;
    }

    /**
     * Runs body(t) for t in 0..tasks-1 and returns when all are done. A task's exception is
     * rethrown here (wrapped when checked) after the other tasks have finished.
     */
    public void forEach(int tasks, IntConsumer body) {
        if (tasks < 0) {
            throw new IllegalArgumentException("negative task count " + tasks);
        }
        if (tasks == 0) {
            return;
        }
        if (executor == null || tasks == 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                try {
                    body.accept(t);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(threads, tasks) - 1;
        for (int h = 0; h < helpers; h++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break; // the caller does the rest
            }
        }
        worker.run();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // claimed tasks are running; wait for them, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error er) {
            throw er;
        }
        if (e != null) {
            throw new IllegalStateException("parallel task failed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return executor == null ? "Parallel[sequential]" : "Parallel[" + threads + " threads]";
    }

    private static final class CommonPool {
        static final Parallel INSTANCE = create();

        private static Parallel create() {
            int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
            if (cores == 1) {
                return SEQUENTIAL;
            }
            AtomicInteger id = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(cores - 1, r -> {
                Thread t = new Thread(r, "hsiq-kernels-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            return new Parallel(pool, cores);
        }
    }
}
