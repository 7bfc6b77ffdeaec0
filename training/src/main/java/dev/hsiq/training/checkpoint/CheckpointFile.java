/*
 * The training checkpoint file (DIR/checkpoint.bin of `hsiq train --out DIR`): a
 * CheckpointData's entries, little-endian, no padding, no Java serialization.
 *
 * Header, 32 bytes:
 *   offset size  field
 *    0      8    magic 89 48 53 49 51 43 4B 1A ("\x89HSIQCK\x1A")
 *    8      4    format version, u32 = 1
 *   12      4    entry count, u32
 *   16      8    file length in bytes, u64 (must equal the file's size)
 *   24      4    reserved, u32 = 0
 *   28      4    CRC32C over bytes [0, 28) and [32, file length): every byte but itself
 * then the entries back to back up to the end of the file. Entry:
 *   u16 name length n (1..4096), n bytes of UTF-8 name,
 *   u8 type: 1 f32, 2 i32, 3 i64, 4 f64 (arrays), 5 UTF-8 string,
 *   u32 count (elements; bytes for a string), then the values.
 *
 * The length and CRC are checked before anything is interpreted, so a truncated or
 * damaged file (a crash during a copy, a bad disk) is refused with a message naming the
 * file; every count is checked against the bytes left before anything is allocated.
 * Writing goes through AtomicFiles (temporary file in the same directory, fsync, atomic
 * move), so a process killed while saving leaves the previous checkpoint intact.
 */
package dev.hsiq.training.checkpoint;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.engine.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32C;

public final class CheckpointFile {

    static final byte[] MAGIC = {(byte) 0x89, 'H', 'S', 'I', 'Q', 'C', 'K', 0x1A};
    static final int VERSION = 1;
    static final int HEADER_BYTES = 32;
    static final int CRC_OFFSET = 28;
    /** The largest checkpoint this build reads or writes (a Java array's limit). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 64;

    private static final byte F32 = 1;
    private static final byte I32 = 2;
    private static final byte I64 = 3;
    private static final byte F64 = 4;
    private static final byte UTF8 = 5;

    private CheckpointFile() {
    }

    /** Writes {@code data} to {@code path} atomically. */
    public static void write(CheckpointData data, Path path) {
        AtomicFiles.write(path, toBytes(data));
    }

