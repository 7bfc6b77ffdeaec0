/*
 * The checkpoints of one `hsiq train` run: DIR/checkpoint.bin in the run's output
 * directory, rewritten atomically after every epoch (CheckpointFile), resumed from with
 * `--resume DIR`, and deleted once the run's model and reports are written.
 *
 *   open(out, resume, fingerprint)  a fresh run (resume null) or one continuing from
 *                                   resume/checkpoint.bin, read and checked at once: a
 *                                   missing, damaged or foreign checkpoint, or one written
 *                                   with other options or data (RunFingerprint), is a one-line
 *                                   error naming the file and what differs
 *   start / save / stopRequested / end   the Trainer's side (TrainingCheckpoints)
 *   finish()                        the run is complete: delete the checkpoint
 *
 * Interrupts. While the training loop runs, a JVM shutdown hook (SIGINT / Ctrl-C, SIGTERM,
 * System.exit from elsewhere) asks the trainer to stop: it saves a checkpoint at the next
 * batch boundary (mid-epoch) and the hook waits up to STOP_WAIT_SECONDS for that before the
 * JVM exits. A SIGKILL runs no hook; the last epoch's checkpoint is then what a resume
 * continues from. Either way the file on disk is always a complete checkpoint: the
 * previous one until the new one has been moved into place.
 */
package dev.hsiq.training.checkpoint;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.io.AtomicFiles;
import dev.hsiq.training.train.TrainingCheckpoints;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public final class RunCheckpoint implements TrainingCheckpoints {

    /** The checkpoint's file name in the run's output directory. */
    public static final String FILE_NAME = "checkpoint.bin";

    /** How long an interrupt waits for the trainer to save at the next batch boundary. */
    public static final int STOP_WAIT_SECONDS = 60;

    private static final String FINGERPRINT = "fingerprint";

    private final Path file;
    private final Path resumeDir;
    private final RunFingerprint fingerprint;
    private final CheckpointData resumeState;
    private final List<String> notes;
    private final PrintStream log;
    private volatile boolean stopRequested;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread hook;

    private RunCheckpoint(Path file, Path resumeDir, RunFingerprint fingerprint, CheckpointData resumeState,
                          List<String> notes, PrintStream log) {
        this.file = file;
        this.resumeDir = resumeDir;
        this.fingerprint = fingerprint;
        this.resumeState = resumeState;
        this.notes = notes;
        this.log = log;
    }

    /**
     * Checkpoints into {@code out}; with {@code resume} (a previous run's output directory)
     * the run continues from its checkpoint, which must match {@code fingerprint}.
     * Messages for an interrupt go to {@code log}.
     */
    public static RunCheckpoint open(Path out, Path resume, RunFingerprint fingerprint, PrintStream log) {
        Path target = out.resolve(FILE_NAME);
        if (resume == null) {
            return new RunCheckpoint(target, null, fingerprint, null, List.of(), log);
        }
        Path source = resume.resolve(FILE_NAME);
        if (!Files.isRegularFile(source)) {
            String why = !Files.isDirectory(resume) ? "no such directory"
                    : Files.isRegularFile(resume.resolve("model.hsiq"))
                    ? "it holds no " + FILE_NAME + " but a model.hsiq: that run has finished"
                    : "it holds no " + FILE_NAME + " (the run did not finish its first epoch?)";
            throw new BadInputException("--resume " + resume + ": " + why);
        }
        CheckpointData state = CheckpointFile.read(source);
        RunFingerprint saved = RunFingerprint.parse(state.string(FINGERPRINT), state);
        List<String> diff = fingerprint.differences(saved);
        if (!diff.isEmpty()) {
            throw new BadInputException("--resume " + resume + ": the checkpoint " + source + " was written by a run "
                    + "with other options or data; differing: " + String.join("; ", diff)
                    + " (give the interrupted run's options, or start afresh without --resume)");
        }
        state.remove(FINGERPRINT);
        return new RunCheckpoint(target, resume, fingerprint, state, fingerprint.notes(saved), log);
    }

    /** The file checkpoints are written to. */
    public Path file() {
        return file;
    }

    /** True when this run continues from a checkpoint. */
    public boolean resuming() {
        return resumeState != null;
    }

    /** Where a resumed run stands: "epoch E of N" (the next epoch to run), for messages. */
    public String resumePoint(int epochs) {
        if (resumeState == null) {
            return "";
        }
        int e = resumeState.intValue("trainer/epoch");
        int b = resumeState.intValue("trainer/batch");
        return e >= epochs ? "after the last epoch" : b == 0 ? "at the start of epoch " + (e + 1) + " of " + epochs
                : "in epoch " + (e + 1) + " of " + epochs + " after batch " + b;
    }

    /** Warnings about the resume (other kernels than the interrupted run), one per line. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public CheckpointData start() {
        deleteStaleTemporaries();
        hook = new Thread(this::interrupted, "hsiq-train-checkpoint");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            hook = null; // already shutting down
            stopRequested = true;
        }
        return resumeState;
    }

    @Override
    public void save(CheckpointData state) {
        CheckpointData d = new CheckpointData(file.toString());
        d.putString(FINGERPRINT, fingerprint.text());
        d.putAll(state);
        CheckpointFile.write(d, file);
        if (stopRequested) {
            log.println("hsiq train: interrupted; checkpoint saved in " + file + "; continue with the same options "
                    + "and --resume " + file.getParent());
            log.flush();
            stopped.countDown();
        }
    }

    @Override
    public boolean stopRequested() {
        return stopRequested;
    }

    /** Asks the trainer to save and stop at the next batch boundary (what an interrupt does). */
    public void requestStop() {
        stopRequested = true;
    }

    @Override
    public void end() {
        stopped.countDown();
        Thread h = hook;
        hook = null;
        if (h != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(h);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running and returns once stopped is released
            }
        }
    }

    /** The run is complete (model and reports written): removes the checkpoint. */
    public void finish() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.println("note: cannot delete the finished run's checkpoint " + file + ": " + e.getMessage());
        }
    }

    /** The resume directory (null for a fresh run). */
    public Path resumeDir() {
        return resumeDir;
    }

    private void interrupted() {
        stopRequested = true;
        try {
            if (!stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.println("hsiq train: interrupted; no checkpoint could be saved within " + STOP_WAIT_SECONDS
                        + " s; " + file + " holds the last finished epoch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Temporary files of a save that a killed process left behind (".checkpoint.bin.*.part"). */
    private void deleteStaleTemporaries() {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "." + FILE_NAME + ".*.part")) {
            for (Path p : ds) {
                AtomicFiles.deleteQuietly(p);
            }
        } catch (IOException e) {
            // leftovers are harmless; the next save writes a new temporary file
        }
    }
}
