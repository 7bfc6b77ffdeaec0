/*
 * Optimizer updates against hand-computed values, weight decay only on weights, and
 * exported state that lets a second optimizer continue identically.
 */
package dev.hsiq.training.optim;

import dev.hsiq.training.nn.Param;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OptimizerTest {

    private static Param param(String name, Param.Role role, float value, float grad) {
        Param p = new Param(name, role, 1);
        p.value()[0] = value;
        if (p.grad() != null) {
            p.grad()[0] = grad;
        }
        return p;
    }

    @Test
    void sgdMomentumFollowsTheRecurrence() {
        Param w = param("w", Param.Role.WEIGHT, 1f, 0.5f);
        Sgd sgd = new Sgd(0.9f, false, 0.1f);
        // step 1: g = 0.5 + 0.1*1 = 0.6, v = 0.6, w = 1 - 0.1*0.6 = 0.94
        sgd.step(List.of(w), 0.1f);
        assertThat(w.value()[0]).isCloseTo(0.94f, within(1e-6f));
        // step 2: g = 0.5 + 0.094 = 0.594, v = 0.54 + 0.594 = 1.134, w = 0.94 - 0.1134
        sgd.step(List.of(w), 0.1f);
        assertThat(w.value()[0]).isCloseTo(0.94f - 0.1134f, within(1e-6f));
    }

    @Test
    void sgdNesterovLooksAhead() {
        Param w = param("w", Param.Role.WEIGHT, 1f, 0.5f);
        Sgd sgd = new Sgd(0.9f, true, 0f);
        // v = 0.5, update = g + mu v = 0.5 + 0.45 = 0.95
        sgd.step(List.of(w), 0.1f);
        assertThat(w.value()[0]).isCloseTo(1f - 0.095f, within(1e-6f));
    }

    @Test
    void weightDecaySkipsBiasesAndBatchNormAndRunningStatisticsStayPut() {
        Param bias = param("b", Param.Role.BIAS, 1f, 0f);
        Param gamma = param("g", Param.Role.BN_GAMMA, 1f, 0f);
        Param mean = param("m", Param.Role.RUNNING_STAT, 3f, 0f);
        Param weight = param("w", Param.Role.WEIGHT, 1f, 0f);
        for (Optimizer o : List.of(new Sgd(0.9f, false, 0.5f), new Adam(0.5f, false), new Adam(0.5f, true))) {
            o.step(List.of(bias, gamma, mean, weight), 0.1f);
        }
        assertThat(bias.value()[0]).isEqualTo(1f);
        assertThat(gamma.value()[0]).isEqualTo(1f);
        assertThat(mean.value()[0]).isEqualTo(3f);
        assertThat(weight.value()[0]).isLessThan(1f);
    }

    @Test
    void adamFirstStepMovesByTheLearningRate() {
        // bias-corrected m / sqrt(v) = g / |g| on step 1
        Param w = param("w", Param.Role.WEIGHT, 1f, -0.02f);
        new Adam(0f, false).step(List.of(w), 0.01f);
        assertThat(w.value()[0]).isCloseTo(1.01f, within(1e-6f));
    }

    @Test
    void adamwDecaysDecoupledFromTheGradient() {
        Param w = param("w", Param.Role.WEIGHT, 2f, 0f);
        new Adam(0.1f, true).step(List.of(w), 0.5f);
        // g = 0 so only the decoupled shrink acts: w = 2 * (1 - 0.5*0.1)
        assertThat(w.value()[0]).isCloseTo(1.9f, within(1e-6f));
        Param l2 = param("w", Param.Role.WEIGHT, 2f, 0f);
        new Adam(0.1f, false).step(List.of(l2), 0.5f);
        // L2: g = 0.2, first step moves by lr
        assertThat(l2.value()[0]).isCloseTo(1.5f, within(1e-5f));
    }

    @Test
    void exportedStateContinuesBitForBit() {
        for (boolean adam : new boolean[]{false, true}) {
            Param a = new Param("conv1.weight", Param.Role.WEIGHT, 3);
            Param b = new Param("conv1.weight", Param.Role.WEIGHT, 3);
            Optimizer first = adam ? new Adam(0.01f, true) : new Sgd(0.9f, true, 0.01f);
            for (int step = 0; step < 5; step++) {
                for (int i = 0; i < 3; i++) {
                    a.grad()[i] = (float) Math.sin(step * 3 + i);
                }
                first.step(List.of(a), 0.05f);
            }
            System.arraycopy(a.value(), 0, b.value(), 0, 3);
            Map<String, float[]> state = first.exportState();
            assertThat(state).containsKey(adam ? "m/conv1.weight" : "velocity/conv1.weight");
            Optimizer second = adam ? new Adam(0.01f, true) : new Sgd(0.9f, true, 0.01f);
            second.importState(state);
            for (int step = 5; step < 8; step++) {
                for (int i = 0; i < 3; i++) {
                    a.grad()[i] = (float) Math.cos(step + i);
                    b.grad()[i] = a.grad()[i];
                }
                first.step(List.of(a), 0.05f);
                second.step(List.of(b), 0.05f);
            }
            assertThat(b.value()).containsExactly(a.value());
        }
    }

    @Test
    void schedules() {
        assertThat(LearningRateSchedule.constant(0.1).rate(37.5)).isEqualTo(0.1);
        LearningRateSchedule step = LearningRateSchedule.step(0.1, 10, 0.5);
        assertThat(step.rate(9.99)).isEqualTo(0.1);
        assertThat(step.rate(10)).isEqualTo(0.05);
        assertThat(step.rate(25)).isCloseTo(0.025, within(1e-12));
        LearningRateSchedule cos = LearningRateSchedule.cosine(1.0, 100, 10, 0.01);
        assertThat(cos.rate(5)).isCloseTo(0.5, within(1e-12));
        assertThat(cos.rate(10)).isCloseTo(1.0, within(1e-12));
        assertThat(cos.rate(55)).isCloseTo(0.01 + 0.99 * 0.5, within(1e-12));
        assertThat(cos.rate(100)).isCloseTo(0.01, within(1e-12));
        assertThat(cos.rate(0)).isPositive();
        assertThatThrownBy(() -> LearningRateSchedule.cosine(1, 10, 10, 0)).hasMessageContaining("warmup");
        assertThatThrownBy(() -> LearningRateSchedule.constant(-1)).hasMessageContaining("learning rate");
    }
}
