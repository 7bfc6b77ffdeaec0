/*
 * The reproduction's overall progress line: stage, runs done of all, which model is training
 * (and its epoch), elapsed time and an ETA.
 *
 * The ETA weighs each remaining training run by its cost, epochs x training samples x MACs
 * per sample, and converts cost to seconds with the rate measured on the runs trained so far
 * in this process, separately for float and quantization-aware runs (fake quantization,
 * clip calibration and batch-norm re-estimation make a quantized epoch about twice as
 * dear; that prior is used until a run of the kind has finished). Cached runs cost nothing
 * and do not enter the rate. The engine measurements after training get a fixed estimate
 * per configuration.
 *
 * On a terminal the line is redrawn in place; otherwise (a log file, CI) one line is
 * printed per run started and finished, never per epoch.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.training.train.EpochListener;
import dev.hsiq.training.train.EpochReport;

import java.io.PrintWriter;
import java.util.Locale;

final class ReproduceProgress implements EpochListener {

    /** Cost of a quantization-aware epoch relative to a float one, until measured. */
    static final double QAT_COST_PRIOR = 2.3;

    private final PrintWriter out;
    private final boolean redraw;
    private final long started = System.nanoTime();
    private int totalRuns;
    private double remainingUnits;
    private double measureSecondsLeft;

    private final double[] rateUnits = new double[2];
    private final double[] rateSeconds = new double[2];

    private int runsDone;
    private String stage = "";
    private String job = "";
    private double jobUnits;
    private boolean jobQuantized;
    private long jobStart;
    private String epochText = "";
    private double jobFraction;
    private long lastDraw;

    ReproduceProgress(PrintWriter out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    /** The work ahead: training runs, their total cost, and the budgeted seconds of measurements. */
    void plan(int runs, double units, double measureSeconds) {
        totalRuns = runs;
        remainingUnits = units;
        measureSecondsLeft = measureSeconds;
    }

    void stage(String name) {
        stage = name;
        job = "";
        epochText = "";
        line(true);
    }

    /** A training run starts; {@code units} is its cost. */
    void startRun(String what, double units, boolean quantized) {
        job = what;
        jobUnits = units;
        jobQuantized = quantized;
        jobFraction = 0;
        epochText = "";
        jobStart = System.nanoTime();
        line(true);
    }

    /** The current run ended; {@code cached} when it was read from the cache instead of trained. */
    void finishRun(boolean cached, String result) {
        double seconds = (System.nanoTime() - jobStart) / 1e9;
        if (!cached) {
            int k = jobQuantized ? 1 : 0;
            rateUnits[k] += jobUnits;
            rateSeconds[k] += seconds;
        }
        remainingUnits = Math.max(0, remainingUnits - jobUnits);
        runsDone++;
        jobFraction = 0;
        epochText = "";
        if (!redraw) {
            out.printf(Locale.ROOT, "  %s: %s%s%n", job, result, cached ? " (cached)" : fmt(" (%.0f s)", seconds));
            out.flush();
        } else {
            clear();
            out.printf(Locale.ROOT, "  %s: %s%s%n", job, result, cached ? " (cached)" : fmt(" (%.0f s)", seconds));
            line(true);
        }
        job = "";
    }

    /** One engine measurement finished; {@code estimate} seconds were budgeted for it. */
    void measured(String what, double estimate) {
        measureSecondsLeft = Math.max(0, measureSecondsLeft - estimate);
        job = what;
        line(true);
    }

    @Override
    public void onEpoch(EpochReport r) {
        jobFraction = (double) r.epoch() / r.epochs();
        epochText = fmt(" epoch %d/%d", r.epoch(), r.epochs());
        line(false);
    }

    /** Prints a plain message above the progress line. */
    void note(String message) {
        clear();
        out.println(message);
        out.flush();
        line(true);
    }

    void done() {
        clear();
    }

    double etaSeconds() {
        double floatRate = rate(0);
        double qatRate = rate(1);
        if (Double.isNaN(floatRate) && Double.isNaN(qatRate)) {
            return Double.NaN;
        }
        if (Double.isNaN(floatRate)) {
            floatRate = qatRate * QAT_COST_PRIOR;
        }
        if (Double.isNaN(qatRate)) {
            qatRate = floatRate / QAT_COST_PRIOR;
        }
        // remaining units are mostly quantized runs (10 of 11 per seed): use that mix
        double mixedRate = 1 / (1 / (11 * floatRate) + 10 / (11 * qatRate));
        double inJob = jobUnits * jobFraction;
        return Math.max(0, remainingUnits - inJob) / mixedRate + measureSecondsLeft;
    }

    private double rate(int k) {
        return rateSeconds[k] > 0.5 ? rateUnits[k] / rateSeconds[k] : Double.NaN;
    }

    private void line(boolean force) {
        long now = System.nanoTime();
        if (!redraw) {
            if (force && !job.isEmpty() && runsDone < totalRuns && jobFraction == 0 && stage.startsWith("train")) {
                out.printf(Locale.ROOT, "[%d/%d] %s %s, elapsed %s, ETA %s%n", runsDone + 1, totalRuns, stage, job,
                        duration((now - started) / 1e9), duration(etaSeconds()));
            } else if (force && !job.isEmpty() && stage.startsWith("measure")) {
                out.printf(Locale.ROOT, "  %s (elapsed %s, ETA %s)%n", job, duration((now - started) / 1e9),
                        duration(etaSeconds()));
            } else if (force && job.isEmpty()) {
                out.printf(Locale.ROOT, "== %s (elapsed %s, ETA %s)%n", stage, duration((now - started) / 1e9),
                        duration(etaSeconds()));
            }
            out.flush();
            return;
        }
        if (!force && now - lastDraw < 250_000_000L) {
            return;
        }
        lastDraw = now;
        int pct = totalRuns == 0 ? 100 : (int) (100.0 * runsDone / totalRuns);
        String text = fmt("\r[%d/%d %3d%%] %s %s%s | elapsed %s | ETA %s", Math.min(runsDone + 1, totalRuns), totalRuns,
                pct, stage, job, epochText, duration((now - started) / 1e9), duration(etaSeconds()));
        out.print(text + "\u001b[K");
        out.flush();
    }

    private void clear() {
        if (redraw) {
            out.print("\r\u001b[K");
            out.flush();
        }
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return fmt("%dm%02ds", s / 60, s % 60);
        }
        return fmt("%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    private static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
