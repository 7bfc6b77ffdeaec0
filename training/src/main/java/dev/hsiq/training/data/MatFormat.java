/*
 * The MAT file flavours hsiq reads, told apart by the header: level 5 (128-byte header,
 * version 0x0100, "IM"/"MI" endian tag) and 7.3, which is an HDF5 file behind a 512-byte
 * MATLAB user block (header text "MATLAB 7.3 MAT-file", HDF5 signature at offset 512).
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.HsiqException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public enum MatFormat {
    LEVEL5("MAT level 5"),
    V73("MAT 7.3 (HDF5)");

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final String label;

    MatFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Detects the format from the first 520 bytes of {@code file}. */
    public static MatFormat detect(Path file) {
        byte[] head = new byte[520];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new HsiqException("cannot read " + file + ": " + e, e);
        }
        return detect(file.toString(), Arrays.copyOf(head, n));
    }

    /** Detects the format from the leading bytes of a file (at least 128, ideally 520). */
    public static MatFormat detect(String file, byte[] head) {
        if (startsWith(head, 0, HDF5_SIGNATURE) || startsWith(head, 512, HDF5_SIGNATURE)) {
            return V73;
        }
        boolean v73Header = head.length >= 128
                && ((head[124] == 0 && head[125] == 2) || (head[124] == 2 && head[125] == 0));
        if (v73Header) {
            throw new BadFileException(file, "header", "declares MAT 7.3 (version 0x0200) but no HDF5 signature "
                    + "follows at offset 512 (truncated file?)");
        }
        if (head.length < 128) {
            throw new BadFileException(file, "header", "file has " + head.length
                    + " bytes; a MAT file header has 128 (truncated or not a MAT file)");
        }
        boolean level5 = (head[126] == 'I' && head[127] == 'M' && head[124] == 0 && head[125] == 1)
                || (head[126] == 'M' && head[127] == 'I' && head[124] == 1 && head[125] == 0);
        if (level5) {
            return LEVEL5;
        }
        String text = new String(head, 0, Math.min(40, head.length), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", "?");
        throw new BadFileException(file, "header", "not a MAT level-5 or 7.3 file (starts \"" + text.strip()
                + "\"; MAT v4 files are not supported)");
    }

    private static boolean startsWith(byte[] a, int off, byte[] sig) {
        if (a.length < off + sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (a[off + i] != sig[i]) {
                return false;
            }
        }
        return true;
    }
}
