/*
 * How every hsiq command reports failure. A bad option prints the problem and a usage hint
 * (exit 2); a project exception (bad file, bad input, missing data) or an invalid value
 * prints one line "hsiq: MESSAGE" (exit 1); anything else is a bug and prints its stack.
 * --verbose anywhere on the command line also prints the stack of handled errors.
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.error.HsiqException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;

public final class CommandLines {

    /** Exit code of a run that failed on its input (file, data, option value). */
    public static final int EXIT_INPUT = 1;
    /** Exit code of a command line that does not parse. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of an unexpected internal error. */
    public static final int EXIT_BUG = 3;

    private CommandLines() {
    }

    /** A picocli CommandLine for {@code root} with the project's error handling. */
    public static CommandLine create(Object root, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(root);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            Throwable t = ex;
            if (t instanceof UncheckedIOException u && u.getCause() != null) {
                t = u.getCause();
            }
            if (t instanceof HsiqException || t instanceof IllegalArgumentException
                    || t instanceof java.io.IOException || t instanceof IllegalStateException) {
                err.println("hsiq: " + oneLine(t));
                if (verbose) {
                    t.printStackTrace(err);
                } else if (!(t instanceof HsiqException)) {
                    err.println("hsiq: (run with --verbose for details)");
                }
                err.flush();
                return t instanceof IllegalStateException && !(t instanceof HsiqException) ? EXIT_BUG : EXIT_INPUT;
            }
            err.println("hsiq: internal error: " + t);
            t.printStackTrace(err);
            err.flush();
            return EXIT_BUG;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println("hsiq: " + ex.getMessage());
            err.println("hsiq: see '" + c.getCommandSpec().qualifiedName() + " --help'");
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
    }
}
