/*
 * `hsiq bench ...`: the benchmark commands: `kernels` (BenchKernelsCommand) and `engine`
 * (BenchEngineCommand).
 */
package dev.hsiq.bench.cli;

import dev.hsiq.bench.engine.BenchEngineCommand;
import dev.hsiq.bench.kernels.BenchKernelsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (JMH).",
        subcommands = {BenchKernelsCommand.class, BenchEngineCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }
}
