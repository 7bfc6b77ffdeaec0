/*
 * An immutable execution plan: the input stage and the ops of one compiled network, and how
 * they run over many samples or over a whole scene on several threads.
 *
 * Per-sample mode (spectra, patches): samples are cut into chunks (CHUNK samples); each chunk
 * is one task that runs the input stage and every op on its own Workspace (maps ping-pong
 * between two buffers), so threads share nothing but the immutable ops and write disjoint
 * label / logit ranges. Chunking matters for speed: the float GEMMs get wide operands, and
 * the integer kernels get many window rows per call.
 *
 * Dense scene mode (DenseScene explains why it equals per-patch inference): the scene is
 * padded by m = P / 2 on every side with mirrored pixels and run as one sample of (rows + 2m)
 * x (cols + 2m) pixels; each op's units (output pixels, rows or channel planes) are split into
 * ranges over the threads, each with its own Workspace for tile scratch, and the ops run one
 * after another (each waits for the previous one to finish: its input map must be complete).
 *
 * Output: logits [row][class] (rows = samples, or scene pixels in row-major order) and labels,
 * the index of the largest logit (the first on ties; NaN never wins), as ReferenceExecutor.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.Parallel;

import java.util.List;

final class Plan {

    /** Ranges per thread in scene mode (dynamic claiming evens out a busy core). */
    private static final int TASKS_PER_THREAD = 4;

    final InputStage input;
    final List<PlanOp> ops;
    final Spatial sampleSize;
    final int classes;
    final int chunk;
    final boolean denseScene;
    final int margin;

    Plan(InputStage input, List<PlanOp> ops, Spatial sampleSize, int classes, int chunk, boolean denseScene,
         int margin) {
        this.input = input;
        this.ops = List.copyOf(ops);
        this.sampleSize = sampleSize;
        this.classes = classes;
        this.chunk = chunk;
        this.denseScene = denseScene;
        this.margin = margin;
    }

    /** Per-sample inference of samples 0..count-1 of src. */
    void runSamples(Source src, int count, int[] labels, float[] logits, Parallel parallel, WorkspacePool pool,
                    StepTimes times) {
        int tasks = (count + chunk - 1) / chunk;
        parallel.forEach(tasks, t -> {
            Workspace ws = pool.acquire();
            try {
                int s0 = t * chunk;
                runChunk(src, s0, Math.min(count, s0 + chunk), labels, logits, ws, times);
            } finally {
                pool.release(ws);
            }
        });
    }

    private void runChunk(Source src, int s0, int s1, int[] labels, float[] logits, Workspace ws, StepTimes times) {
        int n = s1 - s0;
        MapBuffer cur = ws.maps[0];
        cur.ensure(input.layout, (long) n * input.layout.sampleStride(sampleSize));
        long t0 = times == null ? 0 : System.nanoTime();
        input.samples(src, s0, s1, cur, ws);
        Pass p = new Pass(n, sampleSize, false);
        int next = 1;
        int step = 1;
        for (PlanOp op : ops) {
            MapBuffer dst = ws.maps[next];
            dst.ensure(op.out, op.outputLength(p));
            if (times != null) {
                long t1 = System.nanoTime();
                times.add(step - 1, t1 - t0);
                t0 = t1;
            }
            op.run(cur, dst, p, 0, op.units(p), ws);
            step++;
            p = p.next(op.outSize(p.in()));
            cur = dst;
            next = 3 - next;
        }
        if (times != null) {
            times.add(step - 1, System.nanoTime() - t0);
        }
        emit(cur.floats, n, s0, labels, logits);
    }

    /** Dense scene mode over a BIP scene (denseScene must be true). */
    void runScene(Source.Scene scene, int[] labels, float[] logits, Parallel parallel, WorkspacePool pool,
                  StepTimes times) {
        if (!denseScene) {
            throw new IllegalStateException("this network has no dense scene form");
        }
        Workspace shared = pool.acquire();
        try {
            int m = margin;
            MapBuffer in0 = shared.maps[0];
            in0.ensure(input.layout, input.sceneLength(scene, m));
            long t0 = times == null ? 0 : System.nanoTime();
            split(parallel, scene.rows(), (a, b) -> input.sceneRows(scene, m, a, b, in0));
            split(parallel, 2 * m, (a, b) -> input.sceneBorderRows(scene, m, a, b, in0));
            int step = 0;
            Pass p = new Pass(1, new Spatial(scene.rows() + 2 * m, scene.cols() + 2 * m), true);
            MapBuffer cur = in0;
            int next = 1;
            for (PlanOp op : ops) {
                MapBuffer src = cur;
                MapBuffer dst = shared.maps[next];
                dst.ensure(op.out, op.outputLength(p));
                Pass pass = p;
                if (times != null) {
                    long t1 = System.nanoTime();
                    times.add(step, t1 - t0);
                    t0 = t1;
                }
                step++;
                split(parallel, op.units(p), (a, b) -> {
                    Workspace ws = pool.acquire();
                    try {
                        op.run(src, dst, pass, a, b, ws);
                    } finally {
                        pool.release(ws);
                    }
                });
                p = p.next(op.outSize(p.in()));
                cur = dst;
                next = 3 - next;
            }
            if (times != null) {
                times.add(step, System.nanoTime() - t0);
            }
            emit(cur.floats, scene.pixels(), 0, labels, logits);
        } finally {
            pool.release(shared);
        }
    }

    interface RangeBody {
        void run(int from, int to);
    }

    /** Runs body over 0..units split into contiguous ranges on the threads of parallel. */
    static void split(Parallel parallel, int units, RangeBody body) {
        int tasks = Math.min(units, parallel.threads() == 1 ? 1 : parallel.threads() * TASKS_PER_THREAD);
        if (tasks <= 1) {
            if (units > 0) {
                body.run(0, units);
            }
            return;
        }
        parallel.forEach(tasks, t -> body.run((int) ((long) units * t / tasks), (int) ((long) units * (t + 1) / tasks)));
    }

    private void emit(float[] rows, int n, int out0, int[] labels, float[] logits) {
        for (int r = 0; r < n; r++) {
            int off = r * classes;
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (rows[off + c] > rows[off + best] || Float.isNaN(rows[off + best])) {
                    best = c;
                }
            }
            labels[out0 + r] = best;
        }
        if (logits != null) {
            System.arraycopy(rows, 0, logits, out0 * classes, n * classes);
        }
    }
}
