/*
 * Workspaces of one compiled model, handed to one thread at a time: acquire() takes a free
 * one or makes a new one, release() returns it. At most MAX_IDLE are kept between calls, so
 * the memory held is bounded by the peak number of concurrent threads, not by the calls.
 */
package dev.hsiq.engine.compile;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

final class WorkspacePool {

    private static final int MAX_IDLE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final ConcurrentLinkedDeque<Workspace> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    Workspace acquire() {
        Workspace w = idle.pollFirst();
        if (w == null) {
            return new Workspace();
        }
        idleCount.decrementAndGet();
        return w;
    }

    void release(Workspace w) {
        if (idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.addFirst(w);
        } else {
            idleCount.decrementAndGet();
        }
    }
}
