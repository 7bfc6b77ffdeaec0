/*
 * Downloads against a local HTTP server on 127.0.0.1 serving fixtures: success with size
 * and sha256 checks, checksum mismatch, truncated transfer, HTTP errors - and after every
 * failure, no file and no temporary file left behind.
 */
package dev.hsiq.training.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FetcherTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final byte[] payload = new byte[300_000];
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + i / 7);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok/file.bin", ex -> {
            ex.sendResponseHeaders(200, payload.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload);
            }
        });
        server.createContext("/truncated/file.bin", ex -> {
            ex.sendResponseHeaders(200, payload.length);
            OutputStream out = ex.getResponseBody();
            out.write(payload, 0, payload.length / 3);
            out.flush();
            ex.close(); // fewer bytes than announced: the server drops the connection mid-body
        });
        server.createContext("/chunked-short/file.bin", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: the client cannot know the size
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload, 0, 1000);
            }
        });
        server.createContext("/missing/file.bin", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private Fetcher fetcher(StringWriter progress) {
        return new Fetcher(new PrintWriter(progress, true));
    }

    private void assertNothingLeft(Path target) throws IOException {
        assertThat(target).doesNotExist();
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("no partial files").isEmpty();
        }
    }

    @Test
    void downloadsVerifiesAndMovesIntoPlace() throws IOException {
        StringWriter progress = new StringWriter();
        Path target = dir.resolve("sub/dir/file.bin");
        Fetcher.Result r = fetcher(progress).fetch(URI.create(base + "/ok/file.bin"), target, payload.length,
                Sha256.of(payload));
        assertThat(r.bytes()).isEqualTo(payload.length);
        assertThat(r.sha256()).isEqualTo(Sha256.of(payload));
        assertThat(Files.readAllBytes(target)).isEqualTo(payload);
        assertThat(progress.toString()).contains("file.bin: 293.0 kB / 293.0 kB (100%)").contains("/s");
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertThat(s.toList()).containsExactly(target);
        }
    }

    @Test
    void checksumMismatchLeavesNothing() throws IOException {
        Path target = dir.resolve("file.bin");
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> fetcher(new StringWriter()).fetch(URI.create(base + "/ok/file.bin"), target,
                payload.length, wrong))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("sha256 mismatch: got " + Sha256.of(payload) + ", expected " + wrong)
                .hasMessageContaining("nothing written");
        assertNothingLeft(target);
    }

    @Test
    void existingFileIsReplacedOnlyByAVerifiedDownload() throws IOException {
        Path target = dir.resolve("file.bin");
        Files.writeString(target, "old content");
        assertThatThrownBy(() -> fetcher(new StringWriter()).fetch(URI.create(base + "/ok/file.bin"), target,
                payload.length, "f".repeat(64))).isInstanceOf(FetchException.class);
        assertThat(Files.readString(target)).isEqualTo("old content");
        fetcher(new StringWriter()).fetch(URI.create(base + "/ok/file.bin"), target, payload.length,
                Sha256.of(payload));
        assertThat(Files.readAllBytes(target)).isEqualTo(payload);
    }

    @Test
    void truncatedTransferLeavesNothing() throws IOException {
        Path target = dir.resolve("t/file.bin");
        assertThatThrownBy(() -> fetcher(new StringWriter()).fetch(URI.create(base + "/truncated/file.bin"), target,
                payload.length, Sha256.of(payload)))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("transfer broke off after")
                .hasMessageContaining("of 300000")
                .hasMessageContaining("nothing written");
        assertNothingLeft(target);
        // Without a Content-Length the short body is caught by the expected size.
        assertThatThrownBy(() -> fetcher(new StringWriter()).fetch(URI.create(base + "/chunked-short/file.bin"),
                target, payload.length, null))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("received 1000 of 300000 bytes (truncated)");
        assertNothingLeft(target);
    }

    @Test
    void httpErrorsAndSizeMismatchesAreReported() throws IOException {
        Path target = dir.resolve("file.bin");
        assertThatThrownBy(() -> fetcher(new StringWriter()).fetch(URI.create(base + "/missing/file.bin"), target, -1,
                null))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("HTTP 404 (expected 200)");
        assertNothingLeft(target);
        assertThatThrownBy(() -> fetcher(new StringWriter()).fetch(URI.create(base + "/ok/file.bin"), target, 12345,
                null))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("server announces 300000 bytes, file.bin has 12345");
        assertNothingLeft(target);
        server.stop(0);
        assertThatThrownBy(() -> fetcher(new StringWriter()).fetch(URI.create(base + "/ok/file.bin"), target, -1,
                null))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("cannot connect");
        assertNothingLeft(target);
    }
}
