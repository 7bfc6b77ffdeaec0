/*
 * The .hsiq model file: one container for float and quantized models (issue 5 item 2,
 * issue 7 item 3). Everything little-endian, no padding, no Java serialization.
 *
 * File header, 32 bytes:
 *   offset size  field
 *    0      8    magic 89 48 53 49 51 0D 0A 1A ("\x89HSIQ\r\n\x1A": binary, catches text-mode mangling)
 *    8      4    format version, u32 = 1
 *   12      4    reserved, u32 = 0
 *   16      8    file length in bytes, u64 (must equal the file's size)
 *   24      4    section count, u32
 *   28      4    file CRC32C over bytes [0, 28) and [32, file length): every byte but itself
 * then the sections, back to back up to the end of the file. Section:
 *    0      4    tag, 4 ASCII bytes: HEAD, NORM, TF32, QWTS
 *    4      8    payload length n, u64
 *   12      4    section CRC32C over this header's bytes [0, 12) and the payload
 *   16      n    payload: u16 name length, the name in UTF-8, then the body
 * Bodies:
 *   HEAD "header" (first section): UTF-8 JSON {"format": "hsiq-model", "quantization":
 *        "hsiq-quant-1", "spec": ModelSpec.toJson(), "bands": B, "class_names": [...],
 *        "metadata": {...}}. "hsiq-quant-1" names the rounding and folding rules of the
 *        dev.hsiq.engine.quant package (StepActivation, WeightQuantizer, ThresholdFolding).
 *   NORM "normalization" (second section): u32 B; f32 low[B]; f32 high[B].
 *   TF32 <param name>: u8 rank (0..8); u32 dims[rank] (each >= 1); f32 data[product].
 *   QWTS <param name>: u8 kind (1 binary, 2 ternary, 3 m-bit int); u8 bits (1; 2; m);
 *        u8 rank (1..8); u8 reserved = 0; u32 dims[rank]; f32 scales[dims[0]];
 *        codes packed at their bit width (CodePacking): ceil(count * b / 8) bytes.
 * TF32 and QWTS sections follow in name order; a name appears once.
 *
 * Integrity. The file CRC covers every byte of the file except its own 4 bytes, and the
 * file length is checked against the real size, so any single-bit flip is detected: in the
 * length field by the size check, in the CRC field by the mismatch, anywhere else by CRC32C
 * (which detects every single-bit error). The section CRCs locate the damage: on a file CRC
 * mismatch the reader names the first section whose own CRC fails. Checksums are verified
 * before any content is interpreted; then every count and size is checked against the bytes
 * left in its section before anything of that size is allocated.
 *
 * Metadata round-trips as parsed JSON: integers come back as Long, other numbers as Double,
 * so a model whose metadata uses those types (and String, Boolean, List, Map) reads back
 * equal to what was written. The header is written with Json.writeTyped, so an integral
 * Double stays a Double (1.0, not 1); a non-finite number is stored as null.
 *
 * Writing builds the file in memory, writes it to a temporary file in the target directory,
 * forces it to disk and moves it into place atomically; on any failure the temporary file is
 * deleted and the target is left as it was.
 */
package dev.hsiq.engine.io;

import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.engine.model.Model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

public final class ModelFile {

    static final byte[] MAGIC = {(byte) 0x89, 'H', 'S', 'I', 'Q', '\r', '\n', 0x1A};
    static final int VERSION = 1;
    static final int FILE_HEADER_BYTES = 32;
    static final int SECTION_HEADER_BYTES = 16;
    static final int FILE_CRC_OFFSET = 28;
    /** The largest model file this build writes or reads: 1 GiB. */
    public static final long MAX_FILE_BYTES = 1L << 30;
    static final String FORMAT_NAME = "hsiq-model";
    /** Identifies the quantization rules of dev.hsiq.engine.quant that a file's codes follow. */
    public static final String QUANTIZATION_RULES = "hsiq-quant-1";

    private ModelFile() {
    }

    /**
     * Reads a model file; content problems are ModelFileExceptions naming the file and field,
     * a missing file or a directory is a HsiqException naming the path; other I/O errors
     * (a failing disk) are thrown as they are.
     */
    public static Model read(Path path) throws IOException {
        String name = String.valueOf(path.getFileName());
        if (Files.isDirectory(path)) {
            throw new ModelFileException(ModelFileException.Kind.NOT_A_MODEL, String.valueOf(path), "",
                    "is a directory, not a .hsiq model file");
        }
        if (!Files.exists(path)) {
            throw new HsiqException(path + ": no such model file");
        }
        long size = Files.size(path);
        if (size > MAX_FILE_BYTES) {
            throw new ModelFileException(ModelFileException.Kind.TOO_LARGE, name, "", "file has " + size
                    + " bytes, more than the " + MAX_FILE_BYTES + " a model file may have");
        }
        return fromBytes(Files.readAllBytes(path), name);
    }

    /** Decodes a model file's bytes; {@code fileName} names the file in error messages. */
    public static Model fromBytes(byte[] bytes, String fileName) {
        return new ModelFileReader(bytes, fileName).read();
    }

    /** Encodes a model as .hsiq bytes. */
    public static byte[] toBytes(Model model) {
        return ModelFileWriter.write(model);
    }

    /** Writes a model atomically: temporary file in the same directory, fsync, atomic move. */
    public static void write(Model model, Path path) {
        AtomicFiles.write(path, toBytes(model));
    }

    /**
     * A copy of {@code bytes} with every CRC recomputed where the structure allows (sections
     * that fit in the file, then the file CRC); sizes are left as they are. For fuzzers and
     * tests that change a file on purpose and want it to reach the content checks.
     */
    public static byte[] resealed(byte[] bytes) {
        byte[] out = bytes.clone();
        if (out.length < FILE_HEADER_BYTES) {
            return out;
        }
        for (ModelFileReader.SectionRef s : ModelFileReader.walk(out)) {
            putU32(out, s.headerOffset() + 12, ModelFileReader.sectionCrc(out, s.headerOffset(), s.payloadLength()));
        }
        putU32(out, FILE_CRC_OFFSET, ModelFileReader.fileCrc(out));
        return out;
    }

    private static void putU32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }
}
