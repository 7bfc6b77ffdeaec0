/*
 * Dense scene mode gives every pixel exactly the labels (and, for quantized models, the
 * logits bit for bit) of per-patch inference on its mirror-padded patch, borders included,
 * and both equal the reference executor on the patches MirrorPadding cuts; for several bit
 * widths and kernel families, scenes smaller than a patch and one pixel wide, one and two
 * threads. Also: networks without a dense form fall back to per-patch inference, spectral
 * models classify every pixel's spectrum, and the mirror padding is numpy's "reflect".
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.reference.ReferenceExecutor;
import dev.hsiq.engine.testing.TestModels;
import dev.hsiq.kernels.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DenseSceneTest {

    /** A random BIP scene over the model's band ranges (widened 10%, so clipping happens too). */
    static float[] scene(Model m, int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        int bands = m.bands();
        float[] low = m.normalization().low();
        float[] high = m.normalization().high();
        float[] cube = new float[rows * cols * bands];
        for (int i = 0; i < cube.length; i++) {
            int b = i % bands;
            float range = high[b] - low[b];
            // smooth-ish spatial structure plus noise, so that neighbouring pixels differ but correlate
            int pixel = i / bands;
            double wave = Math.sin(pixel * 0.37 + b * 0.11) * 0.4 + 0.5;
            cube[i] = (float) (low[b] + range * (wave + 0.3 * (rnd.nextDouble() - 0.5)) * 1.1 - 0.05 * range);
        }
        return cube;
    }

    @Test
    void reflectIsNumpyReflect() {
        int[] five = {1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3};
        for (int i = 0; i < five.length; i++) {
            assertThat(MirrorPadding.reflect(i - 7, 5)).isEqualTo(five[i]);
        }
        int[] three = {1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1};
        for (int i = 0; i < three.length; i++) {
            assertThat(MirrorPadding.reflect(i - 9, 3)).isEqualTo(three[i]);
        }
        int[] two = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
        for (int i = 0; i < two.length; i++) {
            assertThat(MirrorPadding.reflect(i - 5, 2)).isEqualTo(two[i]);
        }
        for (int i = -4; i <= 4; i++) {
            assertThat(MirrorPadding.reflect(i, 1)).isZero();
        }
    }

    /** Dense scene == per-patch (bit for bit) == reference on every pixel. */
    static void assertSceneExact(Model m, CompiledModel c, int rows, int cols, long seed, String what) {
        assertThat(c.denseScene()).as(what).isTrue();
        float[] cube = scene(m, rows, cols, seed);
        int n = rows * cols;
        int[] dense = new int[n];
        float[] denseLogits = new float[n * c.classes()];
        c.classifyScene(cube, rows, cols, m.bands(), dense, denseLogits, Parallel.sequential());
        int[] perPatch = new int[n];
        float[] patchLogits = new float[n * c.classes()];
        c.classifyScenePerPatch(cube, rows, cols, m.bands(), perPatch, patchLogits, Parallel.sequential());
        int[] dense2 = new int[n];
        float[] dense2Logits = new float[n * c.classes()];
        c.classifyScene(cube, rows, cols, m.bands(), dense2, dense2Logits, Engines.TWO_THREADS);
        assertThat(dense).as("%s: dense labels == per-patch labels", what).isEqualTo(perPatch);
        assertThat(Engines.bits(denseLogits)).as("%s: dense logits == per-patch logits", what)
                .isEqualTo(Engines.bits(patchLogits));
        assertThat(Engines.bits(dense2Logits)).as("%s: two threads", what).isEqualTo(Engines.bits(denseLogits));
        ReferenceExecutor ref = new ReferenceExecutor(m);
        int p = m.spec().patchSize();
        float[] patch = new float[m.bands() * p * p];
        java.util.Set<java.util.List<Integer>> distinct = new java.util.HashSet<>();
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                MirrorPadding.extractPatch(cube, rows, cols, m.bands(), p, r, col, patch, 0);
                float[] want = ref.logits(patch);
                int i = r * cols + col;
                float[] got = java.util.Arrays.copyOfRange(denseLogits, i * c.classes(), (i + 1) * c.classes());
                assertThat(Engines.bits(got)).as("%s: pixel (%d, %d) logits vs reference", what, r, col)
                        .isEqualTo(Engines.bits(want));
                distinct.add(java.util.Arrays.stream(Engines.bits(got)).boxed().toList());
            }
        }
        assertThat(distinct.size()).as("%s: distinct logit vectors (codes that all saturate test nothing)", what)
                .isGreaterThan(n / 2);
    }

    @Test
    void quantizedPatchCnnAtSeveralWidthsAndKernels() {
        Object[][] cases = {{"2/1", 8, "8", null}, {"4/4", 4, "8", null}, {"8/8", 8, "8", null},
                {"2/t", 8, "float", null}, {"2/1", 8, "8", KernelKind.LUT}, {"1/1", 8, "8", KernelKind.INT8}};
        long seed = 1;
        for (Object[] k : cases) {
            Model m = Engines.quantized(ModelSpec.patchCnn(9), 6, Engines.settings((String) k[0], (Integer) k[1],
                    (String) k[2]), 13, seed, seed++ < 3);
            CompileOptions o = k[3] == null ? CompileOptions.DEFAULT
                    : CompileOptions.DEFAULT.force(CompileOptions.ALL_LAYERS, (KernelKind) k[3]);
            assertSceneExact(m, CompiledModel.compile(m, o), 9, 11, seed, "patch-cnn " + k[0] + " " + k[3]);
        }
    }

    @Test
    void tinyScenesMirrorLikePatches() {
        Model m = Engines.quantized(ModelSpec.patchCnn(9), 4, Engines.settings("2/1", 8, "8"), 7, 9, false);
        CompiledModel c = CompiledModel.compile(m);
        assertSceneExact(m, c, 3, 4, 10, "3 x 4 scene, 9 x 9 patches");
        assertSceneExact(m, c, 1, 6, 11, "one row");
        assertSceneExact(m, c, 5, 1, 12, "one column");
        assertSceneExact(m, c, 1, 1, 13, "one pixel");
    }

    @Test
    void floatPatchCnnDenseMatchesPerPatch() {
        Model m = Engines.floating(ModelSpec.patchCnn(9), 6, 13, 20);
        CompiledModel c = CompiledModel.compile(m);
        assertThat(c.denseScene()).isTrue();
        int rows = 12;
        int cols = 9;
        float[] cube = scene(m, rows, cols, 21);
        int n = rows * cols;
        int[] dense = new int[n];
        float[] dl = new float[n * 6];
        c.classifyScene(cube, rows, cols, 13, dense, dl, Parallel.sequential());
        int[] perPatch = new int[n];
        float[] pl = new float[n * 6];
        c.classifyScenePerPatch(cube, rows, cols, 13, perPatch, pl, Parallel.sequential());
        for (int i = 0; i < n; i++) {
            float[] want = java.util.Arrays.copyOfRange(pl, i * 6, i * 6 + 6);
            float scale = 0;
            for (float v : want) scale = Math.max(scale, Math.abs(v));
            for (int k = 0; k < 6; k++) {
                assertThat(Math.abs(dl[i * 6 + k] - want[k])).isLessThanOrEqualTo(1e-4f * Math.max(scale, 1e-3f));
            }
            if (Engines.topMargin(want) > 1e-3 * scale) {
                assertThat(dense[i]).as("pixel %d", i).isEqualTo(perPatch[i]);
            }
        }
    }

    @Test
    void networksWithoutDenseFormFallBackToPatches() {
        Model m = Engines.quantized(ModelSpec.fromJson(IntegerExactnessTest.STRIDED, "strided.json"), 4,
                Engines.settings("2/2", 8, "8"), 11, 30, false);
        CompiledModel c = CompiledModel.compile(m);
        assertThat(c.denseScene()).isFalse();
        int rows = 6;
        int cols = 5;
        float[] cube = scene(m, rows, cols, 31);
        int[] labels = new int[rows * cols];
        float[] logits = new float[rows * cols * 4];
        c.classifyScene(cube, rows, cols, 11, labels, logits, Engines.TWO_THREADS);
        ReferenceExecutor ref = new ReferenceExecutor(m);
        float[] patch = new float[11 * 49];
        for (int i = 0; i < rows * cols; i++) {
            MirrorPadding.extractPatch(cube, rows, cols, 11, 7, i / cols, i % cols, patch, 0);
            assertThat(Engines.bits(java.util.Arrays.copyOfRange(logits, i * 4, i * 4 + 4)))
                    .isEqualTo(Engines.bits(ref.logits(patch)));
        }
    }

    @Test
    void spectralModelsClassifyEveryPixelsSpectrum() {
        Model m = Engines.quantized(ModelSpec.spectralCnn(), 5, Engines.settings("2/1", 8, "8"), 103, 40, false);
        CompiledModel c = CompiledModel.compile(m);
        assertThat(c.denseScene()).isFalse();
        float[] cube = scene(m, 4, 7, 41);
        int[] labels = new int[28];
        float[] logits = new float[28 * 5];
        c.classifyScene(cube, 4, 7, 103, labels, logits, Parallel.sequential());
        ReferenceExecutor ref = new ReferenceExecutor(m);
        for (int i = 0; i < 28; i++) {
            float[] spectrum = java.util.Arrays.copyOfRange(cube, i * 103, (i + 1) * 103);
            assertThat(Engines.bits(java.util.Arrays.copyOfRange(logits, i * 5, i * 5 + 5)))
                    .isEqualTo(Engines.bits(ref.logits(spectrum)));
        }
    }
}
