/*
 * `hsiq train`: trains a network on a dataset with the stratified split protocol and
 * writes DIR/model.hsiq, DIR/report.json and DIR/report.md. The report's scores are the
 * saved model's, on the test samples of the split.
 * With --bits (QatOptions) it trains the quantized network instead (QatTraining), from
 * scratch or fine-tuned from --init.
 *
 * Checkpoints (RunCheckpoint): after every epoch, and at the next batch boundary on Ctrl-C,
 * the complete training state goes to DIR/checkpoint.bin (atomically); the same command
 * with --resume DIR continues from it and ends with the model an uninterrupted run makes,
 * bit for bit (training runs on one thread). A resume with other options or data is
 * refused naming what differs. The checkpoint is deleted once the model is written.
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.training.checkpoint.RunCheckpoint;
import dev.hsiq.training.checkpoint.RunFingerprint;
import dev.hsiq.training.data.DatasetRegistry;
import dev.hsiq.training.data.LabeledData;
import dev.hsiq.training.quant.QatSettings;
import dev.hsiq.training.quant.QatTraining;
import dev.hsiq.training.run.FloatTraining;
import dev.hsiq.training.run.ModelSpecs;
import dev.hsiq.training.run.PreparedData;
import dev.hsiq.training.run.TrainedModel;
import dev.hsiq.training.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network on a dataset; writes DIR/model.hsiq, DIR/report.json, DIR/report.md.")
public final class TrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    DataDirOption data;

    @Mixin
    SplitOptions split;

    @Mixin
    QatOptions qat;

    @Option(names = "--dataset", required = true, paramLabel = "NAME",
            description = "Dataset name (see 'hsiq data list'), e.g. IndianPines-spectra.")
    String dataset;

    @Option(names = "--model", required = true, paramLabel = "NET",
            description = "spectral-cnn, patch-cnn, or a JSON spec file.")
    String model;

    @Option(names = "--patch-size", paramLabel = "P", defaultValue = "0",
            description = "Patch size of a patch network (odd; default: the spec's, 9 for patch-cnn).")
    int patchSize;

    @Option(names = "--epochs", paramLabel = "E", description = "Training epochs (default: tuned per network).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Mini-batch size (default: tuned per network).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default: tuned per network).")
    Double learningRate;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the interrupted run whose --out was DIR from DIR/checkpoint.bin; give the "
                    + "same options as that run (a checkpoint is written after every epoch and on Ctrl-C).")
    Path resume;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        qat.check();
        ModelSpec spec = ModelSpecs.resolve(model, patchSize);
        QatSettings quant = qat.active() ? qat.settings() : null;
        Model init = qat.active() ? qat.initModel() : null;
        LabeledData d = load(data, dataset, spec);
        PreparedData prepared = PreparedData.prepare(d, spec, split.spec(DatasetRegistry.get(dataset)));
        TrainConfig config = config(spec);
        if (!quiet) {
            System.err.printf(Locale.ROOT, "train %s on %s (%s): %d training, %d test samples, %s%n", spec.name(),
                    d.name(), d.provenance(), prepared.split().train().length, prepared.split().test().length,
                    config.describe());
            if (quant != null) {
                System.err.println("quantized: " + quant.describe() + (init == null ? ", from scratch"
                        : ", fine-tuned from " + qat.initName()));
            }
            prepared.split().notes().forEach(n -> System.err.println("note: " + n));
        }
        RunCheckpoint checkpoint = RunCheckpoint.open(out, resume,
                RunFingerprint.of(prepared, spec, config, split.seed(), quant, init), System.err);
        if (checkpoint.resuming()) {
            System.err.println("resuming from " + resume.resolve(RunCheckpoint.FILE_NAME) + " "
                    + checkpoint.resumePoint(config.epochs()));
        } else if (Files.isRegularFile(checkpoint.file())) {
            System.err.println("note: " + checkpoint.file() + " holds the checkpoint of an interrupted run; this "
                    + "new run replaces it (add --resume " + out + " to continue that run instead)");
        }
        checkpoint.notes().forEach(n -> System.err.println("note: " + n));
        TrainedModel trained;
        if (quant == null) {
            trained = FloatTraining.run(prepared, config, split.seed(), new EpochProgress(spec.name(), quiet),
                    checkpoint);
        } else {
            QatTraining.Outcome o = QatTraining.run(prepared, config, quant, init, qat.initName(), split.seed(),
                    new EpochProgress(spec.name() + " " + quant.quant().label(), quiet), checkpoint);
            o.notes().forEach(n -> System.err.println("note: " + n));
            trained = o.trained();
        }
        trained.write(out);
        checkpoint.finish();
        printSummary(trained, out, out());
        return 0;
    }

    TrainConfig config(ModelSpec spec) {
        TrainConfig c = qat.active() ? qat.defaults(spec) : TrainConfig.defaultsFor(spec.name());
        if (epochs != null) {
            if (epochs < 1) {
                throw new BadInputException("--epochs " + epochs + " must be at least 1");
            }
            c = c.withEpochs(epochs);
        }
        if (batchSize != null) {
            if (batchSize < 1) {
                throw new BadInputException("--batch-size " + batchSize + " must be at least 1");
            }
            c = c.withBatchSize(batchSize);
        }
        if (learningRate != null) {
            if (!(learningRate > 0)) {
                throw new BadInputException("--lr " + learningRate + " must be positive");
            }
            c = c.withLearningRate(learningRate);
        }
        return c;
    }

    /** The data a spec reads: labeled spectra for a spectrum network, a scene for a patch network. */
    static LabeledData load(DataDirOption data, String dataset, ModelSpec spec) {
        return spec.input() == ModelSpec.InputKind.PATCH ? data.datasets().loadScene(dataset)
                : data.datasets().loadSpectra(dataset);
    }

    static void printSummary(TrainedModel trained, Path out, java.io.PrintWriter w) {
        var r = trained.report();
        w.printf(Locale.ROOT, "%s on %s (%s): OA %.2f%%  AA %.2f%%  kappa %.4f  (%d test samples, %.1f s training)%n",
                r.model(), r.dataset(), r.bits(), 100 * r.metrics().oa(), 100 * r.metrics().aa(), r.metrics().kappa(),
                r.nTest(), r.trainSeconds());
        w.println("wrote " + out.resolve("model.hsiq") + ", report.json, report.md");
        w.flush();
    }

    private java.io.PrintWriter out() {
        return commandSpec.commandLine().getOut();
    }
}
