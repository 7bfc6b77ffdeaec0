/*
 * `hsiq data list [--data DIR] [--no-verify]`: every registry dataset with its kind, band
 * count, classes and labeled samples, and the state of its files in the data directory:
 * present or missing, sha256 checked against the registry (skipped with --no-verify), and
 * for what is missing the command that fetches it or where the file is expected.
 */
package dev.hsiq.training.cli;

import dev.hsiq.training.data.DataDirectory;
import dev.hsiq.training.data.DataFile;
import dev.hsiq.training.data.DatasetInfo;
import dev.hsiq.training.data.DatasetRegistry;
import dev.hsiq.training.data.Datasets;
import dev.hsiq.training.data.FileStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show every known dataset, whether its files are present and whether their sha256 matches.")
public final class DataListCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataDirOption data;

    @Option(names = "--no-verify", description = "Do not compute sha256 sums (faster with large cubes present).")
    boolean noVerify;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Datasets datasets = data.datasets();
        DataDirectory dir = datasets.directory();
        out.println("data directory: " + dir.path() + " (" + dir.source() + (dir.exists() ? "" : "; does not exist")
                + ")");
        out.println();
        String fmt = "%-26s %-24s %5s %7s %8s  %s%n";
        out.printf(fmt, "NAME", "KIND", "BANDS", "CLASSES", "LABELED", "FILES");
        Map<String, FileStatus> cache = new HashMap<>();
        List<String> notes = new ArrayList<>();
        for (DatasetInfo info : DatasetRegistry.all()) {
            List<String> parts = new ArrayList<>();
            boolean fetchable = false;
            boolean ready = true;
            for (DataFile f : info.files()) {
                FileStatus st = cache.computeIfAbsent(f.relativePath(), k -> datasets.status(f, !noVerify));
                parts.add(f.fileName() + " " + st.describe());
                if (!st.present() || Boolean.FALSE.equals(st.shaMatches())) {
                    ready = false;
                    if (f.hasUrl()) {
                        fetchable = true;
                    } else {
                        notes.add(info.name() + ": " + f.fileName() + " has no public URL; expected at " + st.path());
                    }
                }
            }
            String files = String.join(", ", parts);
            if (!ready && fetchable) {
                files += "  -> hsiq data fetch " + info.name();
            }
            out.printf(fmt, info.name(), info.kind().label(), info.bands(), info.classCount(),
                    info.expectedLabeled(), files);
        }
        out.println();
        out.println("Stand-ins (semisynthetic, synthetic) are built in memory from the files present; every report "
                + "names them as stand-ins.");
        for (String n : notes) {
            out.println(n);
        }
        out.flush();
        return 0;
    }
}
