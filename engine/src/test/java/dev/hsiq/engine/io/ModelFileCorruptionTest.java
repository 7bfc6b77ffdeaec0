/*
 * Integrity of the .hsiq container (issue 7 item 3): on a tiny model file, every single-bit
 * flip and every truncation is rejected with a ModelFileException (never another exception,
 * never a model); forged files whose checksums are right but whose content is wrong are
 * rejected with a message naming the field; huge declared sizes fail without allocating.
 */
package dev.hsiq.engine.io;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ModelFileCorruptionTest {

    private static final String TINY = """
            {"name": "t", "input": "spectrum", "layers": [
              {"type": "dense", "name": "fc1", "out": 3}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "name": "fc2", "out": "classes"}]}""";

    static Model tinyModel() {
        return TestModels.random(ModelSpec.fromJson(TINY, "t.json").resolve(2,
                QuantSettings.parseBits("2/t").withInputBits(4).withLastWeights(dev.hsiq.engine.model.WeightFormat.ofInt(3))),
                4, 1);
    }

    /** Reads bytes expecting rejection; returns the exception after checking its type and message form. */
    static ModelFileException rejected(byte[] bytes, String what) {
        Throwable t = catchThrowable(() -> ModelFile.fromBytes(bytes, "model.hsiq"));
        assertThat(t).as(what + ": a model was returned").isNotNull();
        assertThat(t).as(what).isExactlyInstanceOf(ModelFileException.class);
        assertThat(t.getMessage()).as(what).startsWith("model.hsiq: ");
        return (ModelFileException) t;
    }

    @Test
    void everySingleBitFlipIsRejected() {
        byte[] good = ModelFile.toBytes(tinyModel());
        assertThat(ModelFile.fromBytes(good, "model.hsiq")).isEqualTo(tinyModel());
        Map<ModelFileException.Kind, Integer> kinds = new EnumMap<>(ModelFileException.Kind.class);
        int sectionNamed = 0;
        for (int bit = 0; bit < good.length * 8; bit++) {
            byte[] b = good.clone();
            b[bit >>> 3] ^= (byte) (1 << (bit & 7));
            ModelFileException e = rejected(b, "flip of bit " + bit);
            kinds.merge(e.kind(), 1, Integer::sum);
            if (e.kind() == ModelFileException.Kind.INVALID) {
                // only a flip in the file length field can lower it below the real size ("trailing bytes")
                assertThat(bit >>> 3).as(e.getMessage()).isBetween(16, 23);
                assertThat(e.getMessage()).contains("header.length");
            }
            if (e.getMessage().contains(": section '")) sectionNamed++;
        }
        System.out.printf("bit flips: file of %d bytes, %d flips, all rejected: %s; %d name their section%n",
                good.length, good.length * 8, kinds, sectionNamed);
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] good = ModelFile.toBytes(tinyModel());
        for (int n = 0; n < good.length; n++) {
            ModelFileException e = rejected(java.util.Arrays.copyOf(good, n), "truncated to " + n);
            assertThat(e.kind()).isEqualTo(ModelFileException.Kind.TRUNCATED);
        }
        assertThat(rejected(new byte[0], "empty").getMessage()).isEqualTo(
                "model.hsiq: file is empty; a .hsiq model starts with a 32-byte header");
        assertThat(rejected(java.util.Arrays.copyOf(good, 20), "20").getMessage()).isEqualTo(
                "model.hsiq: header: file has 20 bytes, the .hsiq header needs 32");
        assertThat(rejected(java.util.Arrays.copyOf(good, 100), "100").getMessage()).isEqualTo(
                "model.hsiq: header.length: the header declares " + good.length + " bytes, the file has 100: it is truncated");
    }

    @Test
    void appendedBytesAreRejected() {
        byte[] good = ModelFile.toBytes(tinyModel());
        ModelFileException e = rejected(java.util.Arrays.copyOf(good, good.length + 3), "appended");
        assertThat(e.getMessage()).contains("the file has " + (good.length + 3) + " bytes, the header declares "
                + good.length);
    }

    @Test
    void otherFileTypesAreNotModels() {
        String[] starts = {"MATLAB 5.0 MAT-file, Platform: GLNXA64", "PK\u0003\u0004zipzipzip", "ENVI\ndescription = {",
                "\u0089HDF\r\n\u001a\n", "{\"format\": \"hsiq-model\"}"};
        for (String s : starts) {
            ModelFileException e = rejected(s.getBytes(StandardCharsets.ISO_8859_1), s);
            assertThat(e.kind()).isEqualTo(ModelFileException.Kind.NOT_A_MODEL);
            assertThat(e.getMessage()).contains("not a .hsiq model file: it starts with");
        }
        assertThat(rejected(new byte[]{(byte) 0x89, 'H', 'S'}, "magic prefix").kind())
                .isEqualTo(ModelFileException.Kind.TRUNCATED);
    }

    @Test
    void crcMismatchNamesTheSection() {
        byte[] good = ModelFile.toBytes(tinyModel());
        List<RawModelFile.Section> sections = RawModelFile.parse(good);
        int i = 0;
        while (!sections.get(i).name().equals("fc1.weight")) i++;
        int offset = 32;
        for (int k = 0; k < i; k++) offset += 16 + sections.get(k).payload().length;
        byte[] b = good.clone();
        b[offset + 16 + sections.get(i).payload().length - 1] ^= 0x10;   // last code byte of fc1.weight
        ModelFileException e = rejected(b, "flip in fc1.weight");
        assertThat(e.kind()).isEqualTo(ModelFileException.Kind.CHECKSUM);
        assertThat(e.getMessage()).matches("model\\.hsiq: section 'fc1\\.weight' \\(#" + i + ", tag QWTS at offset "
                + offset + "\\): CRC32C mismatch \\(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\\)");
        // a flip in the file header's section count is blamed on the header
        byte[] c = good.clone();
        c[24] ^= 0x40;
        assertThat(rejected(c, "count").getMessage()).contains("model.hsiq: header: file CRC32C mismatch");
        // a section CRC that is wrong although the file CRC is right (a broken writer)
        ModelFileException w = rejected(RawModelFile.build(1, sections, 1), "bad section CRC");
        assertThat(w.kind()).isEqualTo(ModelFileException.Kind.CHECKSUM);
        assertThat(w.getMessage()).contains("section 'normalization' (#1, tag NORM");
    }

    // ---------------------------------------------------------------- forged files, checksums correct

    private static byte[] forge(UnaryOperator<List<RawModelFile.Section>> change) {
        List<RawModelFile.Section> sections = new ArrayList<>(RawModelFile.parse(ModelFile.toBytes(tinyModel())));
        return RawModelFile.build(change.apply(sections));
    }

    private static int indexOf(List<RawModelFile.Section> s, String name) {
        for (int i = 0; i < s.size(); i++) if (s.get(i).name().equals(name)) return i;
        throw new AssertionError(name);
    }

    private static RawModelFile.Section section(String tag, String name, ByteBuffer body) {
        byte[] b = java.util.Arrays.copyOf(body.array(), body.position());
        return new RawModelFile.Section(tag, RawModelFile.payload(name, b));
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String header(List<RawModelFile.Section> s) {
        return new String(s.get(0).body(), StandardCharsets.UTF_8);
    }

    private static RawModelFile.Section head(String json) {
        return new RawModelFile.Section("HEAD", RawModelFile.payload("header", json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Bytes allocated by this thread while reading (HotSpot's per-thread counter). */
    private static long allocatedWhileRejecting(byte[] bytes) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        rejected(bytes, "allocation probe");
        return mx.getCurrentThreadAllocatedBytes() - before;
    }

    record Forged(String expected, byte[] bytes) {
    }

    @Test
    void forgedContentIsRejectedNamingTheField() {
        List<Forged> cases = new ArrayList<>();
        cases.add(new Forged("model.hsiq: section #3.name length: needs 2 bytes at offset", forge(s -> {
            s.set(3, new RawModelFile.Section(s.get(3).tag(), new byte[0]));
            return s;
        })));
        cases.add(new Forged("section 'fc1.bias'.shape: dimensions [2147483647] need 8589934588 bytes", forge(s -> {
            int i = indexOf(s, "fc1.bias");
            s.set(i, section("TF32", "fc1.bias", le(64).put((byte) 1).putInt(Integer.MAX_VALUE).putFloat(1f)));
            return s;
        })));
        cases.add(new Forged("section 'fc1.bias'.shape: dimensions [2, 2147483647] need 17179869176 bytes", forge(s -> {
            int i = indexOf(s, "fc1.bias");
            s.set(i, section("TF32", "fc1.bias", le(64).put((byte) 2).putInt(2).putInt(Integer.MAX_VALUE)
                    .putFloat(1f).putFloat(2f)));
            return s;
        })));
        cases.add(new Forged("section 'fc1.bias'.rank: value 9 must be in 0..8", forge(s -> {
            s.set(indexOf(s, "fc1.bias"), section("TF32", "fc1.bias", le(8).put((byte) 9)));
            return s;
        })));
        cases.add(new Forged("section 'normalization'.low/high: needs 17179869176 bytes", forge(s -> {
            s.set(1, section("NORM", "normalization", le(16).putInt(Integer.MAX_VALUE).putFloat(0f)));
            return s;
        })));
        cases.add(new Forged("section 'fc1.weight'.codes: code 0 has the field value 10, which is not a valid t weight code",
                forge(s -> {
                    int i = indexOf(s, "fc1.weight");
                    byte[] p = s.get(i).payload().clone();
                    int codesAt = p.length - 3;                  // 12 ternary codes in 3 bytes
                    p[codesAt] = (byte) ((p[codesAt] & ~3) | 2);
                    s.set(i, new RawModelFile.Section("QWTS", p));
                    return s;
                })));
        cases.add(new Forged("section 'fc2.weight'.codes: unused bit 7 of the last code byte", forge(s -> {
            int i = indexOf(s, "fc2.weight");             // 2 x 3 codes of 3 bits: 18 bits in 3 bytes
            byte[] p = s.get(i).payload().clone();
            p[p.length - 1] |= (byte) 0x80;
            s.set(i, new RawModelFile.Section("QWTS", p));
            return s;
        })));
        cases.add(new Forged("section 'fc2.weight'.format: weight kind 7 is not 1 (binary), 2 (ternary) or 3 (m-bit)",
                forge(s -> {
                    int i = indexOf(s, "fc2.weight");
                    byte[] p = s.get(i).payload().clone();
                    p[2 + "fc2.weight".length()] = 7;
                    s.set(i, new RawModelFile.Section("QWTS", p));
                    return s;
                })));
        cases.add(new Forged("section 'fc2.weight'.format: integer weights take 2 to 8 bits, not 9", forge(s -> {
            int i = indexOf(s, "fc2.weight");
            byte[] p = s.get(i).payload().clone();
            p[3 + "fc2.weight".length()] = 9;
            s.set(i, new RawModelFile.Section("QWTS", p));
            return s;
        })));
        cases.add(new Forged("section 'zz'.tag: unknown section tag 'ZZZZ'", forge(s -> {
            s.add(new RawModelFile.Section("ZZZZ", RawModelFile.payload("zz", new byte[4])));
            return s;
        })));
        cases.add(new Forged("section 'fc1.bias'.name: parameter 'fc1.bias' appears twice", forge(s -> {
            s.add(s.get(indexOf(s, "fc1.bias")));
            return s;
        })));
        cases.add(new Forged("section 'fc1.bias'.tag: section #0 must have tag HEAD, found TF32", forge(s -> {
            s.set(0, s.get(indexOf(s, "fc1.bias")));
            return s;
        })));
        cases.add(new Forged("section #2.name: is not valid UTF-8", forge(s -> {
            s.set(2, new RawModelFile.Section("TF32", new byte[]{2, 0, (byte) 0xC3, (byte) 0x28}));
            return s;
        })));
        cases.add(new Forged("section 'header'.json: JSON: expected ',' or '}'", forge(s -> {
            s.set(0, head(header(s).replaceFirst(",", ";")));
            return s;
        })));
        cases.add(new Forged("section 'header'.json: unknown field 'extra'", forge(s -> {
            s.set(0, head(header(s).replaceFirst("\\{", "{\"extra\": 1,")));
            return s;
        })));
        cases.add(new Forged("model.hsiq: header.quantization: rules \"hsiq-quant-0\" are not known to this build", forge(s -> {
            s.set(0, head(header(s).replace("hsiq-quant-1", "hsiq-quant-0")));
            return s;
        })));
        cases.add(new Forged("normalization has 4 bands, the model 5", forge(s -> {
            s.set(0, head(header(s).replace("\"bands\": 4", "\"bands\": 5")));
            return s;
        })));
        cases.add(new Forged("spec still has unresolved placeholders", forge(s -> {
            s.set(0, head(header(s).replaceFirst("\"out\": 2", "\"out\": \"classes\"")));
            return s;
        })));
        cases.add(new Forged("model.hsiq: header.sections: 5 bytes after the last of", forge(s -> {
            RawModelFile.Section last = s.get(s.size() - 1);
            s.set(s.size() - 1, last);
            return s;
        })));
        // the last case is fixed up below: trailing bytes inside the declared length
        byte[] trailing = cases.get(cases.size() - 1).bytes();
        byte[] longer = java.util.Arrays.copyOf(trailing, trailing.length + 5);
        ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN).putLong(16, longer.length);
        cases.set(cases.size() - 1, new Forged(cases.get(cases.size() - 1).expected(), ModelFile.resealed(longer)));

        for (Forged f : cases) {
            ModelFileException e = rejected(f.bytes(), f.expected());
            assertThat(e.getMessage()).as(f.expected()).contains(f.expected());
            if (!f.expected().contains("CRC")) {
                assertThat(e.kind()).as(f.expected()).isEqualTo(ModelFileException.Kind.INVALID);
            }
        }
    }

    @Test
    void hugeDeclaredSizesDoNotAllocate() {
        byte[] good = ModelFile.toBytes(tinyModel());
        List<byte[]> forged = new ArrayList<>();
        // section count 2^32 - 1
        byte[] a = good.clone();
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putInt(24, -1);
        forged.add(ModelFile.resealed(a));
        // first section payload length 2^63 - 1 and 2^64 - 1
        for (long len : new long[]{Long.MAX_VALUE, -1L}) {
            byte[] b = good.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(32 + 4, len);
            forged.add(ModelFile.resealed(b));
        }
        // a tensor of 2^31 - 1 floats, a quantized weight of 2^31 - 1 x 2^31 - 1 codes, 2^31 - 1 bands
        forged.add(forge(s -> {
            s.set(indexOf(s, "fc1.bias"), section("TF32", "fc1.bias", le(64).put((byte) 1).putInt(Integer.MAX_VALUE)));
            return s;
        }));
        forged.add(forge(s -> {
            s.set(indexOf(s, "fc1.weight"), section("QWTS", "fc1.weight", le(64).put((byte) 3).put((byte) 8).put((byte) 2)
                    .put((byte) 0).putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE)));
            return s;
        }));
        forged.add(forge(s -> {
            s.set(1, section("NORM", "normalization", le(16).putInt(Integer.MAX_VALUE)));
            return s;
        }));
        assertThat(rejected(forged.get(1), "huge length").getMessage()).isEqualTo("model.hsiq: section #0: section at offset 32"
                + " declares 9223372036854775807 payload bytes, the file has " + (good.length - 48) + " left");
        assertThat(rejected(forged.get(2), "huge length").getMessage()).contains("declares 18446744073709551615 payload bytes");
        for (byte[] f : forged) {
            long allocated = allocatedWhileRejecting(f);
            assertThat(allocated).as("bytes allocated while rejecting a %d-byte file", f.length)
                    .isLessThan(1_000_000L);
        }
    }

    @Test
    void unsupportedVersionsAndReservedFields() {
        List<RawModelFile.Section> sections = RawModelFile.parse(ModelFile.toBytes(tinyModel()));
        ModelFileException v = rejected(RawModelFile.build(2, sections, -1), "version 2");
        assertThat(v.kind()).isEqualTo(ModelFileException.Kind.UNSUPPORTED_VERSION);
        assertThat(v.getMessage()).isEqualTo("model.hsiq: header.version: format version 2 is not supported; "
                + "this build reads version 1 (the file is from a newer hsiq, or corrupt)");
        byte[] r = ModelFile.toBytes(tinyModel());
        r[12] = 1;
        assertThat(rejected(ModelFile.resealed(r), "reserved").getMessage())
                .isEqualTo("model.hsiq: header.reserved: must be 0, found 1");
    }
}
