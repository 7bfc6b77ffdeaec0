/*
 * Storage of one activation map of a plan run: longs (bit planes), bytes (codes) or floats
 * (float maps, logits), grown on demand and reused across calls, so that a steady stream of
 * classifications allocates nothing once the buffers have reached their working size.
 */
package dev.hsiq.engine.compile;

final class MapBuffer {

    long[] words = new long[0];
    byte[] bytes = new byte[0];
    float[] floats = new float[0];

    /** Makes room for {@code elements} elements of the layout's array type (null layout: floats, the logits). */
    void ensure(MapLayout layout, long elements) {
        int n = Math.toIntExact(elements);
        MapLayout.Kind kind = layout == null ? MapLayout.Kind.FLOATS : layout.kind();
        switch (kind) {
            case PLANES -> {
                if (words.length < n) words = new long[n];
            }
            case CODES -> {
                if (bytes.length < n) bytes = new byte[n];
            }
            case FLOATS -> {
                if (floats.length < n) floats = new float[n];
            }
        }
    }
}
