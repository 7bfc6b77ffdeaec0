/*
 * Checkpoint and resume of quantization-aware training (issue 7 item 4): interrupted at
 * some batch or epoch boundary and resumed on a freshly prepared network, a QAT run exports
 * a model file byte-identical to the uninterrupted run's. Covers the tanh surrogate (its
 * cached derivative table is layer state), learnable clip levels, integer-semantics
 * validation with best-epoch selection and batch-norm recalibration (the selection's state
 * is in the checkpoint), from scratch and fine-tuned with distillation.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.training.checkpoint.CheckpointData;
import dev.hsiq.training.train.MemoryCheckpoints;
import dev.hsiq.training.train.TrainConfig;
import dev.hsiq.training.train.TrainingCheckpoints;
import dev.hsiq.training.train.TrainingStoppedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QatResumeTest {

    static QatFixtures.Set train;
    static QatFixtures.Set validation;
    static Model floatModel;

    @BeforeAll
    static void data() {
        train = QatFixtures.set(16, 300, 21, null);
        validation = QatFixtures.set(8, 300, 22, train.normalization());
        floatModel = QatFixtures.floatModel(train, 3, 21);
    }

    static QatRun run(boolean fineTune, boolean slowAnneal, TrainingCheckpoints checkpoints) {
        QatSettings s = QatSettings.defaults(QuantSettings.parseBits("2/1")).withGradient(GradientMode.TANH);
        if (slowAnneal) {
            // tau changes 1.5% over the run, so backward keeps a derivative table for several
            // steps (StepActivationLayer.TABLE_TOLERANCE) and the one in use must be restored
            s = s.withTemperature(new TemperatureSchedule(2.0, 2.03));
        }
        TrainConfig cfg = QatFixtures.config(4, 9).withBatchSize(16).withValidation(1, true);
        return new QatTrainer(s, cfg).train(QatFixtures.spec(), QatFixtures.BANDS, QatFixtures.CLASS_NAMES,
                train.normalization(), train.normalized(), validation.normalized(), fineTune ? floatModel : null,
                Map.of("dataset", "synthetic"), r -> { }, checkpoints);
    }

    /** 4 batches per epoch: checks 1-3 are mid-epoch 1, check 4 its end, 5-7 mid-epoch 2, ... */
    @ParameterizedTest(name = "fine-tune {0}, slow anneal {1}, stop at check {2}")
    @CsvSource({"false, false, 2", "false, false, 9", "false, true, 4", "false, true, 7", "true, false, 6",
            "true, true, 12"})
    void aResumedQatRunExportsTheSameModelFile(boolean fineTune, boolean slowAnneal, int stopAt) {
        QatRun straight = run(fineTune, slowAnneal, null);

        MemoryCheckpoints first = new MemoryCheckpoints(null, stopAt);
        assertThatThrownBy(() -> run(fineTune, slowAnneal, first)).isInstanceOf(TrainingStoppedException.class);
        CheckpointData saved = first.last();
        assertThat(saved.has("qat/history")).isTrue();

        QatRun resumed = run(fineTune, slowAnneal, new MemoryCheckpoints(saved, 0));
        assertThat(ModelFile.toBytes(resumed.model())).isEqualTo(ModelFile.toBytes(straight.model()));
        assertThat(resumed.training().bestEpoch()).isEqualTo(straight.training().bestEpoch());
        assertThat(resumed.training().history()).hasSameSizeAs(straight.training().history());
        for (int e = 0; e < straight.training().history().size(); e++) {
            assertThat(resumed.training().history().get(e).validationAccuracy())
                    .isEqualTo(straight.training().history().get(e).validationAccuracy());
            assertThat(resumed.training().history().get(e).loss())
                    .isEqualTo(straight.training().history().get(e).loss());
        }
    }
}
