/*
 * A bounds-checked little-endian cursor over one region [start, end) of a model file's
 * bytes. Every read checks that the bytes are there first, and require(n) lets a caller
 * check a declared size against what is left BEFORE allocating anything of that size.
 * Errors are ModelFileExceptions naming the file, the field (section and value) and the
 * absolute offset.
 */
package dev.hsiq.engine.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

final class LittleEndianInput {

    private final byte[] data;
    private final String file;
    private final String where;
    private final int end;
    private int pos;

    LittleEndianInput(byte[] data, int start, int end, String file, String where) {
        this.data = data;
        this.pos = start;
        this.end = end;
        this.file = file;
        this.where = where;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    ModelFileException invalid(String field, String problem) {
        return new ModelFileException(ModelFileException.Kind.INVALID, file, where + (field.isEmpty() ? "" : "." + field),
                problem);
    }

    /** Fails unless {@code n} more bytes are available for {@code field}. */
    void require(long n, String field) {
        if (n < 0 || n > remaining()) {
            throw invalid(field, "needs " + n + " bytes at offset " + pos + ", but only " + remaining()
                    + " are left in the section");
        }
    }

    int u8(String field) {
        require(1, field);
        return data[pos++] & 0xFF;
    }

    int u16(String field) {
        require(2, field);
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit value as a long. */
    long u32(String field) {
        require(4, field);
        long v = ByteBuffer.wrap(data, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        pos += 4;
        return v;
    }

    /** A u32 that must lie in [min, max]. */
    int u32In(String field, long min, long max) {
        int at = pos;
        long v = u32(field);
        if (v < min || v > max) {
            throw invalid(field, "value " + v + " at offset " + at + " must be in " + min + ".." + max);
        }
        return (int) v;
    }

    /** Reads n floats after checking that 4 n bytes are left. */
    float[] f32Array(long n, String field) {
        require(4 * n, field);
        float[] out = new float[(int) n];
        ByteBuffer.wrap(data, pos, 4 * (int) n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        pos += 4 * (int) n;
        return out;
    }

    /** The next n bytes, not copied: the caller reads data()[position .. position + n). */
    int skip(long n, String field) {
        require(n, field);
        int at = pos;
        pos += (int) n;
        return at;
    }

    byte[] data() {
        return data;
    }

    /** Strict UTF-8 of the next n bytes. */
    String utf8(int n, String field) {
        int at = skip(n, field);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, at, n)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(field, "is not valid UTF-8 (offset " + at + ")");
        }
    }

    /** Fails unless the region is fully consumed. */
    void expectEnd(String field) {
        if (pos != end) {
            throw invalid(field, (end - pos) + " unexpected bytes at offset " + pos + " after the last value");
        }
    }
}
