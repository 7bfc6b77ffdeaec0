/*
 * What every fuzz target asserts about one call of a reader on fuzzed bytes (issue 7 item 2):
 *   - it returns, or throws one of the project's exceptions (HsiqException or a subclass)
 *     whose message names the file; any other exception or error propagates, and Jazzer
 *     records the input as a finding;
 *   - it takes less than 1 s on an input under 1 MiB. A slow call is run once more before it
 *     is reported, so that class loading or a GC pause on a busy machine is not taken for a
 *     hang: a real hang is slow both times;
 *   - it allocates at most 64 x max(input bytes, decoded bytes) + 16 MiB (4096 x while
 *     fuzzing, see ALLOCATION_FACTOR), as counted by the
 *     JVM's allocation counter of the calling thread (and of all threads together, for
 *     libraries that decode on pool threads). "Decoded bytes" is what the call returned
 *     (4 per float of a cube): a compressed file may inflate to more than its own size, but
 *     only by data that is really there.
 * The engine's fuzz targets use a copy of this class (dev.hsiq.engine.io.ReaderLimits):
 * the modules share no test code.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.HsiqException;

import java.lang.management.ManagementFactory;

final class ReaderLimits {

    static final long MAX_NANOS = 1_000_000_000L;
    /** Whether Jazzer is fuzzing (JAZZER_FUZZ set), rather than replaying inputs as unit tests. */
    static final boolean FUZZING = isFuzzing();
    /**
     * 64; 4096 while fuzzing. Jazzer's hooks (on in fuzzing mode only) allocate on every hooked
     * String comparison or regex call: an ENVI header of 734 short lines that allocated 0.53 MB
     * in a plain run allocated 17.7 MB under them. The unit tests replay every seed and kept
     * input with the hooks off, against the plain factor; the fuzzing bound still catches an
     * allocation sized by a declared count rather than by the input.
     */
    static final long ALLOCATION_FACTOR = FUZZING ? 64 * 64 : 64;
    static final long ALLOCATION_SLACK = 16L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** One reader call; returns the bytes of what it decoded (0 for nothing, or on failure). */
    @FunctionalInterface
    interface Call {
        long run();
    }

    private ReaderLimits() {
    }

    private static boolean isFuzzing() {
        String v = System.getenv("JAZZER_FUZZ");
        if (v == null) {
            v = System.getProperty("jazzer.fuzz", "");
        }
        return !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /**
     * Runs {@code call} on an input of {@code inputBytes} within the limits above;
     * {@code file} is the name the input was given, which an error message must contain.
     * Returns the decoded byte count, or -1 if the call threw a project exception.
     */
    static long check(String what, String file, long inputBytes, Call call) {
        Outcome first = measure(file, call);
        if (!first.slow(inputBytes) && !first.overAllocated(inputBytes)) {
            return first.decoded;
        }
        // Once more, warm: class loading and static initialisation on the first call, or a
        // GC pause on a busy machine, do not repeat; a real hang or a real over-allocation does.
        Outcome o = measure(file, call);
        if (o.slow(inputBytes)) {
            throw new AssertionError(what + ": took " + o.nanos / 1_000_000 + " ms (and "
                    + first.nanos / 1_000_000 + " ms before) on a " + inputBytes + "-byte input; the limit is "
                    + MAX_NANOS / 1_000_000 + " ms");
        }
        if (o.overAllocated(inputBytes)) {
            throw new AssertionError(what + ": allocated " + o.threadAllocated + " bytes (all threads: "
                    + o.totalAllocated + ") on a " + inputBytes + "-byte input that decoded to "
                    + Math.max(o.decoded, 0) + " bytes; the bound is " + bound(inputBytes, o.decoded));
        }
        return o.decoded;
    }

    /** ALLOCATION_FACTOR x max(input bytes, decoded bytes) + 16 MiB. */
    static long bound(long inputBytes, long decoded) {
        return ALLOCATION_FACTOR * Math.max(inputBytes, decoded) + ALLOCATION_SLACK;
    }

    private record Outcome(long decoded, long nanos, long threadAllocated, long totalAllocated) {
        boolean slow(long inputBytes) {
            return nanos >= MAX_NANOS && inputBytes < (1 << 20);
        }

        boolean overAllocated(long inputBytes) {
            long bound = bound(inputBytes, decoded);
            return threadAllocated > bound || totalAllocated > bound;
        }
    }

    private static Outcome measure(String file, Call call) {
        long total0 = THREADS.getTotalThreadAllocatedBytes();
        long thread0 = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        long decoded;
        try {
            decoded = call.run();
        } catch (HsiqException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank() || !m.contains(file)) {
                throw new AssertionError("message does not name the file " + file + ": " + m, e);
            }
            decoded = -1;
        }
        long nanos = System.nanoTime() - t0;
        long thread = THREADS.getCurrentThreadAllocatedBytes() - thread0;
        long total = THREADS.getTotalThreadAllocatedBytes() - total0;
        return new Outcome(decoded, nanos, thread, total);
    }
}
