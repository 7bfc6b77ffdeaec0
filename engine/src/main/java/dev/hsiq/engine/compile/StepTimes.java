/*
 * Where the time of a compiled model goes: nanoseconds spent in each step of its plan (the
 * input stage, then every op, in plan order), summed over the calls made through
 * CompiledModel.timed(this). For `hsiq bench engine --steps` and for embedders who want to
 * know which layer dominates.
 *
 * What a figure means: per-sample mode times each step on each chunk of samples, so with
 * several threads the figures add up the threads' time (CPU time, not wall time); dense scene
 * mode times each step once per call around all its threads (wall time). Recording is two
 * System.nanoTime() calls and one LongAdder add per step and chunk; untimed models
 * (the normal case) pay one null check.
 */
package dev.hsiq.engine.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

public final class StepTimes {

    /** One step: its name ("input" or the layer name), kernel, and the total time recorded. */
    public record Step(String name, String kernel, long nanos) {
    }

    private final List<String> names;
    private final List<String> kernels;
    private final LongAdder[] nanos;

    StepTimes(List<String> names, List<String> kernels) {
        this.names = List.copyOf(names);
        this.kernels = List.copyOf(kernels);
        this.nanos = new LongAdder[names.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = new LongAdder();
        }
    }

    void add(int step, long ns) {
        nanos[step].add(ns);
    }

    /** Forgets everything recorded so far (for example after a warm-up). */
    public void reset() {
        for (LongAdder a : nanos) {
            a.reset();
        }
    }

    /** The steps in plan order with their recorded totals. */
    public List<Step> steps() {
        List<Step> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(new Step(names.get(i), kernels.get(i), nanos[i].sum()));
        }
        return out;
    }

    /** The sum over all steps. */
    public long totalNanos() {
        long t = 0;
        for (LongAdder a : nanos) {
            t += a.sum();
        }
        return t;
    }
}
