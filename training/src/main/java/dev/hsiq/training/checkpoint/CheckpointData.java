/*
 * The content of a training checkpoint: named entries in insertion order, each a float,
 * int, long or double array or a string. The trainer stores its state under prefixes
 * ("trainer/", "net/", "optimizer/", "rng/", "layer/", "best/"), wrappers such as the
 * quantization-aware best-epoch selection under their own ("qat/"). CheckpointFile writes
 * and reads it; the getters fail with a BadFileException naming the file and the entry, so
 * a checkpoint that lacks something or holds the wrong kind of value gives a clear error.
 */
package dev.hsiq.training.checkpoint;

import dev.hsiq.engine.error.BadFileException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

public final class CheckpointData {

    private final String source;
    private final Map<String, Object> entries = new LinkedHashMap<>();

    /** An empty checkpoint; {@code source} names it in errors (its file, or "checkpoint"). */
    public CheckpointData(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    /** Every entry in insertion order: float[], int[], long[], double[] or String values. */
    public Map<String, Object> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** Copies every entry of {@code other} into this one. */
    public void putAll(CheckpointData other) {
        entries.putAll(other.entries);
    }

    /** Removes an entry (no-op when absent). */
    public void remove(String name) {
        entries.remove(name);
    }

    public CheckpointData putFloats(String name, float[] v) {
        return put(name, v.clone());
    }

    public CheckpointData putInts(String name, int[] v) {
        return put(name, v.clone());
    }

    public CheckpointData putLongs(String name, long[] v) {
        return put(name, v.clone());
    }

    public CheckpointData putDoubles(String name, double[] v) {
        return put(name, v.clone());
    }

    public CheckpointData putString(String name, String v) {
        return put(name, v);
    }

    public CheckpointData putInt(String name, int v) {
        return put(name, new int[]{v});
    }

    public CheckpointData putLong(String name, long v) {
        return put(name, new long[]{v});
    }

    public CheckpointData putDouble(String name, double v) {
        return put(name, new double[]{v});
    }

    private CheckpointData put(String name, Object v) {
        if (name == null || name.isEmpty() || name.length() > 4096) {
            throw new IllegalArgumentException("checkpoint entry names must have 1..4096 characters");
        }
        entries.put(name, v);
        return this;
    }

    public float[] floats(String name) {
        return get(name, float[].class, "float array").clone();
    }

    /** The float array {@code name}, which must have {@code length} values. */
    public float[] floats(String name, int length) {
        float[] v = floats(name);
        if (v.length != length) {
            throw bad(name, "has " + v.length + " values, expected " + length);
        }
        return v;
    }

    public int[] ints(String name) {
        return get(name, int[].class, "int array").clone();
    }

    public long[] longs(String name) {
        return get(name, long[].class, "long array").clone();
    }

    public double[] doubles(String name) {
        return get(name, double[].class, "double array").clone();
    }

    public String string(String name) {
        return get(name, String.class, "string");
    }

    public int intValue(String name) {
        int[] v = get(name, int[].class, "int");
        if (v.length != 1) {
            throw bad(name, "has " + v.length + " values, expected one int");
        }
        return v[0];
    }

    public long longValue(String name) {
        long[] v = get(name, long[].class, "long");
        if (v.length != 1) {
            throw bad(name, "has " + v.length + " values, expected one long");
        }
        return v[0];
    }

    public double doubleValue(String name) {
        double[] v = get(name, double[].class, "double");
        if (v.length != 1) {
            throw bad(name, "has " + v.length + " values, expected one double");
        }
        return v[0];
    }

    /** A BadFileException naming this checkpoint and the entry. */
    public BadFileException bad(String name, String problem) {
        return new BadFileException(source, name, problem);
    }

    private <T> T get(String name, Class<T> type, String what) {
        Object v = entries.get(name);
        if (v == null) {
            throw bad(name, "missing (not a checkpoint of this kind of run?)");
        }
        if (!type.isInstance(v)) {
            throw bad(name, "is not a " + what);
        }
        return type.cast(v);
    }
}
