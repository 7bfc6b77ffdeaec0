/*
 * WeightAveraging: the warm-up decay, the average on hand-made parameters, a training run
 * that ends with the moving average of the weights its steps produced (recomputed here from
 * the trajectory a loss hook observes), and checkpoint/resume with averaging bit for bit.
 */
package dev.hsiq.training.train;

import dev.hsiq.training.checkpoint.CheckpointData;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.nn.Param;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightAveragingTest {

    @Test
    void decayWarmsUpTowardsTheConfiguredOne() {
        WeightAveraging a = new WeightAveraging(0.99);
        assertThat(a.decayAt(1)).isCloseTo(2.0 / 11, within(1e-15));
        assertThat(a.decayAt(90)).isCloseTo(91.0 / 100, within(1e-15));
        assertThat(a.decayAt(100_000)).isEqualTo(0.99);
        assertThatThrownBy(() -> new WeightAveraging(1)).hasMessageContaining("must be in (0, 1)");
        assertThatThrownBy(() -> new WeightAveraging(0)).hasMessageContaining("must be in (0, 1)");
    }

    @Test
    void averagesTheValuesAfterEachStepAndAppliesThem() {
        Param p = new Param("w", Param.Role.WEIGHT, 2);
        p.value()[0] = 1f;
        p.value()[1] = -2f;
        WeightAveraging a = new WeightAveraging(0.5);
        a.start(List.of(p));
        p.value()[0] = 3f; // after step 1: d = min(0.5, 2/11) = 2/11
        p.value()[1] = 0f;
        a.update(List.of(p));
        float d1 = (float) (2.0 / 11);
        float x1 = d1 * 1f + (1 - d1) * 3f;
        float y1 = d1 * -2f + (1 - d1) * 0f;
        assertThat(a.average("w")).containsExactly(x1, y1);
        p.value()[0] = 5f; // after step 2: d = min(0.5, 3/12) = 0.25
        a.update(List.of(p));
        assertThat(a.average("w")[0]).isEqualTo(0.25f * x1 + 0.75f * 5f);
        assertThat(a.steps()).isEqualTo(2);
        a.applyTo(List.of(p));
        assertThat(p.value()).containsExactly(0.25f * x1 + 0.75f * 5f, 0.25f * y1 + 0.75f * 0f);
    }

    /** A config without validation, so the run ends with the last step's (averaged) weights. */
    static TrainConfig config() {
        return TrainerResumeTest.config(TrainConfig.OptimizerKind.SGD).withValidation(1, false);
    }

    static List<Param> trainable(Network net) {
        List<Param> out = new ArrayList<>();
        for (Param p : net.params()) {
            if (p.trainable()) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void aRunEndsWithTheMovingAverageOfItsStepsWeights() {
        double decay = 0.9;
        // the plain run, observing the weights before every step (= after the previous one)
        Network plain = Network.build(TrainerResumeTest.spec(), 40, 5);
        List<List<float[]>> before = new ArrayList<>();
        Trainer.LossHook observe = (x, y, b, logits, loss, g) -> {
            before.add(trainable(plain).stream().map(p -> p.value().clone()).toList());
            return loss;
        };
        new Trainer(config(), observe).train(plain, TrainerResumeTest.TRAIN, null, EpochListener.NONE);
        int steps = before.size();
        assertThat(steps).isEqualTo(TrainerResumeTest.EPOCHS * 7);

        Network averaged = Network.build(TrainerResumeTest.spec(), 40, 5);
        WeightAveraging averaging = new WeightAveraging(decay);
        new Trainer(config(), null, averaging).train(averaged, TrainerResumeTest.TRAIN, null, EpochListener.NONE);
        assertThat(averaging.steps()).isEqualTo(steps);

        List<Param> end = trainable(averaged);
        List<Param> last = trainable(plain);
        for (int i = 0; i < end.size(); i++) {
            float[] avg = before.get(0).get(i).clone();
            for (int t = 1; t <= steps; t++) {
                float[] w = t < steps ? before.get(t).get(i) : last.get(i).value();
                float d = (float) averaging.decayAt(t);
                for (int k = 0; k < avg.length; k++) {
                    avg[k] = d * avg[k] + (1f - d) * w[k];
                }
            }
            assertThat(end.get(i).value()).as(end.get(i).name()).containsExactly(avg);
        }
        // the average is not the last step's weights
        assertThat(end.get(0).value()).isNotEqualTo(last.get(0).value());
    }

    @Test
    void aResumedAveragingRunEndsBitIdenticalToAnUninterruptedOne() {
        TrainConfig config = TrainerResumeTest.config(TrainConfig.OptimizerKind.SGD);
        Network straight = Network.build(TrainerResumeTest.spec(), 40, 5);
        TrainResult s = new Trainer(config, null, new WeightAveraging(0.95)).train(straight, TrainerResumeTest.TRAIN,
                TrainerResumeTest.VALIDATION, EpochListener.NONE, null);

        MemoryCheckpoints first = new MemoryCheckpoints(null, 10);
        assertThatThrownBy(() -> new Trainer(config, null, new WeightAveraging(0.95)).train(
                Network.build(TrainerResumeTest.spec(), 40, 5), TrainerResumeTest.TRAIN,
                TrainerResumeTest.VALIDATION, EpochListener.NONE, first)).isInstanceOf(TrainingStoppedException.class);
        CheckpointData saved = first.last();
        assertThat(saved.has("average/steps")).isTrue();

        Network resumed = Network.build(TrainerResumeTest.spec(), 40, 5);
        TrainResult r = new Trainer(config, null, new WeightAveraging(0.95)).train(resumed, TrainerResumeTest.TRAIN,
                TrainerResumeTest.VALIDATION, EpochListener.NONE, new MemoryCheckpoints(saved, 0));
        TrainerResumeTest.assertSameEnd(new TrainerResumeTest.Outcome(resumed, r),
                new TrainerResumeTest.Outcome(straight, s));

        // a checkpoint without averages does not resume an averaging run
        saved.remove("average/steps");
        assertThatThrownBy(() -> new Trainer(config, null, new WeightAveraging(0.95)).train(
                Network.build(TrainerResumeTest.spec(), 40, 5), TrainerResumeTest.TRAIN,
                TrainerResumeTest.VALIDATION, EpochListener.NONE, new MemoryCheckpoints(saved, 0)))
                .hasMessageStartingWith("memory: average/steps: missing");
    }
}
