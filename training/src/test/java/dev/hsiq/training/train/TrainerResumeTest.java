/*
 * Checkpoint and resume of the float trainer (issue 7 item 4): a run interrupted at some
 * point (mid-epoch or at an epoch boundary, once or twice), its state saved through the
 * checkpoint encoding and resumed on a freshly built network, ends with every parameter
 * and running statistic bit-identical to the uninterrupted run, and with the same history.
 * The configuration exercises every piece of state: dropout (a layer generator), noise and
 * scale augmentation, shuffling, momentum or Adam moments and step count, a validation set
 * with best-epoch selection.
 */
package dev.hsiq.training.train;

import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.training.checkpoint.CheckpointData;
import dev.hsiq.training.nn.DropoutLayer;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.nn.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerResumeTest {

    static final LabeledSamples TRAIN = SyntheticSets.spectra(4, 20, 40, 0.08, 11);
    static final LabeledSamples VALIDATION = SyntheticSets.spectra(4, 6, 40, 0.08, 12);
    static final int EPOCHS = 5;

    static ModelSpec spec() {
        return ModelSpec.fromJson(TrainerTest.SMALL_SPECTRAL, "small-spectral").resolve(4, null);
    }

    static TrainConfig config(TrainConfig.OptimizerKind optimizer) {
        return TrainConfig.defaultsFor("spectral-cnn").withEpochs(EPOCHS).withBatchSize(12)
                .withSchedule(TrainConfig.ScheduleKind.COSINE, 1)
                .withOptimizer(optimizer, optimizer == TrainConfig.OptimizerKind.SGD ? 0.1 : 0.003, 5e-4)
                .withRegularization(0.05, 0.5, 0.02, 0.05).withValidation(1, true).withSeed(7);
    }

    record Outcome(Network net, TrainResult result) {
    }

    static Outcome run(TrainConfig config, TrainingCheckpoints checkpoints) {
        Network net = Network.build(spec(), 40, 5);
        TrainResult r = new Trainer(config).train(net, TRAIN, VALIDATION, EpochListener.NONE, checkpoints);
        return new Outcome(net, r);
    }

    static void assertSameEnd(Outcome resumed, Outcome straight) {
        List<Param> a = resumed.net().params();
        List<Param> b = straight.net().params();
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).value();
            float[] y = b.get(i).value();
            int[] xb = new int[x.length];
            int[] yb = new int[y.length];
            for (int k = 0; k < x.length; k++) {
                xb[k] = Float.floatToRawIntBits(x[k]);
                yb[k] = Float.floatToRawIntBits(y[k]);
            }
            assertThat(xb).as(a.get(i).name()).isEqualTo(yb);
        }
        assertThat(resumed.result().bestEpoch()).isEqualTo(straight.result().bestEpoch());
        assertThat(resumed.result().bestValidationAccuracy()).isEqualTo(straight.result().bestValidationAccuracy());
        assertThat(resumed.result().history()).hasSameSizeAs(straight.result().history());
        for (int e = 0; e < EPOCHS; e++) {
            EpochReport r = resumed.result().history().get(e);
            EpochReport s = straight.result().history().get(e);
            assertThat(r.loss()).as("loss of epoch " + (e + 1)).isEqualTo(s.loss());
            assertThat(r.trainAccuracy()).isEqualTo(s.trainAccuracy());
            assertThat(r.validationAccuracy()).isEqualTo(s.validationAccuracy());
            assertThat(r.learningRate()).isEqualTo(s.learningRate());
        }
    }

    /** Stops at the stopAt-th check (7 batches per epoch: 7 checks per epoch), resumes once. */
    @ParameterizedTest(name = "{0}, stop at check {1}")
    @CsvSource({"SGD, 1", "SGD, 7", "SGD, 10", "SGD, 20", "ADAMW, 3", "ADAMW, 14"})
    void aResumedRunEndsBitIdenticalToAnUninterruptedOne(TrainConfig.OptimizerKind optimizer, int stopAt) {
        TrainConfig config = config(optimizer);
        Outcome straight = run(config, null);

        MemoryCheckpoints first = new MemoryCheckpoints(null, stopAt);
        assertThatThrownBy(() -> run(config, first)).isInstanceOf(TrainingStoppedException.class)
                .hasMessageContaining("the checkpoint is saved");
        assertThat(first.ended()).isTrue();
        CheckpointData saved = first.last();
        assertThat(saved).isNotNull();

        Outcome resumed = run(config, new MemoryCheckpoints(saved, 0));
        assertSameEnd(resumed, straight);
    }

    @Test
    void twoInterruptionsAndAResumeFromTheLastEpochCheckpointStillMatch() {
        TrainConfig config = config(TrainConfig.OptimizerKind.SGD);
        Outcome straight = run(config, null);

        MemoryCheckpoints first = new MemoryCheckpoints(null, 4);
        assertThatThrownBy(() -> run(config, first)).isInstanceOf(TrainingStoppedException.class);
        MemoryCheckpoints second = new MemoryCheckpoints(first.last(), 12);
        assertThatThrownBy(() -> run(config, second)).isInstanceOf(TrainingStoppedException.class);
        MemoryCheckpoints third = new MemoryCheckpoints(second.last(), 0);
        Outcome resumed = run(config, third);
        assertSameEnd(resumed, straight);

        // the final epoch's checkpoint (what a kill after training but before the model was
        // written leaves) resumes to the same end without training further
        assertThat(third.last().intValue("trainer/epoch")).isEqualTo(EPOCHS);
        Outcome again = run(config, new MemoryCheckpoints(third.last(), 0));
        assertSameEnd(again, straight);
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedNamingTheEntry() {
        MemoryCheckpoints first = new MemoryCheckpoints(null, 8);
        assertThatThrownBy(() -> run(config(TrainConfig.OptimizerKind.SGD), first))
                .isInstanceOf(TrainingStoppedException.class);
        CheckpointData saved = first.last();
        saved.putInts("trainer/order", new int[]{0, 1, 2});
        assertThatThrownBy(() -> run(config(TrainConfig.OptimizerKind.SGD), new MemoryCheckpoints(saved, 0)))
                .hasMessage("memory: trainer/order: 3 samples, the training set has 80");
        String dropout = Network.build(spec(), 40, 5).layers().stream().filter(l -> l instanceof DropoutLayer)
                .findFirst().orElseThrow().name();
        CheckpointData noDropout = first.last();
        noDropout.remove("layer/" + dropout);
        assertThatThrownBy(() -> run(config(TrainConfig.OptimizerKind.SGD), new MemoryCheckpoints(noDropout, 0)))
                .hasMessageStartingWith("memory: layer/" + dropout + ": missing");
    }
}
