/*
 * Walks the element structure of a MAT level-5 file without decoding any array, so that
 * sizes can be checked against the bytes actually present before a decoder allocates
 * anything: a corrupt or hostile file that declares a 2^31-element array gets a
 * BadFileException naming the file and variable, never an OutOfMemoryError.
 *
 * Format (MathWorks, "MAT-File Format", level 5): a 128-byte header (116 bytes of text,
 * 8 bytes subsystem offset, version 0x0100, endian indicator "IM" or "MI"), then
 * top-level data elements, each an 8-byte tag (type, byte count) and its data, padded to
 * 8 bytes. miCOMPRESSED (15) elements hold a zlib stream that inflates to one miMATRIX
 * (14) element and carry no padding. A tag whose upper 16 bits are non-zero is a "small
 * data element": byte count in the upper half, data in the tag's last 4 bytes. Inside an
 * miMATRIX: array flags (miUINT32 x2: class in the low byte, complex 0x800, logical
 * 0x200), dimensions (miINT32), name (miINT8), then the real part, whose storage type may
 * differ from the class (MATLAB stores a double array of small integers as miUINT8).
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

final class Mat5Scanner {

    static final int HEADER_BYTES = 128;
    static final int MI_MATRIX = 14;
    static final int MI_COMPRESSED = 15;
    /** Enough inflated bytes to hold any array header (flags, up to 32 dims, 63-char name, data tag). */
    private static final int HEADER_PREFIX = 4096;

    private static final String[] CLASS_NAMES = {null, "cell", "struct", "object", "char", "sparse", "double",
            "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "function_handle",
            "opaque"};

    private final String file;
    private final byte[] bytes;
    private final ByteOrder order;

    private Mat5Scanner(String file, byte[] bytes, ByteOrder order) {
        this.file = file;
        this.bytes = bytes;
        this.order = order;
    }

    /** Byte order from the header's endian indicator, or a BadFileException if it is not level 5. */
    static ByteOrder headerOrder(String file, byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw new BadFileException(file, "header", "file has " + bytes.length
                    + " bytes; a MAT level-5 header alone has 128 (truncated or not a MAT file)");
        }
        if (bytes[126] == 'I' && bytes[127] == 'M') {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (bytes[126] == 'M' && bytes[127] == 'I') {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new BadFileException(file, "header", "no MAT level-5 endian indicator ('IM' or 'MI') at bytes 126-127");
    }

    /**
     * Lists the variables of a level-5 file. The element named {@code fullyCheck} (if any) is
     * also inflated to the end to prove its data is all there.
     */
    static List<MatVariableInfo> scan(String file, byte[] bytes, String fullyCheck) {
        Mat5Scanner s = new Mat5Scanner(file, bytes, headerOrder(file, bytes));
        return s.scanElements(fullyCheck);
    }

    /** What scan found, and a MAT file of the header and only the element holding the variable (null: none). */
    record Isolated(List<MatVariableInfo> vars, byte[] element) {
    }

    /**
     * scan, plus a MAT file of the 128-byte header and only the top-level element that holds
     * {@code variable}. The decoder is handed that file, so it never parses the other
     * elements: a malformed element elsewhere (one the scanner skips, such as a small data
     * element at top level) cannot make it allocate what the file does not hold.
     */
    static Isolated isolate(String file, byte[] bytes, String variable) {
        Mat5Scanner s = new Mat5Scanner(file, bytes, headerOrder(file, bytes));
        List<MatVariableInfo> vars = s.scanElements(variable);
        for (int i = 0; i < vars.size(); i++) {
            if (vars.get(i).name().equals(variable)) {
                long[] range = s.ranges.get(i);
                int from = (int) range[0];
                int to = (int) range[1];
                byte[] out = new byte[HEADER_BYTES + (to - from)];
                System.arraycopy(bytes, 0, out, 0, HEADER_BYTES);
                System.arraycopy(bytes, from, out, HEADER_BYTES, to - from);
                return new Isolated(vars, out);
            }
        }
        return new Isolated(vars, null);
    }

    /** Byte range [tag start, element end) of each variable scanElements returned, in order. */
    private final List<long[]> ranges = new ArrayList<>();

    private List<MatVariableInfo> scanElements(String fullyCheck) {
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(order);
        int version = bb.getShort(124) & 0xffff;
        if (version != 0x0100) {
            throw new BadFileException(file, "header", String.format("version 0x%04x; only MAT level 5 (0x0100) "
                    + "is read here", version));
        }
        List<MatVariableInfo> vars = new ArrayList<>();
        long pos = HEADER_BYTES;
        int index = 0;
        while (pos < bytes.length) {
            String where = "element #" + (index + 1) + " at offset " + pos;
            long left = bytes.length - pos;
            if (left < 8) {
                throw new BadFileException(file, where, "truncated tag (" + left + " bytes left, a tag has 8)");
            }
            int type = bb.getInt((int) pos);
            long length = bb.getInt((int) pos + 4) & 0xffffffffL;
            if ((type >>> 16) != 0) { // small data element at top level: nothing to decode
                pos += 8;
                index++;
                continue;
            }
            if (length > left - 8) {
                throw new BadFileException(file, where, "declares " + length + " bytes but only " + (left - 8)
                        + " remain (truncated or corrupt file)");
            }
            int start = (int) pos + 8;
            if (type == MI_COMPRESSED) {
                MatVariableInfo v = scanCompressed(where, start, (int) length, fullyCheck);
                if (v != null) {
                    vars.add(v);
                    ranges.add(new long[]{pos, start + length});
                }
                pos = start + length;
            } else {
                if (type == MI_MATRIX && length > 0) {
                    ByteBuffer m = ByteBuffer.wrap(bytes, start, (int) length).slice().order(order);
                    vars.add(parseMatrix(where, m, length));
                    ranges.add(new long[]{pos, Math.min(bytes.length, align8(start + length))});
                }
                pos = Math.min(bytes.length, align8(start + length));
            }
            index++;
        }
        return vars;
    }

    private MatVariableInfo scanCompressed(String where, int start, int length, String fullyCheck) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(bytes, start, length);
            byte[] tag = new byte[8];
            int got = inflateFully(inf, tag, 0, 8);
            if (got < 8) {
                throw new BadFileException(file, where, "compressed element inflates to " + got
                        + " bytes, not even a tag (truncated or corrupt)");
            }
            ByteBuffer t = ByteBuffer.wrap(tag).order(order);
            int innerType = t.getInt(0);
            long innerLength = t.getInt(4) & 0xffffffffL;
            if (innerType != MI_MATRIX) {
                throw new BadFileException(file, where, "compressed element holds data type " + innerType
                        + ", expected miMATRIX (14)");
            }
            if (innerLength == 0) {
                return null;
            }
            byte[] prefix = new byte[(int) Math.min(innerLength, HEADER_PREFIX)];
            int have = inflateFully(inf, prefix, 0, prefix.length);
            ByteBuffer m = ByteBuffer.wrap(prefix, 0, have).slice().order(order);
            MatVariableInfo info = parseMatrix(where, m, innerLength);
            if (info.name().equals(fullyCheck)) {
                long total = have;
                byte[] scratch = new byte[1 << 16];
                while (total < innerLength) {
                    int n = inflateFully(inf, scratch, 0, (int) Math.min(scratch.length, innerLength - total));
                    if (n == 0) {
                        break;
                    }
                    total += n;
                }
                if (total < innerLength) {
                    throw new BadFileException(file, info.name(), "compressed data ends after " + total + " of "
                            + innerLength + " bytes (truncated or corrupt file)");
                }
            }
            return info;
        } catch (DataFormatException e) {
            throw new BadFileException(file, where, "corrupt zlib stream: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    /** Inflates up to {@code n} bytes; returns fewer only when the stream or input ends. */
    private static int inflateFully(Inflater inf, byte[] out, int off, int n) throws DataFormatException {
        int done = 0;
        while (done < n) {
            int k = inf.inflate(out, off + done, n - done);
            if (k == 0) {
                if (inf.finished() || inf.needsInput() || inf.needsDictionary()) {
                    break;
                }
            }
            done += k;
        }
        return done;
    }

    /**
     * Parses an miMATRIX header from {@code m} (which may hold only a prefix of the element)
     * given the element's declared length, and checks the real part's declared size against
     * the dimensions and against the element.
     */
    private MatVariableInfo parseMatrix(String where, ByteBuffer m, long declared) {
        Cursor c = new Cursor(where, m, declared);
        Tag flagsTag = c.tag("array flags");
        if (flagsTag.type != 6 || flagsTag.length != 8) {
            throw new BadFileException(file, where, "array flags: expected miUINT32 x2, found type " + flagsTag.type
                    + " with " + flagsTag.length + " bytes");
        }
        int flags = c.intAt(flagsTag.dataPos);
        c.skip(flagsTag);
        int cls = flags & 0xff;
        boolean complex = (flags & 0x800) != 0;
        boolean logical = (flags & 0x200) != 0;
        String className = cls < CLASS_NAMES.length && CLASS_NAMES[cls] != null ? CLASS_NAMES[cls] : "class" + cls;

        Tag dimsTag = c.tag("dimensions");
        if (dimsTag.type != 5 || dimsTag.length < 8 || dimsTag.length % 4 != 0 || dimsTag.length > 4 * 64) {
            throw new BadFileException(file, where, "dimensions: expected miINT32 with 2 to 64 values, found type "
                    + dimsTag.type + " with " + dimsTag.length + " bytes");
        }
        int[] dims = new int[dimsTag.length / 4];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = c.intAt(dimsTag.dataPos + 4 * i);
            if (dims[i] < 0) {
                throw new BadFileException(file, where, "dimension " + (i + 1) + " is negative (" + dims[i] + ")");
            }
            elements *= dims[i];
        }
        c.skip(dimsTag);

        Tag nameTag = c.tag("name");
        if (nameTag.type != 1 && nameTag.type != 2) {
            throw new BadFileException(file, where, "array name: expected miINT8, found type " + nameTag.type);
        }
        if (nameTag.length > 256) {
            throw new BadFileException(file, where, "array name of " + nameTag.length + " bytes is implausible");
        }
        String name = new String(c.bytesAt(nameTag.dataPos, nameTag.length), StandardCharsets.ISO_8859_1);
        c.skip(nameTag);
        String field = name.isEmpty() ? where : name;

        String storage = null;
        if (cls >= 6 && cls <= 15) {
            if (elements > Integer.MAX_VALUE - 16) {
                throw new BadFileException(file, field, "dimensions " + shape(dims) + " hold " + elements
                        + " elements, more than one Java array can");
            }
            Tag real = c.tag("real part");
            int size = storageBytes(real.type);
            if (size == 0) {
                throw new BadFileException(file, field, "real part has data type " + real.type
                        + ", not a numeric MAT type");
            }
            storage = storageName(real.type);
            long needed = elements * size;
            if (real.length != needed) {
                throw new BadFileException(file, field, "real part holds " + real.length + " bytes but "
                        + shape(dims) + " " + storage + " values need " + needed);
            }
            if (real.dataPos + real.length > declared) {
                throw new BadFileException(file, field, "real part (" + real.length + " bytes) runs past the end of "
                        + "its array element (" + declared + " bytes)");
            }
        }
        if (elements > 0 && cls >= 6 && cls <= 15 && logical) {
            className = "logical";
        }
        return new MatVariableInfo(name, className, dims, storage, complex, logical);
    }

    private static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }

    private static long align8(long p) {
        return (p + 7) & ~7L;
    }

    /** Bytes per value of a numeric MAT data type, 0 if it is not one. */
    static int storageBytes(int miType) {
        return switch (miType) {
            case 1, 2 -> 1;
            case 3, 4 -> 2;
            case 5, 6, 7 -> 4;
            case 9, 12, 13 -> 8;
            default -> 0;
        };
    }

    static String storageName(int miType) {
        return switch (miType) {
            case 1 -> "int8";
            case 2 -> "uint8";
            case 3 -> "int16";
            case 4 -> "uint16";
            case 5 -> "int32";
            case 6 -> "uint32";
            case 7 -> "single";
            case 9 -> "double";
            case 12 -> "int64";
            case 13 -> "uint64";
            default -> "type" + miType;
        };
    }

    private record Tag(int type, int length, int dataPos, int next) {
    }

    /** Reads tags sequentially inside one array element, with bounds checks on every access. */
    private final class Cursor {
        private final String where;
        private final ByteBuffer m;
        private final long declared;
        private int pos;

        Cursor(String where, ByteBuffer m, long declared) {
            this.where = where;
            this.m = m;
            this.declared = declared;
        }

        Tag tag(String what) {
            need(pos, 8, what);
            int type = m.getInt(pos);
            if ((type >>> 16) != 0) {
                int length = type >>> 16;
                if (length > 4) {
                    throw new BadFileException(file, where, what + ": small data element claims " + length
                            + " bytes (at most 4)");
                }
                return new Tag(type & 0xffff, length, pos + 4, pos + 8);
            }
            long length = m.getInt(pos + 4) & 0xffffffffL;
            if (pos + 8 + length > declared) {
                throw new BadFileException(file, where, what + ": declares " + length + " bytes, past the end of its "
                        + "array element (" + declared + " bytes)");
            }
            return new Tag(type, (int) length, pos + 8, (int) Math.min(Integer.MAX_VALUE, align8(pos + 8 + length)));
        }

        void skip(Tag t) {
            pos = t.next;
        }

        int intAt(int p) {
            need(p, 4, "value");
            return m.getInt(p);
        }

        byte[] bytesAt(int p, int n) {
            need(p, n, "bytes");
            byte[] out = new byte[n];
            m.get(p, out);
            return out;
        }

        private void need(int p, int n, String what) {
            if (p < 0 || (long) p + n > m.limit()) {
                throw new BadFileException(file, where, what + ": array header truncated (needs bytes " + p + ".."
                        + (p + n) + ", element has " + Math.min(m.limit(), declared) + ")");
            }
        }
    }
}
