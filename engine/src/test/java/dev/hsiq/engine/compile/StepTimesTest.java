/*
 * CompiledModel.timed: the same results as the untimed model, one recorded total per plan step
 * (input stage + layers()), in per-sample and dense scene mode, reset, and a record made for
 * another plan rejected.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.kernels.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepTimesTest {

    @Test
    void timedModelRecordsEveryStepAndComputesTheSame() {
        Model m = Engines.quantized(ModelSpec.patchCnn(9), 6, Engines.settings("2/1", 8, "8"), 16, 31, true);
        CompiledModel plain = CompiledModel.compile(m);
        StepTimes times = plain.newStepTimes();
        CompiledModel timed = plain.timed(times);
        assertThat(times.steps()).hasSize(plain.layers().size() + 1);
        assertThat(times.steps().get(0).name()).isEqualTo("input");
        for (int i = 0; i < plain.layers().size(); i++) {
            assertThat(times.steps().get(i + 1).name()).isEqualTo(plain.layers().get(i).name());
            assertThat(times.steps().get(i + 1).kernel()).isEqualTo(plain.layers().get(i).kernel());
        }

        Random rnd = new Random(5);
        int count = 40;
        float[] patches = new float[count * plain.sampleLength()];
        for (int i = 0; i < patches.length; i++) {
            patches[i] = rnd.nextFloat() * 3000f;
        }
        int[] want = new int[count];
        int[] got = new int[count];
        plain.classifyPatches(patches, count, want, null, Parallel.sequential());
        timed.classifyPatches(patches, count, got, null, Engines.TWO_THREADS);
        assertThat(got).isEqualTo(want);
        assertThat(times.steps()).allSatisfy(s -> assertThat(s.nanos()).isPositive());
        assertThat(times.totalNanos()).isEqualTo(times.steps().stream().mapToLong(StepTimes.Step::nanos).sum());

        times.reset();
        assertThat(times.totalNanos()).isZero();
        int rows = 7;
        int cols = 5;
        float[] cube = new float[rows * cols * plain.bands()];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = rnd.nextFloat() * 3000f;
        }
        int[] sceneWant = new int[rows * cols];
        int[] sceneGot = new int[rows * cols];
        plain.classifyScene(cube, rows, cols, plain.bands(), sceneWant, null, Parallel.sequential());
        timed.classifyScene(cube, rows, cols, plain.bands(), sceneGot, null, Parallel.sequential());
        assertThat(sceneGot).isEqualTo(sceneWant);
        assertThat(times.steps()).allSatisfy(s -> assertThat(s.nanos()).isPositive());
        // the plain model records nothing
        times.reset();
        plain.classifyPatches(patches, count, want, null, Parallel.sequential());
        assertThat(times.totalNanos()).isZero();
    }

    @Test
    void stepTimesOfAnotherPlanAreRejected() {
        CompiledModel patch = CompiledModel.compile(
                Engines.quantized(ModelSpec.patchCnn(9), 6, Engines.settings("2/1", 8, "8"), 16, 31, true));
        CompiledModel spectral = CompiledModel.compile(Engines.floating(ModelSpec.spectralCnn(), 4, 103, 3));
        assertThat(spectral.layers().size()).isNotEqualTo(patch.layers().size());
        assertThatThrownBy(() -> patch.timed(spectral.newStepTimes())).hasMessageContaining("do not fit a plan of");
    }
}
