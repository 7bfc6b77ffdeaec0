/*
 * Reads an ENVI image (header + raw binary) into a BIP float cube. Either file may be
 * named: for "x.hdr" the binary is "x" or "x.img"/".dat"/".raw"/".bsq"/".bil"/".bip"
 * (or "x.img" for "x.img.hdr"); for a binary "x.img" the header is "x.hdr" or "x.img.hdr".
 * The binary's size must equal header offset + samples*lines*bands*bytes: both a short
 * file (truncated) and a long one (wrong dimensions or data type) are reported before any
 * array is allocated. The file is streamed in file order (whatever the interleave) and
 * each value is placed at its BIP index (line*samples + sample)*bands + band. The binary
 * may also be given as bytes in memory (same checks, same messages).
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.HsiqException;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public final class EnviReader {

    private static final List<String> BINARY_EXTENSIONS = List.of("", ".img", ".dat", ".raw", ".bsq", ".bil", ".bip");

    private EnviReader() {
    }

    /** Header and binary of one ENVI image. */
    public record EnviFiles(Path header, Path binary) {
    }

    /** Finds the header/binary pair for either of the two paths. */
    public static EnviFiles locate(Path path) {
        String name = path.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".hdr")) {
            if (!Files.isRegularFile(path)) {
                throw new HsiqException(path + ": no such ENVI header");
            }
            String base = name.substring(0, name.length() - 4);
            List<String> tried = new ArrayList<>();
            for (String ext : BINARY_EXTENSIONS) {
                for (String e : ext.isEmpty() ? List.of("") : List.of(ext, ext.toUpperCase(Locale.ROOT))) {
                    Path candidate = path.resolveSibling(base + e);
                    tried.add(candidate.getFileName().toString());
                    if (Files.isRegularFile(candidate)) {
                        return new EnviFiles(path, candidate);
                    }
                }
            }
            throw new HsiqException(path + ": no binary file next to this ENVI header (looked for "
                    + String.join(", ", tried) + ")");
        }
        if (!Files.isRegularFile(path)) {
            throw new HsiqException(path + ": no such file");
        }
        int dot = name.lastIndexOf('.');
        List<Path> candidates = new ArrayList<>();
        candidates.add(path.resolveSibling(name + ".hdr"));
        if (dot > 0) {
            candidates.add(path.resolveSibling(name.substring(0, dot) + ".hdr"));
            candidates.add(path.resolveSibling(name.substring(0, dot) + ".HDR"));
        }
        for (Path h : candidates) {
            if (Files.isRegularFile(h)) {
                return new EnviFiles(h, path);
            }
        }
        throw new HsiqException(path + ": no ENVI header found (looked for "
                + candidates.stream().map(p -> p.getFileName().toString()).toList() + ")");
    }

    /** Reads the image named by {@code path} (header or binary). */
    public static Cube read(Path path) {
        EnviFiles f = locate(path);
        EnviHeader h = EnviHeader.read(f.header());
        return read(h, f.binary(), f.header().toString());
    }

    /** Reads {@code binary} as described by {@code h}. */
    public static Cube read(EnviHeader h, Path binary, String headerName) {
        String binaryName = binary.toString();
        checkFitsInOneArray(h, headerName);
        long size;
        try {
            size = Files.size(binary);
        } catch (IOException e) {
            throw new HsiqException("cannot read " + binary + ": " + e, e);
        }
        checkSize(h, size, binaryName, headerName);
        try (FileChannel ch = FileChannel.open(binary, StandardOpenOption.READ)) {
            ch.position(h.headerOffset());
            return decode(h, ch, binaryName);
        } catch (IOException e) {
            throw new HsiqException("cannot read " + binary + ": " + e, e);
        }
    }

    /**
     * Reads an ENVI binary held in memory as described by {@code h}; {@code binaryName} and
     * {@code headerName} name the two files in error messages.
     */
    public static Cube read(EnviHeader h, byte[] binary, String binaryName, String headerName) {
        checkFitsInOneArray(h, headerName);
        checkSize(h, binary.length, binaryName, headerName);
        int offset = (int) h.headerOffset(); // <= binary.length, checked by checkSize
        try (ReadableByteChannel ch = Channels.newChannel(
                new ByteArrayInputStream(binary, offset, binary.length - offset))) {
            return decode(h, ch, binaryName);
        } catch (IOException e) {
            throw new HsiqException("cannot read " + binaryName + ": " + e, e);
        }
    }

    private static void checkFitsInOneArray(EnviHeader h, String headerName) {
        long elements = (long) h.samples() * h.lines() * h.bands();
        if (elements > Integer.MAX_VALUE - 16) {
            throw new BadFileException(headerName, "samples/lines/bands", h.samples() + " x " + h.lines() + " x "
                    + h.bands() + " = " + elements + " values, more than one Java array holds");
        }
    }

    /** The binary's size must be exactly header offset + data bytes, checked before allocating. */
    private static void checkSize(EnviHeader h, long size, String binaryName, String headerName) {
        long expected = h.headerOffset() + h.dataBytes();
        if (size != expected) {
            String what = size < expected ? "truncated?" : "wrong samples, lines, bands or data type?";
            throw new BadFileException(binaryName, "samples/lines/bands/data type/header offset",
                    "header " + headerName + " describes " + h.samples() + " x " + h.lines() + " x " + h.bands()
                            + " values of data type " + h.dataType().code() + " (" + h.dataType().bytes()
                            + " bytes) after a " + h.headerOffset() + "-byte offset = " + expected
                            + " bytes, but the file has " + size + " (" + what + ")");
        }
    }

    /** Streams the values from {@code ch} (positioned at the data) into a BIP cube. */
    private static Cube decode(EnviHeader h, ReadableByteChannel ch, String binaryName) throws IOException {
        int samples = h.samples();
        int lines = h.lines();
        int bands = h.bands();
        float[] out = new float[samples * lines * bands];
        try {
            ValueStream in = new ValueStream(ch, h);
            switch (h.interleave()) {
                case BIP -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = in.next();
                    }
                }
                case BIL -> {
                    for (int r = 0; r < lines; r++) {
                        for (int b = 0; b < bands; b++) {
                            int base = r * samples * bands + b;
                            for (int c = 0; c < samples; c++) {
                                out[base + c * bands] = in.next();
                            }
                        }
                    }
                }
                case BSQ -> {
                    for (int b = 0; b < bands; b++) {
                        for (int p = 0; p < lines * samples; p++) {
                            out[p * bands + b] = in.next();
                        }
                    }
                }
            }
        } catch (EOFException e) {
            throw new BadFileException(binaryName, "data", "ended early while reading (file changed?)", e);
        }
        return new Cube(lines, samples, bands, out, h.wavelengths(), h.bandNames(), binaryName);
    }

    /** Sequential typed values from a channel, refilled in 1 MiB blocks. */
    private static final class ValueStream {
        private final ReadableByteChannel ch;
        private final EnviDataType type;
        private final ByteBuffer buf;
        private final int size;

        ValueStream(ReadableByteChannel ch, EnviHeader h) {
            this.ch = ch;
            this.type = h.dataType();
            this.size = type.bytes();
            long data = h.dataBytes();
            int block = (int) Math.min((1 << 20) / size * size, Math.max(data, size));
            this.buf = ByteBuffer.allocate(block).order(h.byteOrder());
            buf.limit(0);
        }

        float next() throws IOException {
            if (buf.remaining() < size) {
                refill();
            }
            float v = type.read(buf, buf.position());
            buf.position(buf.position() + size);
            return v;
        }

        private void refill() throws IOException {
            buf.compact();
            while (buf.position() < size) {
                if (ch.read(buf) < 0) {
                    throw new EOFException();
                }
            }
            while (buf.hasRemaining()) {
                int n = ch.read(buf);
                if (n <= 0) {
                    break;
                }
            }
            buf.flip();
        }
    }
}
