/*
 * The error handling every hsiq command gets from CommandLines (issue 7 item 1): which
 * exceptions are the user's input (one line "hsiq: MESSAGE", exit 1), which are bugs
 * (exit 3, with the stack), how --verbose adds the stack, and that a message is printed
 * on one line whatever it holds. The real commands are tested through HsiqMain in bench.
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.engine.io.ModelFileException;
import dev.hsiq.training.data.MissingDataException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLinesTest {

    @Command(name = "t")
    static final class Thrower implements Runnable {
        @Parameters(paramLabel = "KIND")
        String kind;

        @Option(names = "--verbose")
        boolean verbose;

        @Override
        public void run() {
            switch (kind) {
                case "bad-file" -> throw new BadFileException("cube.mat", "indian_pines_corrected",
                        "declares 2147483647 bytes but only 12 remain (truncated or corrupt file)");
                case "model" -> throw new ModelFileException(ModelFileException.Kind.CHECKSUM, "m.hsiq", "header",
                        "file CRC32C mismatch");
                case "missing" -> throw new MissingDataException("SalinasA: image cube SalinasA_corrected.mat is "
                        + "missing from data/salinas_a; run 'hsiq data fetch SalinasA' to download it");
                case "multi-line" -> throw new HsiqException("first\nsecond");
                case "illegal-argument" -> throw new IllegalArgumentException("patch size 4 must be odd");
                case "io" -> throw new UncheckedIOException(new IOException("No space left on device"));
                case "illegal-state" -> throw new IllegalStateException("optimizer used before init");
                default -> throw new NullPointerException("kind");
            }
        }
    }

    record Run(int exit, String err) {
        List<String> lines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.create(new Thrower(), args);
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), err.toString());
    }

    @Test
    void projectExceptionsAreOneLineWithExitOne() {
        assertThat(run("bad-file").lines()).containsExactly("hsiq: cube.mat: indian_pines_corrected: declares "
                + "2147483647 bytes but only 12 remain (truncated or corrupt file)");
        assertThat(run("bad-file").exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(run("model").lines()).containsExactly("hsiq: m.hsiq: header: file CRC32C mismatch");
        Run missing = run("missing");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.lines()).containsExactly("hsiq: SalinasA: image cube SalinasA_corrected.mat is missing "
                + "from data/salinas_a; run 'hsiq data fetch SalinasA' to download it");
        assertThat(run("multi-line").lines()).containsExactly("hsiq: first second");
    }

    @Test
    void verboseAddsTheStack() {
        Run r = run("bad-file", "--verbose");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines().get(0)).isEqualTo("hsiq: cube.mat: indian_pines_corrected: declares 2147483647 bytes but "
                + "only 12 remain (truncated or corrupt file)");
        assertThat(r.lines().get(1)).startsWith("dev.hsiq.engine.error.BadFileException: cube.mat: ");
        assertThat(r.err()).contains("\tat dev.hsiq.training.cli.CommandLinesTest$Thrower.run(");
    }

    @Test
    void invalidValuesAndIoErrorsAreInputErrorsWithAHint() {
        Run arg = run("illegal-argument");
        assertThat(arg.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(arg.lines()).containsExactly("hsiq: patch size 4 must be odd",
                "hsiq: (run with --verbose for details)");
        Run io = run("io");
        assertThat(io.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(io.lines()).containsExactly("hsiq: No space left on device", "hsiq: (run with --verbose for details)");
    }

    @Test
    void bugsExitThreeWithTheirStack() {
        Run state = run("illegal-state");
        assertThat(state.exit()).isEqualTo(CommandLines.EXIT_BUG);
        assertThat(state.lines().get(0)).isEqualTo("hsiq: optimizer used before init");
        Run npe = run("npe");
        assertThat(npe.exit()).isEqualTo(CommandLines.EXIT_BUG);
        assertThat(npe.lines().get(0)).isEqualTo("hsiq: internal error: java.lang.NullPointerException: kind");
        assertThat(npe.err()).contains("\tat dev.hsiq.training.cli.CommandLinesTest$Thrower.run(");
    }

    @Test
    void optionsThatDoNotParseExitTwo() {
        Run r = run("bad-file", "--no-such");
        assertThat(r.exit()).isEqualTo(CommandLines.EXIT_USAGE);
        assertThat(r.lines()).containsExactly("hsiq: Unknown option: '--no-such'", "hsiq: see 't --help'");
    }
}
