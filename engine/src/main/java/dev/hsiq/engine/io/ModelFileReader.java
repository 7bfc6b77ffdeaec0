/*
 * Decodes and validates a .hsiq file (layout in ModelFile), in three steps:
 *   1. the fixed header: magic (else "not a .hsiq model"), version, declared length against
 *      the real length (shorter: truncated);
 *   2. checksums: the file CRC over every byte but its own; on a mismatch, the first section
 *      whose own CRC fails is named, else the header or section table is blamed;
 *   3. content: every section in order, every count and size checked against the bytes left
 *      in its section before allocating, then the Model built from the parts (its record
 *      constructors check the rest: the spec, band counts, weight codes).
 * Every failure is a ModelFileException naming the file and the field.
 */
package dev.hsiq.engine.io;

import dev.hsiq.engine.json.Json;
import dev.hsiq.engine.json.JsonException;
import dev.hsiq.engine.json.JsonObject;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

final class ModelFileReader {

    /** Where one section lies: its header offset, payload length, tag. */
    record SectionRef(int index, int headerOffset, int payloadLength, String tag) {
        int payloadOffset() {
            return headerOffset + ModelFile.SECTION_HEADER_BYTES;
        }
    }

    private static final Set<String> HEADER_KEYS =
            Set.of("format", "quantization", "spec", "bands", "class_names", "metadata");

    private final byte[] data;
    private final String file;

    ModelFileReader(byte[] data, String file) {
        this.data = data;
        this.file = file;
    }

    private ModelFileException error(ModelFileException.Kind kind, String field, String problem) {
        return new ModelFileException(kind, file, field, problem);
    }

    Model read() {
        checkFixedHeader();
        checkChecksums();
        return parse();
    }

    // ------------------------------------------------------------------ 1. fixed header

    private void checkFixedHeader() {
        if (data.length == 0) {
            throw error(ModelFileException.Kind.TRUNCATED, "", "file is empty; a .hsiq model starts with a "
                    + ModelFile.FILE_HEADER_BYTES + "-byte header");
        }
        int n = Math.min(data.length, ModelFile.MAGIC.length);
        if (!Arrays.equals(data, 0, n, ModelFile.MAGIC, 0, n)) {
            throw error(ModelFileException.Kind.NOT_A_MODEL, "", "not a .hsiq model file: it starts with "
                    + hex(data, 0, n) + ", a .hsiq model with " + hex(ModelFile.MAGIC, 0, ModelFile.MAGIC.length));
        }
        if (data.length < ModelFile.FILE_HEADER_BYTES) {
            throw error(ModelFileException.Kind.TRUNCATED, "header", "file has " + data.length
                    + " bytes, the .hsiq header needs " + ModelFile.FILE_HEADER_BYTES);
        }
        long version = u32(data, 8);
        if (version != ModelFile.VERSION) {
            throw error(ModelFileException.Kind.UNSUPPORTED_VERSION, "header.version", "format version " + version
                    + " is not supported; this build reads version " + ModelFile.VERSION
                    + " (the file is from a newer hsiq, or corrupt)");
        }
        long declared = u64(data, 16);
        if (declared != data.length) {
            if (Long.compareUnsigned(declared, data.length) > 0) {
                throw error(ModelFileException.Kind.TRUNCATED, "header.length", "the header declares "
                        + Long.toUnsignedString(declared) + " bytes, the file has " + data.length + ": it is truncated");
            }
            throw error(ModelFileException.Kind.INVALID, "header.length", "the file has " + data.length
                    + " bytes, the header declares " + declared + " (unexpected trailing bytes, or a corrupt header)");
        }
    }

    // ------------------------------------------------------------------ 2. checksums

