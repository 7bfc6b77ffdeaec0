/*
 * Writes a file so that readers never see it half-written: the bytes go to a temporary
 * file in the target's own directory (same file system, so the rename can be atomic),
 * are forced to disk, and the temporary file is then moved over the target with
 * ATOMIC_MOVE. On any failure the temporary file is deleted and the target is untouched.
 */
package dev.hsiq.engine.io;

import dev.hsiq.engine.error.HsiqException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Receives the stream of the temporary file; may throw IOException. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically through {@code writer}; errors name the file. */
    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = createTemp(abs);
            try {
                // temp files are created owner-only; the result should read like any other output
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            moveIntoPlace(temp, abs);
            temp = null;
        } catch (IOException e) {
            throw new HsiqException("cannot write " + abs + ": " + e, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** Writes UTF-8 text to {@code target} atomically. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A fresh temporary file next to {@code target} (hidden name, ".part" suffix). */
    public static Path createTemp(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        return Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".part");
    }

    /** Moves a finished temporary file over {@code target}, atomically where possible. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; still a rename.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes {@code path} if not null, ignoring failures (used in cleanup paths). */
    public static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: the original error is the one worth reporting
        }
    }
}
