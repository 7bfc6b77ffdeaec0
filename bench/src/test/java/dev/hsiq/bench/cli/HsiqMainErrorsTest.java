/*
 * How the hsiq command reports bad input (issue 7 item 1), through HsiqMain.run as a user
 * runs it: a project exception prints one line "hsiq: MESSAGE" on stderr and exits 1, with
 * no stack trace unless --verbose; a command line that does not parse prints the problem
 * and a help hint and exits 2. The cases are the data layer's bad inputs: an unknown
 * dataset (the message lists the known ones), a corrupt download (sha256 mismatch, nothing
 * written), an impossible option value.
 */
package dev.hsiq.bench.cli;

import com.sun.net.httpserver.HttpServer;
import dev.hsiq.training.data.DatasetRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HsiqMainErrorsTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run hsiq(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HsiqMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void unknownDatasetIsOneLineListingTheKnownOnes() {
        Run r = hsiq("data", "fetch", "Nope", "--data", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("hsiq: unknown dataset 'Nope'; known datasets: "
                + String.join(", ", DatasetRegistry.names()));
        assertThat(r.out()).doesNotContain("Exception");
    }

    @Test
    void verbosePrintsTheStackAfterTheSameLine() {
        Run r = hsiq("data", "fetch", "Nope", "--data", dir.toString(), "--verbose");
        assertThat(r.exit()).isEqualTo(1);
        List<String> lines = r.errLines();
        assertThat(lines.get(0)).startsWith("hsiq: unknown dataset 'Nope'; known datasets: IndianPines, ");
        assertThat(lines.get(1)).startsWith("dev.hsiq.engine.error.BadInputException: unknown dataset 'Nope'");
        assertThat(r.err()).contains("\tat dev.hsiq.training.data.DatasetRegistry.get(");
    }

    @Test
    void aNearMissNamesTheDatasetMeant() {
        Run r = hsiq("data", "fetch", "paviau", "--data", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("unknown dataset 'paviau'").contains("(did you mean PaviaU?)");
    }

    @Test
    void aCorruptDownloadIsOneLineAndLeavesNothingBehind() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] wrong = new byte[3240]; // KSC_gt.mat's size, not its bytes
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, wrong.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(wrong);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/m";
            Run r = hsiq("data", "fetch", "KSC-synthetic", "--data", dir.toString(), "--url-base", base);
            assertThat(r.exit()).isEqualTo(1);
            List<String> errors = r.errLines().stream().filter(l -> l.startsWith("hsiq:")).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0)).startsWith("hsiq: fetch " + base + "/KSC_gt.mat: sha256 mismatch: got ")
                    .contains("nothing written");
            assertThat(r.err()).doesNotContain("\tat ");
            try (Stream<Path> s = Files.walk(dir)) {
                assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void badOptionValueIsOneLine() {
        Run r = hsiq("data", "fetch", "KSC", "--data", dir.toString(), "--url-base", "ftp://example.org/x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly(
                "hsiq: --url-base: 'ftp://example.org/x/KSC_gt.mat' is not an http or https URL");
    }

    @Test
    void commandLinesThatDoNotParseExitTwoWithAHint() {
        Run missing = hsiq("data", "fetch");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.errLines()).containsExactly("hsiq: Missing required parameter: 'NAME'",
                "hsiq: see 'hsiq data fetch --help'");
        Run unknown = hsiq("data", "lisst");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("hsiq: Unmatched argument at index 1: 'lisst'");
        Run option = hsiq("data", "list", "--no-such-option");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).contains("Unknown option: '--no-such-option'")
                .contains("hsiq: see 'hsiq data list --help'");
    }
}
