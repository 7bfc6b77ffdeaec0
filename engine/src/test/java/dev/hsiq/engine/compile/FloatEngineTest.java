/*
 * The compiled float engine (SIMD float GEMM, batch norm folded into the weights) against the
 * reference float forward: logits within 1e-4 of the sample's largest |logit|, labels equal
 * wherever the top two logits are not within float noise of each other; on the reference
 * networks and on specs that exercise the unfused steps (average pooling, a batch norm after
 * pooling and after a flatten, step activations in a float network, dropout).
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FloatEngineTest {

    static final String UNFUSED = """
            {"name": "unfused", "input": "patch", "patch_size": 7, "layers": [
              {"type": "conv2d", "out": 12, "kernel": 3, "padding": 1}, {"type": "relu"},
              {"type": "avgpool2d", "kernel": 2, "stride": 1}, {"type": "batchnorm"},
              {"type": "conv2d", "out": 20, "kernel": 3, "stride": 2}, {"type": "batchnorm"}, {"type": "dropout"},
              {"type": "maxpool2d", "kernel": 2}, {"type": "flatten"}, {"type": "batchnorm"}, {"type": "relu"},
              {"type": "dense", "out": 16}, {"type": "act", "bits": 3},
              {"type": "dense", "out": "classes"}]}""";

    @Test
    void referenceNetworks() {
        Model patch = Engines.floating(ModelSpec.patchCnn(9), 7, 30, 1);
        CompiledModel c = CompiledModel.compile(patch);
        assertThat(c.quantized()).isFalse();
        assertThat(c.layers()).allMatch(l -> l.kernel().startsWith("float GEMM"));
        Engines.assertMatchesReference(patch, c, 70, 2, "float patch-cnn");
        Model spectral = Engines.floating(ModelSpec.spectralCnn(), 9, 103, 3);
        Engines.assertMatchesReference(spectral, CompiledModel.compile(spectral), 70, 4, "float spectral-cnn");
    }

    @Test
    void unfusedSteps() {
        // a float spec with a step activation: resolve(null) would turn it into ReLU, so build it resolved
        ModelSpec spec = ModelSpec.fromJson(UNFUSED, "unfused.json");
        ModelSpec floatSpec = spec.resolve(5, null);
        java.util.List<dev.hsiq.engine.model.LayerSpec> layers = new java.util.ArrayList<>(floatSpec.layers());
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof dev.hsiq.engine.model.LayerSpec.Act a && a.name().equals("act3")) {
                layers.set(i, new dev.hsiq.engine.model.LayerSpec.Act(a.name(), 3));
            }
        }
        ModelSpec withStep = new ModelSpec(floatSpec.name(), floatSpec.input(), floatSpec.patchSize(), 0, layers);
        Model m = dev.hsiq.engine.testing.TestModels.random(withStep, 8, 5);
        CompiledModel c = CompiledModel.compile(m);
        assertThat(c.layers()).anyMatch(l -> l.kernel().equals("average pool"));
        assertThat(c.layers()).anyMatch(l -> l.kernel().equals("batch norm"));
        assertThat(c.layers()).anyMatch(l -> l.kernel().contains("3-bit step"));
        assertThat(c.denseScene()).as("strides and per-feature batch norm are not dense-scene equivalent").isFalse();
        Engines.assertMatchesReference(m, c, 40, 6, "unfused float");
    }
}
