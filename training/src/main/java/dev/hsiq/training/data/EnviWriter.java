/*
 * Writes an ENVI image: the raw binary in the header's interleave, data type and byte
 * order (after `header offset` zero bytes), then the header as "<base>.hdr" next to it
 * ("x.img" gets "x.hdr"; a binary without extension "x" gets "x.hdr"). Both files are
 * written atomically. Integer types must hold every value exactly; the first value that
 * does not fit is reported with its (line, sample, band).
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.io.AtomicFiles;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

public final class EnviWriter {

    private EnviWriter() {
    }

    /** The header path ENVI tools look for next to {@code binary}. */
    public static Path headerPath(Path binary) {
        String name = binary.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return binary.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".hdr");
    }

    /**
     * Writes {@code bip} (lines x samples x bands, BIP order) to {@code binary} as {@code h}
     * describes, and the header next to it; returns the header path.
     */
    public static Path write(Path binary, EnviHeader h, float[] bip) {
        int samples = h.samples();
        int lines = h.lines();
        int bands = h.bands();
        if ((long) samples * lines * bands != bip.length) {
            throw new IllegalArgumentException("header describes " + (long) samples * lines * bands + " values, got "
                    + bip.length);
        }
        EnviDataType type = h.dataType();
        for (int i = 0; i < bip.length; i++) {
            if (!type.holds(bip[i])) {
                int b = i % bands;
                int p = i / bands;
                throw new BadInputException("cannot write " + binary + ": value " + bip[i] + " at (line " + (p / samples)
                        + ", sample " + (p % samples) + ", band " + b + ") does not fit ENVI data type "
                        + type.code() + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        AtomicFiles.write(binary, out -> writeData(out, h, bip));
        Path hdr = headerPath(binary);
        AtomicFiles.write(hdr, h.format().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return hdr;
    }

    private static void writeData(OutputStream out, EnviHeader h, float[] bip) throws java.io.IOException {
        out.write(new byte[(int) h.headerOffset()]);
        int samples = h.samples();
        int bands = h.bands();
        EnviDataType type = h.dataType();
        ByteBuffer buf = ByteBuffer.allocate((1 << 16) / type.bytes() * type.bytes()).order(h.byteOrder());
        for (int outer = 0; outer < outerCount(h); outer++) {
            for (int mid = 0; mid < midCount(h); mid++) {
                for (int inner = 0; inner < innerCount(h); inner++) {
                    int r;
                    int c;
                    int b;
                    switch (h.interleave()) {
                        case BSQ -> {
                            b = outer;
                            r = mid;
                            c = inner;
                        }
                        case BIL -> {
                            r = outer;
                            b = mid;
                            c = inner;
                        }
                        default -> {
                            r = outer;
                            c = mid;
                            b = inner;
                        }
                    }
                    if (buf.remaining() < type.bytes()) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    type.write(buf, bip[(r * samples + c) * bands + b]);
                }
            }
        }
        out.write(buf.array(), 0, buf.position());
    }

    private static int outerCount(EnviHeader h) {
        return h.interleave() == EnviInterleave.BSQ ? h.bands() : h.lines();
    }

    private static int midCount(EnviHeader h) {
        return switch (h.interleave()) {
            case BSQ -> h.lines();
            case BIL -> h.bands();
            case BIP -> h.samples();
        };
    }

    private static int innerCount(EnviHeader h) {
        return switch (h.interleave()) {
            case BSQ, BIL -> h.samples();
            case BIP -> h.bands();
        };
    }
}
