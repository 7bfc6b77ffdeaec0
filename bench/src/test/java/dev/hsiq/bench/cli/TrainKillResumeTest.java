/*
 * Kill and resume (issue 7 item 4): `hsiq train` runs as a separate JVM on a small fixture
 * (a synthetic ground-truth map of the SalinasA layout written into @TempDir, so the
 * SalinasA-synthetic stand-in needs no shared data), is killed with SIGKILL
 * (Process.destroyForcibly, no shutdown hook runs) at random moments (up to 1.5 s, a few
 * epochs, after it has written a new checkpoint), and is resumed each time with the same
 * options plus --resume DIR; the second of the three interruptions is a SIGTERM
 * (Process.destroy), whose shutdown hook saves a checkpoint at the next batch boundary.
 * The final model must equal the model of an uninterrupted run of the same command: every
 * parameter bit for bit, spec, classes, normalization and metadata equal but for the
 * creation time and the training seconds (the only fields that differ between two runs).
 * The interrupted run's checkpoint must be gone at the end.
 *
 * Also through HsiqMain in this JVM: a resume with another option is refused in one line
 * naming the option and both values, a damaged checkpoint is refused naming the file, and
 * a directory without a checkpoint is explained.
 */
package dev.hsiq.bench.cli;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.training.checkpoint.CheckpointFile;
import dev.hsiq.training.checkpoint.RunCheckpoint;
import dev.hsiq.training.data.DatasetInfo;
import dev.hsiq.training.data.DatasetRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TrainKillResumeTest {

    static final String DATASET = "SalinasA-synthetic";
    static final int EPOCHS = 40;

    static final String SPEC = """
            {"name": "kill-spectral", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 6, "kernel": 7}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "maxpool1d", "kernel": 4},
              {"type": "dense", "out": 24}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dropout", "p": 0.2},
              {"type": "dense", "out": "classes"}]}
            """;

    @TempDir
    Path dir;

    @Test
    void aRunInterruptedThreeTimesAndResumedEndsWithTheUninterruptedModel() throws Exception {
        long t0 = System.nanoTime();
        Path data = fixture(dir.resolve("data"));
        Path spec = dir.resolve("kill-spectral.json");
        Files.writeString(spec, SPEC);

        Path reference = dir.resolve("reference");
        Process straight = start(args(data, spec, reference), dir.resolve("reference.log"));
        assertThat(straight.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(straight.exitValue()).as(Files.readString(dir.resolve("reference.log"))).isZero();
        assertThat(reference.resolve(RunCheckpoint.FILE_NAME)).doesNotExist();

        Path out = dir.resolve("interrupted");
        Path checkpoint = out.resolve(RunCheckpoint.FILE_NAME);
        Random random = new Random(System.nanoTime());
        int lastEpoch = 0;
        int kills = 0;
        List<Integer> killEpochs = new ArrayList<>();
        List<String> resumeArgs = new ArrayList<>(args(data, spec, out));
        for (int attempt = 0; attempt < 4 && kills < 3; attempt++) {
            List<String> a = attempt == 0 ? args(data, spec, out) : resumeArgs;
            Process p = start(a, dir.resolve("run" + attempt + ".log"));
            int epoch = waitForCheckpointAfter(checkpoint, lastEpoch, p);
            if (epoch < 0) {
                break; // finished before a kill: nothing left to interrupt
            }
            // a random moment up to 1.5 s later (some epochs on), but well before the end
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(1500));
            while (System.nanoTime() < killAt && epochOf(checkpoint) < EPOCHS * 3 / 4) {
                Thread.sleep(5);
            }
            boolean graceful = kills == 1; // the second interruption is a SIGTERM: the hook saves mid-epoch
            if (graceful) {
                p.destroy();
            } else {
                p.destroyForcibly();
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (graceful) {
                assertThat(Files.readString(dir.resolve("run" + attempt + ".log")))
                        .contains("hsiq train: interrupted; checkpoint saved in " + checkpoint
                                + "; continue with the same options and --resume " + out);
            }
            kills++;
            lastEpoch = CheckpointFile.read(checkpoint).intValue("trainer/epoch");
            killEpochs.add(lastEpoch);
            if (kills == 1) {
                checkRefusals(data, spec, out);
                resumeArgs.add("--resume");
                resumeArgs.add(out.toString());
            }
        }
        assertThat(kills).as("the run must be interrupted three times mid-training (it ran too fast?)").isEqualTo(3);
        assertThat(lastEpoch).isLessThan(EPOCHS);

        Process last = start(resumeArgs, dir.resolve("final.log"));
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("final.log"));
        assertThat(last.exitValue()).as(log).isZero();
        assertThat(log).contains("resuming from " + checkpoint);
        assertThat(checkpoint).doesNotExist();

        assertSameModel(ModelFile.read(out.resolve("model.hsiq")), ModelFile.read(reference.resolve("model.hsiq")));
        System.out.printf("kill-and-resume: 3 interruptions (checkpoints at epochs %s of %d), %.1f s in all%n", killEpochs,
                EPOCHS, (System.nanoTime() - t0) / 1e9);
    }

    /** Resumes that must be refused, tried on a copy of the first kill's checkpoint. */
    private void checkRefusals(Path data, Path spec, Path out) throws IOException {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        Files.copy(out.resolve(RunCheckpoint.FILE_NAME), copy.resolve(RunCheckpoint.FILE_NAME));

        List<String> other = new ArrayList<>(args(data, spec, copy));
        other.set(other.indexOf("--epochs") + 1, Integer.toString(EPOCHS + 1));
        other.addAll(List.of("--resume", copy.toString()));
        Run r = hsiq(other);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().toList()).containsExactly("hsiq: --resume " + copy + ": the checkpoint "
                + copy.resolve(RunCheckpoint.FILE_NAME) + " was written by a run with other options or data; differing: "
                + "train.epochs (checkpoint " + EPOCHS + ", now " + (EPOCHS + 1) + ") (give the interrupted run's "
                + "options, or start afresh without --resume)");

        byte[] bytes = Files.readAllBytes(copy.resolve(RunCheckpoint.FILE_NAME));
        Files.write(copy.resolve(RunCheckpoint.FILE_NAME), Arrays.copyOf(bytes, bytes.length / 2));
        List<String> same = new ArrayList<>(args(data, spec, copy));
        same.addAll(List.of("--resume", copy.toString()));
        Run damaged = hsiq(same);
        assertThat(damaged.exit()).isEqualTo(1);
        assertThat(damaged.err().lines().toList()).containsExactly("hsiq: " + copy.resolve(RunCheckpoint.FILE_NAME)
                + ": truncated: the header says " + bytes.length + " bytes, the file has " + bytes.length / 2);

        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        List<String> none = new ArrayList<>(args(data, spec, empty));
        none.addAll(List.of("--resume", empty.toString()));
        Run missing = hsiq(none);
        assertThat(missing.err().lines().toList()).containsExactly("hsiq: --resume " + empty + ": it holds no "
                + RunCheckpoint.FILE_NAME + " (the run did not finish its first epoch?)");
    }

    static List<String> args(Path data, Path spec, Path out) {
        return new ArrayList<>(List.of("train", "--dataset", DATASET, "--model", spec.toString(), "--train-count", "40",
                "--seed", "3", "--epochs", Integer.toString(EPOCHS), "--batch-size", "16", "--data", data.toString(),
                "--quiet", "--out", out.toString()));
    }

    /** `hsiq ARGS` in a new JVM with this JVM's class path and the vector module, output to {@code log}. */
    static Process start(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), HsiqMain.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until {@code checkpoint} holds an epoch after {@code after}; returns it, or -1 when
     * the process ended first.
     */
    static int waitForCheckpointAfter(Path checkpoint, int after, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return -1;
            }
            if (Files.isRegularFile(checkpoint)) {
                try {
                    int e = CheckpointFile.read(checkpoint).intValue("trainer/epoch");
                    if (e > after) {
                        return e;
                    }
                } catch (RuntimeException replacedWhileReading) {
                    // the atomic move raced the read; look again
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no new checkpoint within 90 s");
    }

    /** The checkpoint's epoch, or 0 when it cannot be read right now. */
    static int epochOf(Path checkpoint) {
        try {
            return CheckpointFile.read(checkpoint).intValue("trainer/epoch");
        } catch (RuntimeException e) {
            return 0;
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run hsiq(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HsiqMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    static void assertSameModel(Model a, Model b) {
        assertThat(a.spec().toJson()).isEqualTo(b.spec().toJson());
        assertThat(a.bands()).isEqualTo(b.bands());
        assertThat(a.classNames()).isEqualTo(b.classNames());
        assertThat(a.normalization().low()).isEqualTo(b.normalization().low());
        assertThat(a.normalization().high()).isEqualTo(b.normalization().high());
        assertThat(a.params().keySet()).containsExactlyElementsOf(b.params().keySet());
        for (Map.Entry<String, Tensor> e : a.params().entrySet()) {
            Tensor t = b.params().get(e.getKey());
            assertThat(e.getValue().shape()).isEqualTo(t.shape());
            assertThat(bits(e.getValue().data())).as(e.getKey()).isEqualTo(bits(t.data()));
        }
        assertThat(a.qweights()).isEmpty();
        Map<String, Object> ma = new LinkedHashMap<>(a.metadata());
        Map<String, Object> mb = new LinkedHashMap<>(b.metadata());
        for (String volatileKey : List.of("created", "train_seconds")) {
            assertThat(ma.remove(volatileKey)).isNotNull();
            mb.remove(volatileKey);
        }
        assertThat(ma).isEqualTo(mb);
    }

    static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    /**
     * A data directory whose salinas_a/SalinasA_gt.mat is a synthetic map with the canonical
     * SalinasA shape and per-class counts (classes in horizontal bands, 0 elsewhere), as an
     * uncompressed MAT level 5 file with one uint8 matrix.
     */
    static Path fixture(Path dataDir) throws IOException {
        DatasetInfo info = DatasetRegistry.get(DATASET);
        int rows = info.rows();
        int cols = info.cols();
        byte[] rowMajor = new byte[rows * cols];
        int pos = 0;
        for (int k = 0; k < info.classIds().length; k++) {
            for (int i = 0; i < info.expectedCounts()[k]; i++) {
                rowMajor[pos++] = (byte) info.classIds()[k];
            }
        }
        byte[] columnMajor = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                columnMajor[r + c * rows] = rowMajor[r * cols + c];
            }
        }
        Path file = dataDir.resolve(info.groundTruth().relativePath());
        Files.createDirectories(file.getParent());
        Files.write(file, mat5Uint8(info.groundTruth().variables().get(0), rows, cols, columnMajor));
        return dataDir;
    }

    static byte[] mat5Uint8(String name, int rows, int cols, byte[] columnMajor) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        int namePadded = (nameBytes.length + 7) / 8 * 8;
        int dataPadded = (columnMajor.length + 7) / 8 * 8;
        int matrixBytes = 16 + 16 + 8 + namePadded + 8 + dataPadded;
        ByteBuffer b = ByteBuffer.allocate(128 + 8 + matrixBytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] text = String.format("%-116s", "MATLAB 5.0 MAT-file, test fixture").getBytes(StandardCharsets.US_ASCII);
        b.put(text).putLong(0).putShort((short) 0x0100).put((byte) 'I').put((byte) 'M');
        b.putInt(14).putInt(matrixBytes); // miMATRIX
        b.putInt(6).putInt(8).putInt(9).putInt(0); // array flags (miUINT32): class mxUINT8
        b.putInt(5).putInt(8).putInt(rows).putInt(cols); // dimensions (miINT32)
        b.putInt(1).putInt(nameBytes.length).put(nameBytes).put(new byte[namePadded - nameBytes.length]);
        b.putInt(2).putInt(columnMajor.length).put(columnMajor).put(new byte[dataPadded - columnMajor.length]);
        return b.array();
    }
}
