/*
 * One quantization-aware training run end to end, as `hsiq train --bits ...` and the
 * reproduction driver do it (the quantized counterpart of run.FloatTraining): train with
 * QatTrainer on the prepared data (fine-tuning from {@code init} when given), export the
 * quantized model with the split, normalization and settings in its metadata, and score it
 * on the test samples with the predictor eval uses, which for a quantized model is the
 * reference executor's integer semantics. The report gains bits, grad, input_bits and the
 * packed / fp32 sizes (PackedSize), and in its extra fields the clip mode, the last layer's
 * format, the init model and the fake-quant (float forward) test OA, to show the gap.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Model;
import dev.hsiq.training.protocol.EvaluationMetrics;
import dev.hsiq.training.run.Evaluator;
import dev.hsiq.training.run.FloatTraining;
import dev.hsiq.training.run.PreparedData;
import dev.hsiq.training.run.Predictors;
import dev.hsiq.training.run.TrainedModel;
import dev.hsiq.training.train.EpochListener;
import dev.hsiq.training.train.TrainConfig;
import dev.hsiq.training.train.TrainingCheckpoints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class QatTraining {

    private QatTraining() {
    }

    /** What a run produced beyond the saved model and its report. */
    public record Outcome(TrainedModel trained, QatRun run, List<String> notes) {
    }

    /**
     * Trains a quantized network of {@code data.spec()} with {@code settings}; {@code init} is
     * the model to fine-tune from (null: from scratch); {@code initName} names it in the
     * report (a file name, or null).
     */
    public static Outcome run(PreparedData data, TrainConfig config, QatSettings settings, Model init,
                              String initName, long seed, EpochListener listener) {
        return run(data, config, settings, init, initName, seed, listener, null);
    }

    /** As above, with checkpoints saved to and resumed from {@code checkpoints} (null: none). */
    public static Outcome run(PreparedData data, TrainConfig config, QatSettings settings, Model init,
                              String initName, long seed, EpochListener listener, TrainingCheckpoints checkpoints) {
        TrainConfig cfg = config.withSeed(seed);
        QatTrainer trainer = new QatTrainer(settings, cfg);
        QatRun run;
        try {
            run = trainer.train(data.spec(), data.data().bands(), data.data().classNames(), data.normalization(),
                    data.train(), data.validation(), init, Map.of(), listener, checkpoints);
        } catch (IllegalArgumentException e) {
            if (init != null && e.getMessage() != null && e.getMessage().startsWith("initial model")) {
                throw new BadInputException("--init " + (initName == null ? "" : initName + ": ") + e.getMessage());
            }
            throw e;
        }
        Map<String, Object> meta = new LinkedHashMap<>(FloatTraining.metadata(data, cfg, seed, run.training()));
        meta.putAll(run.model().metadata());
        if (initName != null) {
            meta.put("init_model", initName);
        }
        Model m = run.model();
        Model model = new Model(m.spec(), m.bands(), m.classNames(), m.normalization(), m.params(), m.qweights(), meta);
        EvaluationMetrics metrics = Evaluator.evaluate(Predictors.forModel(model), model.spec(), data.data(),
                data.split().test());
        EvaluationMetrics fake = Evaluator.evaluate(Predictors.network(run.network(), model.normalization(),
                model.spec()), model.spec(), data.data(), data.split().test());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("clip", settings.clip().label());
        if (settings.firstWeights() != null) {
            extra.put("first_layer", settings.firstWeights().toString());
        }
        if (settings.firstActivationBits() != 0) {
            extra.put("first_activation", settings.firstActivationBits());
        }
        extra.put("last_layer", settings.quant().lastWeights().toString());
        if (settings.gradientScalingDelta() > 0) {
            extra.put("gradient_scaling", String.valueOf(settings.gradientScalingDelta()));
        }
        extra.put("input_margin", settings.inputMargin());
        extra.put("init", initName == null ? "scratch" : initName);
        extra.put("fake_quant_oa", fake.oa());
        extra.put("memory_ratio_note", "float32 parameter bytes / packed parameter bytes of the same network");
        List<String> notes = new ArrayList<>(run.notes());
        TrainedModel trained = new TrainedModel(model, FloatTraining.report(data, model, metrics, cfg.epochs(),
                run.training().trainSeconds(), run.network().trainableParameterCount(), settings.quant().label(),
                settings.gradient().label(), settings.quant().inputBits(), extra));
        return new Outcome(trained, run, notes);
    }
}
