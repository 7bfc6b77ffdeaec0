/*
 * Per-thread scratch of a plan run: the activation maps of a chunk of samples (input map and
 * two ping-pong buffers) and the tile buffers of the kernels (window rows, accumulators,
 * lookup tables, float workspace, offsets). A Workspace is used by one thread at a time;
 * WorkspacePool hands them out, so a compiled model stays immutable and shareable.
 */
package dev.hsiq.engine.compile;

final class Workspace {

    final MapBuffer[] maps = {new MapBuffer(), new MapBuffer(), new MapBuffer()};

    private long[] window = new long[0];
    private byte[] window8 = new byte[0];
    private int[] acc = new int[0];
    private short[] lut = new short[0];
    private float[] floats = new float[0];
    private float[] floats2 = new float[0];
    private int[] offsetsA = new int[0];
    private int[] offsetsB = new int[0];

    long[] window(int n) {
        if (window.length < n) window = new long[n];
        return window;
    }

    byte[] window8(int n) {
        if (window8.length < n) window8 = new byte[n];
        return window8;
    }

    int[] acc(int n) {
        if (acc.length < n) acc = new int[n];
        return acc;
    }

    short[] lut(int n) {
        if (lut.length < n) lut = new short[n];
        return lut;
    }

    float[] floats(int n) {
        if (floats.length < n) floats = new float[n];
        return floats;
    }

    float[] floats2(int n) {
        if (floats2.length < n) floats2 = new float[n];
        return floats2;
    }

    int[] offsetsA(int n) {
        if (offsetsA.length < n) offsetsA = new int[n];
        return offsetsA;
    }

    int[] offsetsB(int n) {
        if (offsetsB.length < n) offsetsB = new int[n];
        return offsetsB;
    }
}
