/*
 * Values of a JSON spec that fit a double but not the float a layer keeps: found by fuzzing
 * the model file (docs/fuzzing.md), where eps 1e47 became Infinity and could not be written
 * back. They are rejected with the layer named.
 */
package dev.hsiq.engine.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerSpecLimitsTest {

    private static String spec(String batchnorm) {
        return """
                {"name": "s", "input": "spectrum", "layers": [
                  {"type": "dense", "out": 3}, %s, {"type": "dense", "out": "classes"}]}""".formatted(batchnorm);
    }

    @Test
    void batchNormEpsMustBeAFiniteFloat() {
        assertThatThrownBy(() -> ModelSpec.fromJson(spec("{\"type\": \"batchnorm\", \"eps\": 1e47}"), "s.json"))
                .isInstanceOf(dev.hsiq.engine.json.JsonException.class)
                .hasMessageContaining("eps Infinity must be finite and > 0");
        assertThatThrownBy(() -> ModelSpec.fromJson(spec("{\"type\": \"batchnorm\", \"eps\": 0}"), "s.json"))
                .hasMessageContaining("eps 0.0 must be finite and > 0");
    }
}
