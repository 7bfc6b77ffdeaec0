/*
 * Downloads one file over HTTP(S) with java.net.http.HttpClient (redirects followed,
 * 30 s connect timeout) into a temporary file in the target's directory, computing the
 * sha256 while streaming and reporting progress (bytes / total, percent, rate) on the given
 * stream at most four times a second. The result is moved into place with ATOMIC_MOVE only
 * after the HTTP status was 200, the byte count equals the expected size (when known) and
 * the sha256 matches (when known); otherwise the temporary file is deleted and a
 * FetchException says what went wrong, so no half-written file can ever appear.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;

public final class Fetcher {

    /** What a finished download produced. */
    public record Result(Path path, long bytes, String sha256) {
    }

    private final HttpClient client;
    private final PrintWriter progress;

    public Fetcher(PrintWriter progress) {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build(), progress);
    }

    public Fetcher(HttpClient client, PrintWriter progress) {
        this.client = client;
        this.progress = progress;
    }

    /**
     * Downloads {@code uri} to {@code target}. expectedSize < 0 and expectedSha == null
     * mean "unknown" (not checked).
     */
    public Result fetch(URI uri, Path target, long expectedSize, String expectedSha) {
        Path abs = target.toAbsolutePath();
        Path temp = null;
        Path createdDir = null;
        boolean done = false;
        try {
            createdDir = createDirectories(abs.getParent());
            temp = AtomicFiles.createTemp(abs);
            HttpRequest request = HttpRequest.newBuilder(uri).GET().header("User-Agent", "hsiq-data-fetch").build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new FetchException("fetch " + uri + ": cannot connect (" + describe(e) + "); nothing written", e);
            }
            long total = expectedSize;
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new FetchException("fetch " + uri + ": HTTP " + response.statusCode()
                            + " (expected 200); nothing written");
                }
                if (announced >= 0 && expectedSize >= 0 && announced != expectedSize) {
                    throw new FetchException("fetch " + uri + ": server announces " + announced + " bytes, "
                            + abs.getFileName() + " has " + expectedSize + "; nothing written");
                }
                if (total < 0) {
                    total = announced;
                }
                MessageDigest md = Sha256.newDigest();
                long count = copy(in, temp, md, abs.getFileName().toString(), total, uri);
                if (expectedSize >= 0 && count != expectedSize) {
                    throw new FetchException("fetch " + uri + ": received " + count + " of " + expectedSize
                            + " bytes (" + (count < expectedSize ? "truncated" : "too long") + "); nothing written");
                }
                String sha = Sha256.hex(md.digest());
                if (expectedSha != null && !expectedSha.equalsIgnoreCase(sha)) {
                    throw new FetchException("fetch " + uri + ": sha256 mismatch: got " + sha + ", expected "
                            + expectedSha + "; nothing written");
                }
                AtomicFiles.moveIntoPlace(temp, abs);
                temp = null;
                done = true;
                return new Result(abs, count, sha);
            }
        } catch (IOException e) {
            throw new FetchException("fetch " + uri + " to " + abs + ": " + describe(e) + "; nothing written", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("fetch " + uri + ": interrupted", e);
        } finally {
            AtomicFiles.deleteQuietly(temp);
            if (!done && createdDir != null) {
                removeEmptyDirectories(createdDir, abs.getParent());
            }
        }
    }

    /** Creates {@code dir} and missing parents; returns the topmost directory created, or null. */
    private static Path createDirectories(Path dir) throws IOException {
        Path top = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            top = p;
        }
        Files.createDirectories(dir);
        return top;
    }

    /** Removes the directories this download created (from {@code leaf} up to {@code top}) if empty. */
    private static void removeEmptyDirectories(Path top, Path leaf) {
        for (Path p = leaf; p != null && p.startsWith(top); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty or not removable: leave it
            }
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private long copy(InputStream in, Path temp, MessageDigest md, String name, long total, URI uri)
            throws IOException {
        byte[] buf = new byte[1 << 16];
        long count = 0;
        long start = System.nanoTime();
        long lastReport = start;
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(ch)) {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    throw new FetchException("fetch " + uri + ": transfer broke off after " + count + " bytes"
                            + (total >= 0 ? " of " + total : "") + " (" + describe(e) + "); nothing written", e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                md.update(buf, 0, n);
                count += n;
                long now = System.nanoTime();
                if (now - lastReport > 250_000_000L) {
                    report(name, count, total, now - start, false);
                    lastReport = now;
                }
            }
            out.flush();
            ch.force(true);
        }
        report(name, count, total, System.nanoTime() - start, true);
        return count;
    }

    private void report(String name, long count, long total, long nanos, boolean done) {
        if (progress == null) {
            return;
        }
        double seconds = Math.max(nanos / 1e9, 1e-9);
        String amount = total > 0
                ? String.format(Locale.ROOT, "%s / %s (%d%%)", mb(count), mb(total), (int) (100.0 * count / total))
                : mb(count);
        progress.print(String.format(Locale.ROOT, "\r  %s: %s, %s/s%s", name, amount, mb((long) (count / seconds)),
                done ? "\n" : "   "));
        progress.flush();
    }

    private static String mb(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }
}
