/*
 * What the compiled model says about bad input: band counts with both numbers, array
 * lengths, the wrong kind of sample for the model, and non-finite values with their
 * location (sample / pixel, band); and one compiled model shared by many threads at once.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.testing.TestModels;
import dev.hsiq.kernels.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassifyInputTest {

    static final Parallel ONE = Parallel.sequential();

    @Test
    void bandCountsAndLengthsAreNamed() {
        for (boolean quantized : new boolean[]{true, false}) {
            Model m = quantized ? Engines.quantized(ModelSpec.patchCnn(7), 3, Engines.settings("2/1", 8, "8"), 10, 1, false)
                    : Engines.floating(ModelSpec.patchCnn(7), 3, 10, 1);
            CompiledModel c = CompiledModel.compile(m);
            assertThatThrownBy(() -> c.classifyScene(new float[4 * 4 * 12], 4, 4, 12, new int[16], null, ONE))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("12 bands").hasMessageContaining("expects 10");
            assertThatThrownBy(() -> c.classifyScene(new float[4 * 4 * 10 - 1], 4, 4, 10, new int[16], null, ONE))
                    .hasMessageContaining("159 values").hasMessageContaining("160");
            assertThatThrownBy(() -> c.classifyPatches(new float[2 * 12 * 49], 2, new int[2], null, ONE))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("each patch has 588 values").hasMessageContaining("10 bands");
            assertThatThrownBy(() -> c.classifySpectra(new float[10], 1, new int[1], null, ONE))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("not spectra");
        }
        Model s = Engines.quantized(ModelSpec.spectralCnn(), 3, Engines.settings("2/1", 8, "8"), 103, 2, false);
        CompiledModel cs = CompiledModel.compile(s);
        assertThatThrownBy(() -> cs.classifySpectra(new float[3 * 100], 3, new int[3], null, ONE))
                .hasMessageContaining("each spectrum has 100 values").hasMessageContaining("103 bands");
        assertThatThrownBy(() -> cs.classifyPatches(new float[103], 1, new int[1], null, ONE))
                .hasMessageContaining("not patches");
    }

    @Test
    void nonFiniteValuesAreRejectedWithTheirLocation() {
        for (boolean quantized : new boolean[]{true, false}) {
            Model m = quantized ? Engines.quantized(ModelSpec.patchCnn(7), 3, Engines.settings("2/1", 8, "8"), 10, 3, false)
                    : Engines.floating(ModelSpec.patchCnn(7), 3, 10, 3);
            CompiledModel c = CompiledModel.compile(m);
            float[] cube = DenseSceneTest.scene(m, 6, 7, 4);
            cube[(4 * 7 + 5) * 10 + 8] = Float.NaN;
            assertThatThrownBy(() -> c.classifyScene(cube, 6, 7, 10, new int[42], null, ONE))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("row 4, column 5, band 8 is NaN");
            assertThatThrownBy(() -> c.classifyScenePerPatch(cube, 6, 7, 10, new int[42], null, Engines.TWO_THREADS))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("row 4, column 5, band 8 is NaN");
            float[][] patches = TestModels.samples(m, 3, new Random(5));
            patches[2][(7 * 7 + 3) * 7 + 1] = Float.POSITIVE_INFINITY;
            assertThatThrownBy(() -> c.classifyPatches(Engines.flatten(patches), 3, new int[3], null, ONE))
                    .hasMessageContaining("patch 2, band 7, row 3, column 1 is Infinity");
        }
        Model s = Engines.quantized(ModelSpec.spectralCnn(), 3, Engines.settings("2/1", 8, "8"), 103, 6, false);
        float[] spectra = Engines.flatten(TestModels.samples(s, 4, new Random(7)));
        spectra[3 * 103 + 50] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> CompiledModel.compile(s).classifySpectra(spectra, 4, new int[4], null, ONE))
                .hasMessageContaining("spectrum 3, band 50 is -Infinity");
    }

    @Test
    void oneCompiledModelServesManyThreads() throws Exception {
        Model m = Engines.quantized(ModelSpec.patchCnn(9), 5, Engines.settings("2/1", 8, "8"), 13, 8, false);
        CompiledModel c = CompiledModel.compile(m);
        float[][] samples = TestModels.samples(m, 40, new Random(9));
        int[] want = new int[40];
        float[] wantLogits = Engines.logits(c, samples, want, ONE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Parallel p = t % 2 == 0 ? ONE : Engines.TWO_THREADS;
                runs.add(pool.submit(() -> Engines.logits(c, samples, new int[40], p)));
            }
            for (Future<float[]> f : runs) {
                assertThat(f.get()).isEqualTo(wantLogits);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
