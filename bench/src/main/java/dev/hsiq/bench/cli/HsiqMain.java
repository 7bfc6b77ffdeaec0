/*
 * The `hsiq` command-line entry point. It lives in bench, the top of the module graph, so
 * that it can gather every subcommand: data, train, eval, classify (training module) and
 * bench, reproduce (this module).
 */
package dev.hsiq.bench.cli;

import dev.hsiq.kernels.Vectorization;
import dev.hsiq.training.cli.CommandLines;
import dev.hsiq.training.cli.ClassifyCommand;
import dev.hsiq.training.cli.DataCommand;
import dev.hsiq.training.cli.EvalCommand;
import dev.hsiq.training.cli.TrainCommand;
import dev.hsiq.bench.reproduce.ReproduceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "hsiq", mixinStandardHelpOptions = true,
        versionProvider = HsiqMain.Version.class,
        description = "Quantized CNN hyperspectral image classification: train, quantize, run, reproduce.",
        subcommands = {DataCommand.class, TrainCommand.class, EvalCommand.class, ClassifyCommand.class,
                BenchCommand.class, ReproduceCommand.class, CommandLine.HelpCommand.class})
public final class HsiqMain implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return CommandLines.create(new HsiqMain(), args).execute(args);
    }

    /** As {@link #run(String...)}, printing to {@code out} and {@code err} instead of System.out/err. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = CommandLines.create(new HsiqMain(), args);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"hsiq 0.1.0", "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                    Vectorization.decision().toString()};
        }
    }
}
