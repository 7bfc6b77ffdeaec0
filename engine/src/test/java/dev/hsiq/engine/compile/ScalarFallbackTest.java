/*
 * Runs only in the engine's no-vector-module surefire execution (a JVM without
 * --add-modules jdk.incubator.vector): the kernels decide for the scalar path, and the
 * compiled engine on scalar kernels still equals the reference executor, quantized bit for
 * bit (per sample and in dense scene mode) and float within 1e-4.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.kernels.BitSerialGemm;
import dev.hsiq.kernels.Vectorization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("no-vector-module")
class ScalarFallbackTest {

    @Test
    void compiledModelsOnScalarKernelsEqualTheReference() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
                "the vector module is present: this test belongs to the no-vector-module run");
        assertThat(Vectorization.vectorEnabled()).isFalse();
        assertThat(BitSerialGemm.get()).isSameAs(BitSerialGemm.scalar());
        Model patch = Engines.quantized(ModelSpec.patchCnn(9), 5, Engines.settings("2/1", 8, "8"), 13, 1, true);
        CompiledModel c = CompiledModel.compile(patch);
        Engines.assertMatchesReference(patch, c, 10, 2, "scalar patch-cnn 2/1");
        DenseSceneTest.assertSceneExact(patch, c, 5, 6, 3, "scalar dense scene");
        Model p88 = Engines.quantized(ModelSpec.patchCnn(9), 5, Engines.settings("8/8", 4, "float"), 13, 4, false);
        Engines.assertMatchesReference(p88, CompiledModel.compile(p88), 10, 5, "scalar patch-cnn 8/8");
        Model spectral = Engines.quantized(ModelSpec.spectralCnn(), 6, Engines.settings("2/t", 8, "8"), 103, 6, false);
        Engines.assertMatchesReference(spectral, CompiledModel.compile(spectral), 12, 7, "scalar spectral-cnn 2/t");
        Model floating = Engines.floating(ModelSpec.patchCnn(9), 5, 13, 8);
        Engines.assertMatchesReference(floating, CompiledModel.compile(floating), 20, 9, "scalar float patch-cnn");
    }
}
