/*
 * The reproduction's cache of finished training runs: one directory per run key
 * (dataset, network, bits, gradient, input bits, seed, epochs, mode) under DIR/cache,
 * holding model.hsiq, report.json and report.md. A run counts as done only when all of
 * them are there and readable, and each is written atomically, so an interrupted
 * reproduction resumes from the last finished run and never reads a half-written one.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.json.Json;
import dev.hsiq.training.report.RunReport;
import dev.hsiq.training.run.TrainedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

public final class RunCache {

    private final Path root;

    public RunCache(Path root) {
        this.root = root;
    }

    /** The identity of a training run; equal keys mean the same run. */
    public record Key(String dataset, String model, String bits, String grad, int inputBits, long seed, int epochs,
                      String mode) {

        /** A directory name made of the key's parts. */
        public String dirName() {
            String s = String.join("_", dataset, model, bits.replace('/', 'x'), grad, "in" + inputBits, "s" + seed,
                    "e" + epochs, mode);
            return s.replaceAll("[^A-Za-z0-9._-]", "-");
        }
    }

    public Path dir(Key key) {
        return root.resolve(key.dirName());
    }

    /** The cached run, when complete and readable. */
    public Optional<TrainedModel> get(Key key) {
        Path d = dir(key);
        Path model = d.resolve("model.hsiq");
        Path report = d.resolve("report.json");
        if (!Files.isRegularFile(model) || !Files.isRegularFile(report) || !Files.isRegularFile(d.resolve("report.md"))) {
            return Optional.empty();
        }
        try {
            RunReport r = RunReport.fromJson(Json.parseObject(Files.readString(report)), report.toString());
            return Optional.of(new TrainedModel(ModelFile.read(model), r));
        } catch (IOException | HsiqException | IllegalArgumentException e) {
            System.err.println("note: ignoring unreadable cache entry " + d + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** Stores a finished run under {@code key} (report.md last: it marks the entry complete); returns it. */
    public TrainedModel put(Key key, TrainedModel t) {
        t.write(dir(key));
        return t;
    }
}
