/*
 * Encodes a Model in the .hsiq layout (see ModelFile for the byte layout): the file header
 * with placeholders, then HEAD, NORM and the parameter sections in name order, then the file
 * length, section count and file CRC patched into the header.
 */
package dev.hsiq.engine.io;

import dev.hsiq.engine.json.Json;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32C;

final class ModelFileWriter {

    static final String TAG_HEAD = "HEAD";
    static final String TAG_NORM = "NORM";
    static final String TAG_TENSOR = "TF32";
    static final String TAG_QWEIGHTS = "QWTS";
    static final int MAX_RANK = 8;

    private ModelFileWriter() {
    }

    static byte[] write(Model model) {
        for (String name : model.params().keySet()) {
            if (model.qweights().containsKey(name)) {
                throw new IllegalArgumentException("model " + model.spec().name() + ": parameter '" + name
                        + "' is both a float tensor and quantized weights");
            }
        }
        LittleEndianOutput out = new LittleEndianOutput();
        out.bytes(ModelFile.MAGIC);
        out.u32(ModelFile.VERSION);
        out.u32(0);
        out.u64(0);  // file length, patched below
        out.u32(0);  // section count, patched below
        out.u32(0);  // file CRC, patched below
        int sections = 0;

        LittleEndianOutput head = payload("header");
        head.bytes(Json.writeTyped(header(model)).getBytes(StandardCharsets.UTF_8));
        section(out, TAG_HEAD, head);
        sections++;

        LittleEndianOutput norm = payload("normalization");
        float[] low = model.normalization().low();
        float[] high = model.normalization().high();
        norm.u32(low.length);
        for (float v : low) norm.f32(v);
        for (float v : high) norm.f32(v);
        section(out, TAG_NORM, norm);
        sections++;

        TreeSet<String> names = new TreeSet<>(model.params().keySet());
        names.addAll(model.qweights().keySet());
        for (String name : names) {
            Tensor t = model.params().get(name);
            if (t != null) {
                section(out, TAG_TENSOR, tensor(name, t));
            } else {
                section(out, TAG_QWEIGHTS, quantized(name, model.qweights().get(name)));
            }
            sections++;
        }

        out.putU64(16, out.size());
        out.putU32(24, sections);
        byte[] bytes = out.toByteArray();
        long crc = ModelFileReader.fileCrc(bytes);
        for (int i = 0; i < 4; i++) bytes[ModelFile.FILE_CRC_OFFSET + i] = (byte) (crc >>> (8 * i));
        return bytes;
    }

    private static Map<String, Object> header(Model model) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("format", ModelFile.FORMAT_NAME);
        h.put("quantization", ModelFile.QUANTIZATION_RULES);
        h.put("spec", model.spec().toJson());
        h.put("bands", (long) model.bands());
        h.put("class_names", model.classNames());
        h.put("metadata", model.metadata());
        return h;
    }

    private static LittleEndianOutput payload(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length == 0 || utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("parameter name '" + name + "' must take 1 to 65535 UTF-8 bytes");
        }
        LittleEndianOutput p = new LittleEndianOutput();
        p.u16(utf8.length);
        p.bytes(utf8);
        return p;
    }

    private static LittleEndianOutput tensor(String name, Tensor t) {
        int[] shape = t.shape();
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("parameter '" + name + "' has rank " + shape.length + ", at most "
                    + MAX_RANK + " can be stored");
        }
        LittleEndianOutput p = payload(name);
        p.u8(shape.length);
        for (int d : shape) p.u32(d);
        for (float v : t.data()) p.f32(v);
        return p;
    }

    private static LittleEndianOutput quantized(String name, QuantizedWeights q) {
        int[] shape = q.shape();
        if (shape.length < 1 || shape.length > MAX_RANK) {
            throw new IllegalArgumentException("quantized weight '" + name + "' has rank " + shape.length
                    + ", 1 to " + MAX_RANK + " can be stored");
        }
        LittleEndianOutput p = payload(name);
        p.u8(kindCode(q.format()));
        p.u8(q.format().bits());
        p.u8(shape.length);
        p.u8(0);
        for (int d : shape) p.u32(d);
        for (float s : q.scales()) p.f32(s);
        p.bytes(CodePacking.pack(q.codes(), q.format()));
        return p;
    }

    static int kindCode(WeightFormat f) {
        return switch (f.kind()) {
            case BINARY -> 1;
            case TERNARY -> 2;
            case INT -> 3;
            case FLOAT -> throw new IllegalArgumentException("float weights are stored as TF32 tensors");
        };
    }

    private static void section(LittleEndianOutput out, String tag, LittleEndianOutput payload) {
        byte[] body = payload.toByteArray();
        byte[] header = new byte[ModelFile.SECTION_HEADER_BYTES];
        byte[] tagBytes = tag.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tagBytes, 0, header, 0, 4);
        for (int i = 0; i < 8; i++) header[4 + i] = (byte) ((long) body.length >>> (8 * i));
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 12);
        crc.update(body);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) header[12 + i] = (byte) (v >>> (8 * i));
        out.bytes(header);
        out.bytes(body);
    }
}
