/*
 * A test-side, independent reading of the .hsiq layout (ModelFile's file comment): splits a
 * valid file into (tag, payload) sections and builds files from sections with correct lengths
 * and CRCs, so tests can forge files whose checksums are right but whose content is wrong.
 */
package dev.hsiq.engine.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

final class RawModelFile {

    record Section(String tag, byte[] payload) {
        String name() {
            int n = (payload[0] & 0xFF) | (payload[1] & 0xFF) << 8;
            return new String(payload, 2, n, StandardCharsets.UTF_8);
        }

        /** The body after the name. */
        byte[] body() {
            int n = (payload[0] & 0xFF) | (payload[1] & 0xFF) << 8;
            return java.util.Arrays.copyOfRange(payload, 2 + n, payload.length);
        }
    }

    private RawModelFile() {
    }

    static List<Section> parse(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int count = b.getInt(24);
        List<Section> out = new ArrayList<>();
        int p = 32;
        for (int i = 0; i < count; i++) {
            String tag = new String(file, p, 4, StandardCharsets.US_ASCII);
            int len = (int) b.getLong(p + 4);
            out.add(new Section(tag, java.util.Arrays.copyOfRange(file, p + 16, p + 16 + len)));
            p += 16 + len;
        }
        return out;
    }

    static byte[] payload(String name, byte[] body) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + n.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) n.length).put(n).put(body);
        return b.array();
    }

    static byte[] build(List<Section> sections) {
        return build(1, sections, -1);
    }

    /** Builds a file; the section at index {@code badCrc} (if >= 0) gets a wrong section CRC. */
    static byte[] build(int version, List<Section> sections, int badCrc) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            h.put(s.tag().getBytes(StandardCharsets.US_ASCII)).putLong(s.payload().length);
            CRC32C crc = new CRC32C();
            crc.update(h.array(), 0, 12);
            crc.update(s.payload());
            h.putInt((int) crc.getValue() + (i == badCrc ? 1 : 0));
            body.writeBytes(h.array());
            body.writeBytes(s.payload());
        }
        byte[] rest = body.toByteArray();
        ByteBuffer f = ByteBuffer.allocate(32 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        f.put(ModelFile.MAGIC).putInt(version).putInt(0).putLong(32 + rest.length).putInt(sections.size()).putInt(0);
        f.put(rest);
        byte[] out = f.array();
        CRC32C crc = new CRC32C();
        crc.update(out, 0, 28);
        crc.update(out, 32, out.length - 32);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(28, (int) crc.getValue());
        return out;
    }
}
