/*
 * `hsiq reproduce`: the paper reproduction in one command (Reproduction does the work).
 * Trains (or reuses from DIR/cache) the float and quantized models of every study, measures
 * the compiled engine, and writes DIR/report.md, DIR/report.json and the PNG plots.
 * Interrupting it and running the same command again resumes from the cache.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.training.cli.DataDirOption;
import dev.hsiq.training.data.DatasetRegistry;
import dev.hsiq.training.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Reproduce the paper's table: train float and quantized (8/8, 4/4, 2/2, 2/1, 1/1; constant and "
                + "tanh gradients) models over several seeds, measure the engine, write DIR/report.md, "
                + "DIR/report.json and PNG plots.",
                "Runs are cached in DIR/cache: run the same command again to resume an interrupted reproduction."})
public final class ReproduceCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    DataDirOption data;

    @Option(names = "--quick", description = "1 seed, fewer epochs and fewer patch-network training samples "
            + "(about 10 minutes on 2 cores); every stage and plot still runs.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: runs/reproduce, or runs/reproduce-quick with --quick).")
    Path out;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds 1..N (default: 5, or 1 with --quick).")
    Integer seeds;

    @Option(names = "--seed-list", paramLabel = "S", split = ",",
            description = "Exactly these seeds instead of 1..N, e.g. 4,5 (to train some seeds in a second process "
                    + "with --train-only, sharing the cache).")
    List<Long> seedList;

    @Option(names = "--only", paramLabel = "DATASET", split = ",",
            description = "Run only these datasets (comma-separated names from the plan: IndianPines-spectra, "
                    + "Botswana-spectra, IndianPines, PaviaU, IndianPines-semisynthetic, Botswana-semisynthetic).")
    List<String> only;

    @Option(names = "--train-only", description = "Train (or find in the cache) every model and stop before the "
            + "engine measurements and the report: train on a busy machine, then run the same command without "
            + "this option on a quiet one to measure and write the report from the cache.")
    boolean trainOnly;

    @Option(names = "--no-progress", description = "One line per run instead of a live progress line.")
    boolean noProgress;

    @Override
    public Integer call() {
        int n = seeds != null ? seeds : quick ? 1 : 5;
        if (n < 1 || n > 100) {
            throw new BadInputException("--seeds " + n + " must be between 1 and 100");
        }
        ReproducePlan plan = quick ? ReproducePlan.quick(n) : ReproducePlan.full(n);
        if (seedList != null && !seedList.isEmpty()) {
            if (seeds != null) {
                throw new BadInputException("give --seeds or --seed-list, not both");
            }
            plan = new ReproducePlan(plan.mode(), seedList, plan.studies());
        }
        plan = restrict(plan);
        Path dir = out != null ? out : Path.of(quick ? "runs/reproduce-quick" : "runs/reproduce");
        Datasets datasets = data.datasets();
        boolean redraw = !noProgress && System.console() != null;
        PrintWriter err = commandSpec.commandLine().getErr();
        PrintWriter o = commandSpec.commandLine().getOut();
        ReproduceProgress progress = new ReproduceProgress(err, redraw);
        err.printf(Locale.ROOT, "hsiq reproduce (%s): %d studies, seeds %s, data %s, output %s%n", plan.mode(),
                plan.studies().size(), plan.seeds(), datasets.directory().path(), dir.toAbsolutePath());
        Instant started = Instant.now();
        EngineSpeed.Budget budget = quick ? EngineSpeed.Budget.quick() : EngineSpeed.Budget.full();
        Reproduction reproduction = new Reproduction(plan, datasets, dir, progress, budget);
        if (trainOnly) {
            reproduction.trainAll();
            o.printf(Locale.ROOT, "trained every model into %s in %.1f min; run the same command without --train-only "
                    + "to measure and report%n", dir.resolve("cache"), (Instant.now().toEpochMilli()
                    - started.toEpochMilli()) / 60000.0);
            o.flush();
            return 0;
        }
        List<ConfigResult> rows = reproduction.run(started);
        o.printf(Locale.ROOT, "wrote %s, %s and the plots (%d rows) in %.1f min%n", dir.resolve("report.md"),
                dir.resolve("report.json"), rows.size(), (Instant.now().toEpochMilli() - started.toEpochMilli()) / 60000.0);
        for (String[] claim : ReportWriter.claims(rows)) {
            o.println("  " + claim[0] + ": paper " + claim[1] + "; measured " + claim[2] + " -> " + claim[3]);
        }
        o.flush();
        return 0;
    }

    private ReproducePlan restrict(ReproducePlan plan) {
        if (only == null || only.isEmpty()) {
            return plan;
        }
        List<ReproducePlan.Study> kept = new ArrayList<>();
        for (String name : only) {
            if (!DatasetRegistry.contains(name)) {
                throw new BadInputException("--only " + name + ": no such dataset (see 'hsiq data list')");
            }
            boolean found = false;
            for (ReproducePlan.Study s : plan.studies()) {
                if (s.dataset().equals(name)) {
                    kept.add(s);
                    found = true;
                }
            }
            if (!found) {
                throw new BadInputException("--only " + name + ": not part of the reproduction (its datasets: "
                        + String.join(", ", plan.studies().stream().map(ReproducePlan.Study::dataset).toList()) + ")");
            }
        }
        return new ReproducePlan(plan.mode(), plan.seeds(), kept);
    }
}