    /** CRC32C of the whole file except the 4 bytes of the file CRC field. */
    static long fileCrc(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, ModelFile.FILE_CRC_OFFSET);
        crc.update(b, ModelFile.FILE_CRC_OFFSET + 4, b.length - ModelFile.FILE_CRC_OFFSET - 4);
        return crc.getValue();
    }

    /** CRC32C of a section's header bytes [0, 12) and its payload. */
    static long sectionCrc(byte[] b, int headerOffset, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(b, headerOffset, 12);
        crc.update(b, headerOffset + ModelFile.SECTION_HEADER_BYTES, payloadLength);
        return crc.getValue();
    }

    /**
     * The sections as far as their headers and lengths fit in the file (at most the declared
     * count), without checking anything else: for locating damage and for resealing.
     */
    static List<SectionRef> walk(byte[] b) {
        List<SectionRef> out = new ArrayList<>();
        long count = u32(b, 24);
        long p = ModelFile.FILE_HEADER_BYTES;
        for (int i = 0; i < count && p + ModelFile.SECTION_HEADER_BYTES <= b.length; i++) {
            long len = u64(b, (int) p + 4);
            long left = b.length - p - ModelFile.SECTION_HEADER_BYTES;
            if (len < 0 || len > left) break;   // compared before adding: p + 16 + len could overflow
            out.add(new SectionRef(i, (int) p, (int) len, new String(b, (int) p, 4, StandardCharsets.ISO_8859_1)));
            p += ModelFile.SECTION_HEADER_BYTES + len;
        }
        return out;
    }

    private void checkChecksums() {
        long stored = u32(data, ModelFile.FILE_CRC_OFFSET);
        long computed = fileCrc(data);
        if (stored == computed) {
            return;
        }
        for (SectionRef s : walk(data)) {
            long sStored = u32(data, s.headerOffset() + 12);
            long sComputed = sectionCrc(data, s.headerOffset(), s.payloadLength());
            if (sStored != sComputed) {
                throw error(ModelFileException.Kind.CHECKSUM, "section " + describe(s), "CRC32C mismatch (stored "
                        + crcHex(sStored) + ", computed " + crcHex(sComputed) + ")");
            }
        }
        throw error(ModelFileException.Kind.CHECKSUM, "header", "file CRC32C mismatch (stored " + crcHex(stored)
                + ", computed " + crcHex(computed) + "): the file header or the section table is corrupt");
    }

    /** "'conv1.weight' (#3, tag QWTS at offset 1234)", with the stored name made printable. */
    private String describe(SectionRef s) {
        String name = "#" + s.index();
        int p = s.payloadOffset();
        if (s.payloadLength() >= 2) {
            int n = (data[p] & 0xFF) | (data[p + 1] & 0xFF) << 8;
            if (n <= s.payloadLength() - 2) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < Math.min(n, 64); i++) {
                    int c = data[p + 2 + i] & 0xFF;
                    sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
                }
                name = sb.toString();
            }
        }
        return "'" + name + "' (#" + s.index() + ", tag " + printable(s.tag()) + " at offset " + s.headerOffset() + ")";
    }

    // ------------------------------------------------------------------ 3. content

    private Model parse() {
        if (u32(data, 12) != 0) {
            throw error(ModelFileException.Kind.INVALID, "header.reserved", "must be 0, found " + u32(data, 12));
        }
        long count = u32(data, 24);
        long room = (data.length - ModelFile.FILE_HEADER_BYTES) / ModelFile.SECTION_HEADER_BYTES;
        if (count < 2 || count > room) {
            throw error(ModelFileException.Kind.INVALID, "header.sections", "section count " + count
                    + " is impossible: a model has at least a header and a normalization section, and "
                    + (data.length - ModelFile.FILE_HEADER_BYTES) + " bytes hold at most " + room + " sections");
        }
        JsonObject header = null;
        Normalization norm = null;
        Map<String, Tensor> params = new HashMap<>();
        Map<String, QuantizedWeights> qweights = new HashMap<>();
        Set<String> names = new HashSet<>();
        int p = ModelFile.FILE_HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            if ((long) p + ModelFile.SECTION_HEADER_BYTES > data.length) {
                throw error(ModelFileException.Kind.INVALID, "section #" + i, "section header at offset " + p
                        + " needs " + ModelFile.SECTION_HEADER_BYTES + " bytes, the file has " + data.length);
            }
            String tag = new String(data, p, 4, StandardCharsets.ISO_8859_1);
            long len = u64(data, p + 4);
            long left = data.length - (long) p - ModelFile.SECTION_HEADER_BYTES;
            if (len < 0 || len > left) {
                throw error(ModelFileException.Kind.INVALID, "section #" + i, "section at offset " + p + " declares "
                        + Long.toUnsignedString(len) + " payload bytes, the file has " + left + " left");
            }
            SectionRef s = new SectionRef(i, p, (int) len, tag);
            long stored = u32(data, p + 12);
            long computed = sectionCrc(data, p, s.payloadLength());
            if (stored != computed) {
                throw error(ModelFileException.Kind.CHECKSUM, "section " + describe(s), "CRC32C mismatch (stored "
                        + crcHex(stored) + ", computed " + crcHex(computed) + ")");
            }
            LittleEndianInput in = new LittleEndianInput(data, s.payloadOffset(), s.payloadOffset() + s.payloadLength(),
                    file, "section #" + i);
            int nameLength = in.u16("name length");
            if (nameLength == 0) {
                throw in.invalid("name", "is empty");
            }
            String name = in.utf8(nameLength, "name");
            in = new LittleEndianInput(data, in.position(), s.payloadOffset() + s.payloadLength(), file,
                    "section '" + printable(name) + "'");
            String expectedTag = i == 0 ? ModelFileWriter.TAG_HEAD : i == 1 ? ModelFileWriter.TAG_NORM : null;
            if (expectedTag != null && !tag.equals(expectedTag)) {
                throw in.invalid("tag", "section #" + i + " must have tag " + expectedTag + ", found " + printable(tag));
            }
            switch (tag) {
                case ModelFileWriter.TAG_HEAD -> {
                    if (i != 0) throw in.invalid("tag", "a second HEAD section (#" + i + ")");
                    expectName(in, name, "header");
                    header = header(in);
                }
                case ModelFileWriter.TAG_NORM -> {
                    if (i != 1) throw in.invalid("tag", "a second NORM section (#" + i + ")");
                    expectName(in, name, "normalization");
                    norm = normalization(in);
                }
                case ModelFileWriter.TAG_TENSOR, ModelFileWriter.TAG_QWEIGHTS -> {
                    if (!names.add(name)) {
                        throw in.invalid("name", "parameter '" + printable(name) + "' appears twice");
                    }
                    if (tag.equals(ModelFileWriter.TAG_TENSOR)) {
                        params.put(name, tensor(in));
                    } else {
                        qweights.put(name, quantized(in));
                    }
                }
                default -> throw in.invalid("tag", "unknown section tag '" + printable(tag)
                        + "' (known: HEAD, NORM, TF32, QWTS)");
            }
            in.expectEnd("");
            p = s.payloadOffset() + s.payloadLength();
        }
        if (p != data.length) {
            throw error(ModelFileException.Kind.INVALID, "header.sections", (data.length - p)
                    + " bytes after the last of " + count + " sections (offset " + p + ")");
        }
        return model(header, norm, params, qweights);
    }

    private static void expectName(LittleEndianInput in, String name, String expected) {
        if (!name.equals(expected)) {
            throw in.invalid("name", "must be '" + expected + "', found '" + printable(name) + "'");
        }
    }

    private JsonObject header(LittleEndianInput in) {
        String json = in.utf8(in.remaining(), "json");
        JsonObject h;
        try {
            h = new JsonObject("header", Json.parseObject(json));
        } catch (JsonException | IllegalArgumentException e) {
            throw in.invalid("json", e.getMessage());
        }
        for (String key : h.map().keySet()) {
            if (!HEADER_KEYS.contains(key)) {
                throw in.invalid("json", "unknown field '" + printable(key) + "' (known: " + HEADER_KEYS + ")");
            }
        }
        return h;
    }

    private static Normalization normalization(LittleEndianInput in) {
        int bands = in.u32In("bands", 1, Integer.MAX_VALUE);
        in.require(8L * bands, "low/high");
        float[] low = in.f32Array(bands, "low");
        float[] high = in.f32Array(bands, "high");
        try {
            return new Normalization(low, high);
        } catch (IllegalArgumentException e) {
            throw in.invalid("", e.getMessage());
        }
    }

    /**
     * Reads {@code rank} dimensions (each >= 1) and checks, after each one, that the elements
     * counted so far fit the bytes left: {@code fixedBytes(dims[0])} plus elementBits per
     * element, rounded up to bytes. Nothing of the declared size is allocated before that.
     */
    private static int[] dims(LittleEndianInput in, int rank, int elementBits, boolean perChannelFloat) {
        in.require(4L * rank, "shape");
        int[] dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = in.u32In("shape[" + d + "]", 1, Integer.MAX_VALUE);
            count *= dims[d];
            long needed = (perChannelFloat ? 4L * dims[0] : 0) + (count * elementBits + 7) / 8;
            if (needed > in.remaining() || count > Integer.MAX_VALUE - 8) {
                throw in.invalid("shape", "dimensions " + Arrays.toString(Arrays.copyOf(dims, d + 1)) + " need "
                        + needed + " bytes, only " + in.remaining() + " are left in the section");
            }
        }
        return dims;
    }

    private static int count(int[] dims) {
        long n = 1;
        for (int d : dims) n *= d;
        return (int) n;
    }

    private static Tensor tensor(LittleEndianInput in) {
        int rank = in.u8("rank");
        if (rank > ModelFileWriter.MAX_RANK) {
            throw in.invalid("rank", "value " + rank + " must be in 0.." + ModelFileWriter.MAX_RANK);
        }
        int[] dims = dims(in, rank, 32, false);
        float[] values = in.f32Array(count(dims), "data");
        return new Tensor(dims, values);
    }

    private static QuantizedWeights quantized(LittleEndianInput in) {
        int kind = in.u8("kind");
        int bits = in.u8("bits");
        WeightFormat format;
        try {
            format = switch (kind) {
                case 1 -> new WeightFormat(WeightFormat.Kind.BINARY, bits);
                case 2 -> new WeightFormat(WeightFormat.Kind.TERNARY, bits);
                case 3 -> new WeightFormat(WeightFormat.Kind.INT, bits);
                default -> throw new IllegalArgumentException("weight kind " + kind
                        + " is not 1 (binary), 2 (ternary) or 3 (m-bit)");
            };
        } catch (IllegalArgumentException e) {
            throw in.invalid("format", e.getMessage());
        }
        int rank = in.u8("rank");
        if (rank < 1 || rank > ModelFileWriter.MAX_RANK) {
            throw in.invalid("rank", "value " + rank + " must be in 1.." + ModelFileWriter.MAX_RANK);
        }
        int reserved = in.u8("reserved");
        if (reserved != 0) {
            throw in.invalid("reserved", "must be 0, found " + reserved);
        }
        int[] dims = dims(in, rank, CodePacking.fieldBits(format), true);
        float[] scales = in.f32Array(dims[0], "scales");
        byte[] codes = CodePacking.unpack(in, count(dims), format, "codes");
        try {
            return new QuantizedWeights(format, dims, codes, scales);
        } catch (IllegalArgumentException e) {
            throw in.invalid("", e.getMessage());
        }
    }

    private Model model(JsonObject h, Normalization norm, Map<String, Tensor> params,
                        Map<String, QuantizedWeights> qweights) {
        try {
            String format = h.string("format");
            if (!format.equals(ModelFile.FORMAT_NAME)) {
                throw error(ModelFileException.Kind.INVALID, "header.format", "must be \"" + ModelFile.FORMAT_NAME
                        + "\", found \"" + printable(format) + "\"");
            }
            String rules = h.string("quantization");
            if (!rules.equals(ModelFile.QUANTIZATION_RULES)) {
                throw error(ModelFileException.Kind.INVALID, "header.quantization", "rules \"" + printable(rules)
                        + "\" are not known to this build (it knows \"" + ModelFile.QUANTIZATION_RULES + "\")");
            }
            ModelSpec spec = ModelSpec.fromJson(h.object("spec"));
            int bands = h.intIn("bands", 1, Integer.MAX_VALUE);
            List<String> classNames = new ArrayList<>();
            for (Object o : h.array("class_names")) {
                if (!(o instanceof String s)) {
                    throw error(ModelFileException.Kind.INVALID, "header.class_names", "must hold strings only");
                }
                classNames.add(s);
            }
            Map<String, Object> metadata = h.object("metadata").map();
            return new Model(spec, bands, classNames, norm, params, qweights, metadata);
        } catch (ModelFileException e) {
            throw e;
        } catch (JsonException | IllegalArgumentException | ArithmeticException e) {
            throw error(ModelFileException.Kind.INVALID, "", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ helpers

    static long u32(byte[] b, int at) {
        long v = 0;
        for (int i = 3; i >= 0; i--) v = v << 8 | (b[at + i] & 0xFF);
        return v;
    }

    static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[at + i] & 0xFF);
        return v;
    }

    private static String hex(byte[] b, int from, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            if (i > from) sb.append(' ');
            sb.append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }

    private static String crcHex(long v) {
        return String.format("0x%08x", v);
    }

    /** The string with non-printable characters replaced, at most 64 characters. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 64); i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c != 0x7F && !Character.isSurrogate(c) ? c : '?');
        }
        return s.length() > 64 ? sb + "..." : sb.toString();
    }
}