    /** Reads a checkpoint; every problem is an exception naming the file. */
    public static CheckpointData read(Path path) {
        String name = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new HsiqException(name + ": no such checkpoint file");
        }
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new BadFileException(name, "", "has " + size + " bytes, more than a checkpoint may have");
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new BadFileException(name, "", "cannot read: " + e, e);
        }
        return fromBytes(bytes, name);
    }

    /** Encodes the entries of {@code data}. */
    public static byte[] toBytes(CheckpointData data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> e : data.entries().entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            Object v = e.getValue();
            byte type;
            int count;
            ByteBuffer values;
            switch (v) {
                case float[] a -> {
                    type = F32;
                    count = a.length;
                    values = buffer(4L * a.length);
                    values.asFloatBuffer().put(a);
                }
                case int[] a -> {
                    type = I32;
                    count = a.length;
                    values = buffer(4L * a.length);
                    values.asIntBuffer().put(a);
                }
                case long[] a -> {
                    type = I64;
                    count = a.length;
                    values = buffer(8L * a.length);
                    values.asLongBuffer().put(a);
                }
                case double[] a -> {
                    type = F64;
                    count = a.length;
                    values = buffer(8L * a.length);
                    values.asDoubleBuffer().put(a);
                }
                case String s -> {
                    byte[] utf = s.getBytes(StandardCharsets.UTF_8);
                    type = UTF8;
                    count = utf.length;
                    values = ByteBuffer.wrap(utf);
                }
                default -> throw new IllegalArgumentException("checkpoint entry " + e.getKey() + " has type "
                        + v.getClass().getSimpleName());
            }
            ByteBuffer head = buffer(2 + name.length + 1 + 4);
            head.putShort((short) name.length).put(name).put(type).putInt(count);
            body.writeBytes(head.array());
            body.writeBytes(values.array());
        }
        byte[] entries = body.toByteArray();
        long length = (long) HEADER_BYTES + entries.length;
        if (length > MAX_BYTES) {
            throw new HsiqException("a checkpoint of " + length + " bytes is too large");
        }
        ByteBuffer out = buffer(length);
        out.put(MAGIC).putInt(VERSION).putInt(data.entries().size()).putLong(length).putInt(0).putInt(0);
        out.put(entries);
        byte[] bytes = out.array();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(CRC_OFFSET, (int) crc(bytes));
        return bytes;
    }

    /** Decodes checkpoint bytes; {@code name} names the file in errors. */
    public static CheckpointData fromBytes(byte[] bytes, String name) {
        if (bytes.length < HEADER_BYTES) {
            throw new BadFileException(name, "", "truncated: " + bytes.length + " bytes, a checkpoint has at least "
                    + HEADER_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new BadFileException(name, "", "not an hsiq training checkpoint (bad magic)");
            }
        }
        int version = b.getInt(8);
        long length = b.getLong(16);
        if (length != bytes.length) {
            throw new BadFileException(name, "", length > bytes.length
                    ? "truncated: the header says " + length + " bytes, the file has " + bytes.length
                    : "damaged: the header says " + length + " bytes, the file has " + bytes.length);
        }
        long stored = b.getInt(CRC_OFFSET) & 0xffffffffL;
        if (stored != crc(bytes)) {
            throw new BadFileException(name, "", "damaged: CRC32C mismatch (the file was changed or cut after it "
                    + "was written)");
        }
        if (version != VERSION) {
            throw new BadFileException(name, "", "checkpoint format version " + version + ", this build reads "
                    + VERSION);
        }
        int count = b.getInt(12);
        CheckpointData data = new CheckpointData(name);
        b.position(HEADER_BYTES);
        for (int k = 0; k < count; k++) {
            String where = "entry " + (k + 1) + " of " + count;
            need(b, 2, name, where);
            int nameLength = Short.toUnsignedInt(b.getShort());
            if (nameLength < 1 || nameLength > 4096) {
                throw new BadFileException(name, where, "name length " + nameLength + " is not in 1..4096");
            }
            need(b, nameLength + 5L, name, where);
            byte[] nameBytes = new byte[nameLength];
            b.get(nameBytes);
            String entry = utf8(nameBytes, name, where);
            byte type = b.get();
            long n = b.getInt() & 0xffffffffL;
            long width = switch (type) {
                case F32, I32 -> 4;
                case I64, F64 -> 8;
                case UTF8 -> 1;
                default -> throw new BadFileException(name, entry, "unknown value type " + type);
            };
            need(b, n * width, name, entry);
            int m = (int) n;
            switch (type) {
                case F32 -> {
                    float[] a = new float[m];
                    b.asFloatBuffer().get(a);
                    data.putFloats(entry, a);
                }
                case I32 -> {
                    int[] a = new int[m];
                    b.asIntBuffer().get(a);
                    data.putInts(entry, a);
                }
                case I64 -> {
                    long[] a = new long[m];
                    b.asLongBuffer().get(a);
                    data.putLongs(entry, a);
                }
                case F64 -> {
                    double[] a = new double[m];
                    b.asDoubleBuffer().get(a);
                    data.putDoubles(entry, a);
                }
                default -> {
                    byte[] s = new byte[m];
                    b.get(s);
                    data.putString(entry, utf8(s, name, entry));
                }
            }
            if (type != UTF8) {
                b.position(b.position() + (int) (n * width));
            }
            if (data.entries().size() != k + 1) {
                throw new BadFileException(name, entry, "appears twice");
            }
        }
        if (b.hasRemaining()) {
            throw new BadFileException(name, "", b.remaining() + " bytes after the last of " + count + " entries");
        }
        return data;
    }

    private static void need(ByteBuffer b, long bytes, String name, String where) {
        if (bytes > b.remaining()) {
            throw new BadFileException(name, where, "needs " + bytes + " bytes, only " + b.remaining() + " are left");
        }
    }

    private static String utf8(byte[] bytes, String name, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadFileException(name, where, "is not valid UTF-8");
        }
    }

    private static ByteBuffer buffer(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, CRC_OFFSET);
        c.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        return c.getValue();
    }
}
