/*
 * One step of a compiled plan: reads a map in layout `in`, writes a map in layout `out`
 * (null for the last step, which writes logits [row][classes] as floats).
 *
 * Work is split into units (by default rows = (sample, output pixel) pairs in sample-major
 * order); run(u0, u1) computes exactly the outputs of units u0..u1-1, so disjoint unit ranges
 * write disjoint outputs and the plan can hand them to different threads. Every op is
 * immutable after compilation: its scratch comes from the Workspace of the calling thread.
 */
package dev.hsiq.engine.compile;

abstract class PlanOp {

    final String name;
    final MapLayout in;
    final MapLayout out;
    /** Output channels per output pixel (the class count for the last op). */
    final int outChannels;

    PlanOp(String name, MapLayout in, MapLayout out, int outChannels) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.outChannels = outChannels;
    }

    abstract Spatial outSize(Spatial in);

    /** What the plan description says this step runs on. */
    abstract String kernel();

    /** Units of work of a pass; rows (sample, output pixel) unless an op says otherwise. */
    int units(Pass p) {
        return Math.multiplyExact(p.n(), outSize(p.in()).pixels());
    }

    abstract void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws);

    /** Elements of the output map of a pass (floats of logits for the last op). */
    long outputLength(Pass p) {
        Spatial o = outSize(p.in());
        return out == null ? (long) p.n() * o.pixels() * outChannels
                : (long) p.n() * out.sampleStride(o) * out.regions();
    }

    /**
     * Whether this step commutes with sliding over a larger map (no stride, no padding, nothing
     * per position): the condition for dense scene mode (DenseScene).
     */
    boolean slides() {
        return true;
    }

    /** Multiply-accumulates per output pixel (0 for ops without weights), for descriptions. */
    long macsPerPixel() {
        return 0;
    }

    /** Rows per tile so that a tile's window rows take about 256 KB (L2-resident), a multiple of 4. */
    static int tileRows(long elementsPerRow, int bytesPerElement) {
        long rows = (256L * 1024) / Math.max(1, elementsPerRow * bytesPerElement);
        return (int) Math.max(4, Math.min(256, rows & ~3L));
    }
}
