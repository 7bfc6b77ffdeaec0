/*
 * SHA-256 of files and streams, as lowercase hex, for checking data files against the
 * checksums recorded in the dataset registry.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.HsiqException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

public final class Sha256 {

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public static String of(byte[] bytes) {
        return hex(newDigest().digest(bytes));
    }

    public static String of(Path file) {
        MessageDigest md = newDigest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new HsiqException("cannot read " + file + " to compute its sha256: " + e, e);
        }
        return hex(md.digest());
    }
}
