/*
 * One float training run end to end, as `hsiq train` and the reproduction driver do it:
 * build the network from the spec, train it on the prepared data, export the engine
 * model (with the split, normalization and settings in its metadata), and score it on the
 * test samples with the predictor eval uses, so the report's figures are the model's.
 */
package dev.hsiq.training.run;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.reference.PackedSize;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.protocol.EvaluationMetrics;
import dev.hsiq.training.report.RunReport;
import dev.hsiq.training.train.EpochListener;
import dev.hsiq.training.train.TrainConfig;
import dev.hsiq.training.train.TrainResult;
import dev.hsiq.training.train.Trainer;
import dev.hsiq.training.train.TrainingCheckpoints;

import java.util.LinkedHashMap;
import java.util.Map;

public final class FloatTraining {

    private FloatTraining() {
    }

    /** Trains a float network of {@code spec} (unresolved or resolved) on {@code data}. */
    public static TrainedModel run(PreparedData data, TrainConfig config, long seed, EpochListener listener) {
        return run(data, config, seed, listener, null);
    }

    /** As above, with checkpoints saved to and resumed from {@code checkpoints} (null: none). */
    public static TrainedModel run(PreparedData data, TrainConfig config, long seed, EpochListener listener,
                                   TrainingCheckpoints checkpoints) {
        ModelSpec spec = data.spec().resolve(data.data().classCount(), null);
        Network net = Network.build(spec, data.data().bands(), seed);
        TrainResult result = new Trainer(config.withSeed(seed)).train(net, data.train(), data.validation(), listener,
                checkpoints);
        Map<String, Object> meta = metadata(data, config, seed, result);
        Model model = net.toModel(data.data().classNames(), data.normalization(), meta);
        EvaluationMetrics metrics = Evaluator.evaluate(Predictors.forModel(model), model.spec(), data.data(),
                data.split().test());
        return new TrainedModel(model, report(data, model, metrics, config.epochs(), result.trainSeconds(),
                net.trainableParameterCount(), "fp32", "none", 0, Map.of()));
    }

    /** Metadata every trained model carries: where it came from and how it was trained. */
    public static Map<String, Object> metadata(PreparedData data, TrainConfig config, long seed, TrainResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", data.data().name());
        m.put("provenance", data.data().provenance());
        m.put("split", data.splitMetadata());
        m.put("seed", seed);
        m.put("train_config", config.describe());
        m.put("epochs", (long) config.epochs());
        m.put("train_seconds", result.trainSeconds());
        m.put("created", java.time.Instant.now().toString());
        return m;
    }

    /** The run report of a model scored on the prepared data's test set. */
    public static RunReport report(PreparedData data, Model model, EvaluationMetrics metrics, int epochs,
                                   double trainSeconds, long params, String bits, String grad, int inputBits,
                                   Map<String, Object> extra) {
        PackedSize size = PackedSize.of(model.spec(), model.bands());
        long fp32 = size.weightBytesFp32();
        long packed = model.spec().isQuantized() ? size.weightBytesPacked() : fp32;
        return new RunReport(data.data().name(), data.data().provenance(), model.spec().name(), bits, grad, inputBits,
                data.split().spec().byRatio() ? data.split().spec().ratio() : Double.NaN, data.split().spec().seed(),
                data.split().train().length, data.split().test().length, metrics, epochs, trainSeconds, params,
                packed, fp32, packed, extra);
    }
}
