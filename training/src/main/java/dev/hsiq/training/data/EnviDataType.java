/*
 * ENVI "data type" codes hsiq reads and writes: 1 uint8, 2 int16, 3 int32, 4 float32,
 * 5 float64, 12 uint16 (the codes of the ENVI header format; complex types 6 and 9 and
 * the 64-bit integer types are not supported).
 */
package dev.hsiq.training.data;

import java.nio.ByteBuffer;

public enum EnviDataType {
    UINT8(1, 1),
    INT16(2, 2),
    INT32(3, 4),
    FLOAT32(4, 4),
    FLOAT64(5, 8),
    UINT16(12, 2);

    private final int code;
    private final int bytes;

    EnviDataType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public int code() {
        return code;
    }

    public int bytes() {
        return bytes;
    }

    /** The type for an ENVI code, or null if hsiq does not support it. */
    public static EnviDataType ofCode(int code) {
        for (EnviDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** Reads one value at the buffer's absolute position {@code pos}. */
    float read(ByteBuffer bb, int pos) {
        return switch (this) {
            case UINT8 -> bb.get(pos) & 0xff;
            case INT16 -> bb.getShort(pos);
            case INT32 -> bb.getInt(pos);
            case FLOAT32 -> bb.getFloat(pos);
            case FLOAT64 -> (float) bb.getDouble(pos);
            case UINT16 -> bb.getShort(pos) & 0xffff;
        };
    }

    /** Writes one value (rounded and range-checked by the caller for integer types). */
    void write(ByteBuffer bb, float v) {
        switch (this) {
            case UINT8 -> bb.put((byte) (int) v);
            case INT16 -> bb.putShort((short) (int) v);
            case INT32 -> bb.putInt((int) v);
            case FLOAT32 -> bb.putFloat(v);
            case FLOAT64 -> bb.putDouble(v);
            case UINT16 -> bb.putShort((short) (int) v);
        }
    }

    /** Whether {@code v} is exactly representable in this type. */
    boolean holds(float v) {
        return switch (this) {
            case UINT8 -> v == Math.rint(v) && v >= 0 && v <= 255;
            case INT16 -> v == Math.rint(v) && v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case INT32 -> v == Math.rint(v) && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case UINT16 -> v == Math.rint(v) && v >= 0 && v <= 65535;
            case FLOAT32, FLOAT64 -> true;
        };
    }
}
