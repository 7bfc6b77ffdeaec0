/* The reference networks' shapes and costs (DESIGN section 2), JSON specs, and resolution of placeholders. */
package dev.hsiq.engine.model;

import dev.hsiq.engine.json.Json;
import dev.hsiq.engine.json.JsonException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSpecTest {

    @Test
    void patchCnnHasTheDesignShapesAndCosts() {
        ModelSpec spec = ModelSpec.patchCnn(9).resolve(16, null);
        List<Shape> shapes = spec.shapes(200);
        assertThat(shapes.get(0)).isEqualTo(new Shape(64, 7, 7));
        assertThat(shapes.get(3)).isEqualTo(new Shape(64, 5, 5));
        assertThat(shapes.get(6)).isEqualTo(new Shape(128, 3, 3));
        assertThat(shapes.get(9)).isEqualTo(new Shape(1152, 1, 1));
        assertThat(shapes.get(shapes.size() - 1)).isEqualTo(new Shape(16, 1, 1));
        long macs = spec.macs(200);
        long conv1 = 49L * 64 * 1800;
        assertThat(macs).isBetween(7_300_000L, 7_500_000L);
        assertThat((double) conv1 / macs).isBetween(0.75, 0.77);
    }

    @Test
    void spectralCnnFitsBothRealDatasets() {
        ModelSpec ip = ModelSpec.spectralCnn().resolve(16, null);
        assertThat(ip.shapes(200).get(11)).isEqualTo(new Shape(64, 1, 7));
        ModelSpec bw = ModelSpec.spectralCnn().resolve(14, null);
        assertThat(bw.shapes(145).get(11)).isEqualTo(new Shape(64, 1, 4));
    }

    @Test
    void resolveFillsPlaceholdersAndKeepsOverrides() {
        String json = """
                {"name": "n", "input": "spectrum", "layers": [
                  {"type": "conv1d", "out": 8, "kernel": 3, "weights": "4"},
                  {"type": "batchnorm"}, {"type": "act", "bits": 3},
                  {"type": "dense", "out": 16}, {"type": "batchnorm"}, {"type": "act"},
                  {"type": "dense", "out": "classes"}]}
                """;
        ModelSpec spec = ModelSpec.fromJson(json, "n.json");
        assertThat(spec.isResolved()).isFalse();
        ModelSpec q = spec.resolve(5, QuantSettings.parseBits("2/1").withInputBits(6));
        assertThat(q.isResolved()).isTrue();
        assertThat(q.inputBits()).isEqualTo(6);
        assertThat(((LayerSpec.Conv) q.layers().get(0)).weights()).isEqualTo(WeightFormat.ofInt(4));
        assertThat(((LayerSpec.Act) q.layers().get(2)).bits()).isEqualTo(3);
        assertThat(((LayerSpec.Dense) q.layers().get(3)).weights()).isEqualTo(WeightFormat.BINARY);
        assertThat(((LayerSpec.Act) q.layers().get(5)).bits()).isEqualTo(2);
        assertThat(((LayerSpec.Dense) q.layers().get(6)).weights()).isEqualTo(WeightFormat.ofInt(8));
        assertThat(((LayerSpec.Dense) q.layers().get(6)).outFeatures()).isEqualTo(5);

        ModelSpec f = spec.resolve(5, null);
        assertThat(f.isQuantized()).isFalse();
        assertThat(f.layers()).filteredOn(l -> l instanceof LayerSpec.Act).allMatch(l -> ((LayerSpec.Act) l).bits() == 0);
    }

    @Test
    void jsonRoundTripOfResolvedSpecs() {
        for (ModelSpec s : List.of(ModelSpec.spectralCnn().resolve(16, null),
                ModelSpec.patchCnn(7).resolve(9, QuantSettings.parseBits("2/t").withInputBits(4)))) {
            ModelSpec back = ModelSpec.fromJson(Json.write(s.toJson()), "x");
            assertThat(back).isEqualTo(s);
        }
    }

    @Test
    void typosAndUnknownTypesAreNamed() {
        assertThatThrownBy(() -> ModelSpec.fromJson("""
                {"input": "patch", "ratch_size": 7, "layers": [{"type": "dense", "out": 2}]}""", "s.json"))
                .isInstanceOf(JsonException.class).hasMessageContaining("s.json").hasMessageContaining("'ratch_size'");
        assertThatThrownBy(() -> ModelSpec.fromJson("""
                {"layers": [{"type": "batchnorm", "momzntum": 0.1}]}""", "s.json"))
                .hasMessageContaining("layers[0]").hasMessageContaining("'momzntum'");
        assertThatThrownBy(() -> ModelSpec.fromJson("""
                {"layers": [{"type": "conv3d"}]}""", "s.json"))
                .hasMessageContaining("unknown layer type 'conv3d'");
        assertThatThrownBy(() -> ModelSpec.fromJson("""
                {"layers": [{"type": "conv2d", "out": 4}]}""", "s.json"))
                .hasMessageContaining("'kernel' is required");
    }
}
