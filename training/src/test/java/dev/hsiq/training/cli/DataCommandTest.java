/*
 * `hsiq data list` and `hsiq data fetch` run through picocli as the main command runs
 * them, with errors printed as one line; fetch goes to a local HTTP server on 127.0.0.1.
 */
package dev.hsiq.training.cli;

import com.sun.net.httpserver.HttpServer;
import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.training.data.DataDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DataCommandTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String name = ex.getRequestURI().getPath().replaceFirst("^/mirror/", "");
            byte[] body = served.get(name);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    record Run(int exit, String out, String err) {
    }

    /** Runs `data ARGS` with the error handling the main command uses: one line, exit 1. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DataCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof HsiqException) {
                c.getErr().println("hsiq: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listShowsEveryDatasetAndHowToFetchWhatIsMissing() {
        Run r = run("list", "--data", dir.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("data directory: " + dir + " (--data)");
        for (String name : dev.hsiq.training.data.DatasetRegistry.names()) {
            assertThat(r.out()).contains("\n" + name + " ");
        }
        assertThat(r.out()).contains("Indian_pines_gt.mat missing, Indian_pines_corrected.mat missing  -> hsiq data "
                + "fetch IndianPines");
        assertThat(r.out()).contains("stand-in (semisynthetic)").contains("stand-in (synthetic)");
    }

    @Test
    void listOnTheSharedDataShowsChecksums() {
        DataDirectory shared = DataDirectory.resolve(null);
        Assumptions.assumeTrue(Files.isRegularFile(shared.file("indian_pines/Indian_pines_gt.mat")),
                () -> "skipped: shared data not found at " + shared);
        Run r = run("list");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("data directory: " + shared.path());
        assertThat(r.out()).containsPattern("IndianPines-spectra +spectra +200 +16 +10249  INDIANPINES.mat ok\n");
        assertThat(r.out()).containsPattern("PaviaU-synthetic +stand-in \\(synthetic\\) +103 +9 +42776  "
                + "PaviaU_gt.mat ok\n");
    }

    @Test
    void fetchDownloadsIntoTheLayoutAndSkipsWhatIsPresent() throws IOException {
        DataDirectory shared = DataDirectory.resolve(null);
        Path real = shared.file("salinas_a/SalinasA_gt.mat");
        Assumptions.assumeTrue(Files.isRegularFile(real), () -> "skipped: shared data not found at " + shared);
        served.put("SalinasA_gt.mat", Files.readAllBytes(real));
        Run r = run("fetch", "SalinasA-synthetic", "--data", dir.toString(), "--url-base", base);
        assertThat(r.err()).doesNotContain("hsiq:");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("salinas_a/SalinasA_gt.mat: downloaded 587 bytes, sha256 ok");
        assertThat(r.err()).contains("fetching " + base + "/SalinasA_gt.mat").contains("SalinasA_gt.mat: 0.6 kB");
        assertThat(dir.resolve("salinas_a/SalinasA_gt.mat")).hasSameBinaryContentAs(real);
        Run again = run("fetch", "SalinasA-synthetic", "--data", dir.toString(), "--url-base", base);
        assertThat(again.out()).contains("salinas_a/SalinasA_gt.mat: already present, sha256 ok");
        Run list = run("list", "--data", dir.toString());
        assertThat(list.out()).containsPattern("SalinasA-synthetic +stand-in \\(synthetic\\) +204 +6 +5348  "
                + "SalinasA_gt.mat ok\n");
    }

    @Test
    void fetchWithWrongBytesFailsInOneLineAndWritesNothing() throws IOException {
        served.put("KSC_gt.mat", "not the canonical file".getBytes());
        Run r = run("fetch", "KSC-synthetic", "--data", dir.toString(), "--url-base", base);
        assertThat(r.exit()).isEqualTo(1);
        String error = r.err().lines().filter(l -> l.startsWith("hsiq:")).findFirst().orElseThrow();
        assertThat(error).contains("server announces 22 bytes, KSC_gt.mat has 3240; nothing written");
        assertThat(r.err().lines().filter(l -> l.startsWith("hsiq:")).count()).isEqualTo(1);
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void fetchErrorsForUnknownNamesAndBadUrls() {
        Run r = run("fetch", "Houston2013", "--data", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("hsiq: unknown dataset 'Houston2013'; known datasets: IndianPines,")
                .doesNotContain("\n");
        Run bad = run("fetch", "KSC", "--data", dir.toString(), "--url-base", "ftp://example.org/x");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("--url-base: 'ftp://example.org/x/KSC_gt.mat' is not an http or https URL");
        Run none = run("fetch", "--data", dir.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required parameter: 'NAME'");
    }
}
