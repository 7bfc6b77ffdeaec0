/*
 * The training progress bar on stderr: one line per epoch, redrawn in place on a terminal
 * ("\r"), or printed every few epochs when stderr is a file or pipe, so logs stay short:
 *
 *   train spectral-cnn [=========>          ] epoch 47/100 loss 0.412 acc 91.2% lr 0.102 12s ETA 14s
 */
package dev.hsiq.training.cli;

import dev.hsiq.training.train.EpochListener;
import dev.hsiq.training.train.EpochReport;

import java.io.PrintStream;
import java.util.Locale;

public final class EpochProgress implements EpochListener {

    private static final int WIDTH = 20;

    private final String label;
    private final PrintStream err;
    private final boolean terminal;
    private final boolean quiet;

    public EpochProgress(String label, boolean quiet) {
        this(label, System.err, System.console() != null, quiet);
    }

    EpochProgress(String label, PrintStream err, boolean terminal, boolean quiet) {
        this.label = label;
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    @Override
    public void onEpoch(EpochReport r) {
        if (quiet) {
            return;
        }
        boolean last = r.epoch() == r.epochs();
        int every = Math.max(1, r.epochs() / 10);
        if (!terminal && !last && r.epoch() % every != 0 && r.epoch() != 1) {
            return;
        }
        String line = format(r);
        if (terminal) {
            err.print("\r" + line + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    String format(EpochReport r) {
        int filled = (int) Math.round(WIDTH * (double) r.epoch() / r.epochs());
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled - 1 ? '=' : i == filled - 1 ? '>' : ' ');
        }
        bar.append(']');
        String val = Double.isNaN(r.validationAccuracy()) ? ""
                : String.format(Locale.ROOT, " val %.1f%%", 100 * r.validationAccuracy());
        return String.format(Locale.ROOT, "%s %s epoch %d/%d loss %.3f acc %.1f%%%s lr %.3g %s ETA %s",
                label, bar, r.epoch(), r.epochs(), r.loss(), 100 * r.trainAccuracy(), val, r.learningRate(),
                seconds(r.elapsedSeconds()), seconds(r.etaSeconds()));
    }

    static String seconds(double s) {
        if (!(s >= 0)) {
            return "?";
        }
        long t = Math.round(s);
        return t < 60 ? t + "s" : t < 3600 ? (t / 60) + "m" + String.format("%02d", t % 60) + "s"
                : (t / 3600) + "h" + String.format("%02d", (t / 60) % 60) + "m";
    }
}
