/*
 * `hsiq data`: the dataset commands, `list` (what is known and present) and `fetch`
 * (download canonical files). Wired into the main command as a subcommand.
 */
package dev.hsiq.training.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "List the known datasets and their files, or download the canonical files.",
        subcommands = {DataListCommand.class, DataFetchCommand.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
