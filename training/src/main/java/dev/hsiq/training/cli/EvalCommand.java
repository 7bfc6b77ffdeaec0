/*
 * `hsiq eval`: scores a saved model on a dataset's test samples and writes
 * DIR/report.json and DIR/report.md. By default it rebuilds the split recorded in the
 * model file (same rule, ratio or count, minimum and seed) and checks its fingerprint, so
 * the test set is exactly the one the training report used. Split options override it.
 * The model runs on the compiled engine (Predictors.forModel) with --threads threads.
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.training.data.DatasetRegistry;
import dev.hsiq.training.data.LabeledData;
import dev.hsiq.training.protocol.EvaluationMetrics;
import dev.hsiq.training.protocol.Split;
import dev.hsiq.training.protocol.SplitSpec;
import dev.hsiq.training.protocol.StratifiedSplitter;
import dev.hsiq.training.report.RunReport;
import dev.hsiq.training.run.Evaluator;
import dev.hsiq.training.run.ModelInfo;
import dev.hsiq.training.run.Predictors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a model on a dataset's test samples; writes DIR/report.json and DIR/report.md.")
public final class EvalCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    DataDirOption data;

    @Mixin
    SplitOptions split;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A .hsiq model file.")
    Path modelFile;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Dataset (default: the one the model was trained on).")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws java.io.IOException {
        int threadCount = threads.value();
        Model model = ModelFile.read(modelFile);
        ModelInfo info = ModelInfo.of(model);
        String name = dataset != null ? dataset : info.dataset();
        if (name == null) {
            throw new BadInputException(modelFile + " does not record its dataset; give --dataset");
        }
        LabeledData d = TrainCommand.load(data, name, model.spec());
        d.requireBands(model.bands(), "model " + modelFile);
        if (d.classCount() != model.classes()) {
            throw new BadInputException("model " + modelFile + " has " + model.classes() + " classes, dataset " + name
                    + " has " + d.classCount());
        }
        boolean sameData = name.equals(info.dataset());
        SplitSpec spec;
        if (split.explicit() || !sameData || info.splitSpec() == null) {
            spec = split.spec(DatasetRegistry.get(name));
        } else {
            spec = info.splitSpec();
            if (split.seed() != 1 && split.seed() != spec.seed()) {
                spec = spec.withSeed(split.seed());
            }
        }
        Split s = StratifiedSplitter.split(d, spec);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("model_file", modelFile.toString());
        extra.put("split_fingerprint", s.fingerprintHex());
        if (sameData && info.splitFingerprint() != null) {
            boolean same = info.splitFingerprint().equals(s.fingerprintHex());
            extra.put("same_split_as_training", same);
            if (!same) {
                System.err.println("note: this split differs from the model's training split; its test set may "
                        + "contain samples the model was trained on");
            }
        }
        EvaluationMetrics m = Evaluator.evaluate(Predictors.forModel(model, threadCount), model.spec(), d, s.test());
        RunReport r = new RunReport(name, d.provenance(), model.spec().name(), info.bits(), info.grad(),
                model.spec().inputBits(), spec.byRatio() ? spec.ratio() : Double.NaN, spec.seed(), s.train().length,
                s.test().length, m, info.epochs(), info.trainSeconds(), info.params(), info.weightBytes(),
                info.weightBytesFp32(), info.weightBytes(), extra);
        r.write(out);
        out().printf(Locale.ROOT, "%s on %s (%s): OA %.2f%%  AA %.2f%%  kappa %.4f  (%d test samples)%n",
                model.spec().name(), name, info.bits(), 100 * m.oa(), 100 * m.aa(), m.kappa(), s.test().length);
        out().println("wrote " + out.resolve("report.json") + ", report.md");
        return 0;
    }

    private java.io.PrintWriter out() {
        return commandSpec.commandLine().getOut();
    }
}
