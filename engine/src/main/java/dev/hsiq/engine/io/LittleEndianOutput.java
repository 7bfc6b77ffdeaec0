/* A growable little-endian byte buffer for building a model file in memory. */
package dev.hsiq.engine.io;

import java.util.Arrays;

final class LittleEndianOutput {

    private byte[] buf = new byte[1024];
    private int size;

    private void ensure(int more) {
        long need = (long) size + more;
        if (need > ModelFile.MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the model file would exceed " + ModelFile.MAX_FILE_BYTES + " bytes");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(ModelFile.MAX_FILE_BYTES, Math.max(need, 2L * buf.length)));
        }
    }

    int size() {
        return size;
    }

    void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
    }

    void u32(long v) {
        ensure(4);
        putU32(size, v);
        size += 4;
    }

    void u64(long v) {
        ensure(8);
        putU64(size, v);
        size += 8;
    }

    void f32(float v) {
        u32(Float.floatToRawIntBits(v) & 0xFFFFFFFFL);
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    void putU32(int at, long v) {
        for (int i = 0; i < 4; i++) buf[at + i] = (byte) (v >>> (8 * i));
    }

    void putU64(int at, long v) {
        for (int i = 0; i < 8; i++) buf[at + i] = (byte) (v >>> (8 * i));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
