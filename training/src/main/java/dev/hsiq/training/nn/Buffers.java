/*
 * Reusable activation buffers: a layer keeps one array per role and grows it only when a
 * larger batch arrives, so steady-state training allocates nothing per call.
 */
package dev.hsiq.training.nn;

final class Buffers {

    private Buffers() {
    }

    /** {@code buf} when it holds at least {@code size} floats, else a new array of that size. */
    static float[] ensure(float[] buf, long size) {
        int n = Math.toIntExact(size);
        return buf != null && buf.length >= n ? buf : new float[n];
    }

    static int[] ensure(int[] buf, long size) {
        int n = Math.toIntExact(size);
        return buf != null && buf.length >= n ? buf : new int[n];
    }

    static void checkInput(Layer l, float[] in, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException(l.name() + ": batch size " + batch + " must be positive");
        }
        if ((long) batch * l.inputShape().size() > in.length) {
            throw new IllegalArgumentException(l.name() + ": input holds " + in.length + " floats, a batch of "
                    + batch + " x " + l.inputShape() + " needs more");
        }
    }
}
