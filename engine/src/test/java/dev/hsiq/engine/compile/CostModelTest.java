/*
 * The kernel choice rule (CostModel) on the reference networks' layers: what its type comment
 * promises, so that a change of its constants that flips a documented decision fails here.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.WeightFormat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CostModelTest {

    static CostModel.Layer layer(int in, int out, int taps, int bits, WeightFormat w, boolean inPlace, double packed) {
        return new CostModel.Layer(in, out, taps, bits, w, inPlace, packed);
    }

    @Test
    void firstLayerOfPatchCnnWithEightBitInputIsBitSerial() {
        CostModel.Layer conv1 = layer(200, 64, 9, 8, WeightFormat.BINARY, false, 81.0 / 49);
        assertThat(CostModel.choose(conv1)).isEqualTo(KernelKind.BIT_SERIAL);
        double bs = CostModel.nanosPerOutputPixel(KernelKind.BIT_SERIAL, conv1);
        assertThat(CostModel.nanosPerOutputPixel(KernelKind.LUT, conv1)).isGreaterThan(1.5 * bs);
        assertThat(CostModel.nanosPerOutputPixel(KernelKind.INT8, conv1)).isGreaterThan(1.5 * bs);
        assertThat(CostModel.choose(layer(200, 64, 9, 4, WeightFormat.BINARY, false, 81.0 / 49)))
                .isEqualTo(KernelKind.BIT_SERIAL);
    }

    @Test
    void hiddenLayers() {
        for (WeightFormat w : List.of(WeightFormat.BINARY, WeightFormat.TERNARY, WeightFormat.ofInt(2))) {
            assertThat(CostModel.choose(layer(64, 64, 9, 2, w, false, 0))).as("2-bit x %s", w)
                    .isEqualTo(KernelKind.BIT_SERIAL);
        }
        assertThat(CostModel.choose(layer(64, 64, 9, 1, WeightFormat.BINARY, false, 0))).isEqualTo(KernelKind.BIT_SERIAL);
        assertThat(CostModel.choose(layer(64, 128, 9, 4, WeightFormat.ofInt(4), false, 0))).isEqualTo(KernelKind.BIT_SERIAL);
        assertThat(CostModel.choose(layer(64, 64, 9, 8, WeightFormat.ofInt(8), false, 0))).isEqualTo(KernelKind.INT8);
    }

    @Test
    void lastLayers() {
        assertThat(CostModel.choose(layer(128, 16, 1, 2, WeightFormat.ofInt(8), true, 0))).isEqualTo(KernelKind.BIT_SERIAL);
        assertThat(CostModel.choose(layer(128, 16, 1, 4, WeightFormat.ofInt(8), true, 0))).isEqualTo(KernelKind.BIT_SERIAL);
        assertThat(CostModel.choose(layer(128, 16, 1, 8, WeightFormat.ofInt(8), true, 0))).isEqualTo(KernelKind.INT8);
        assertThat(CostModel.choose(layer(128, 16, 1, 2, WeightFormat.FLOAT, true, 0))).isEqualTo(KernelKind.EXACT_FLOAT);
    }

    @Test
    void thinSpectralFirstLayerIsInt8() {
        assertThat(CostModel.choose(layer(1, 32, 11, 8, WeightFormat.BINARY, false, 200.0 / 190)))
                .isEqualTo(KernelKind.INT8);
    }

    @Test
    void compiledReferenceNetworksFollowTheRule() {
        Model patch = Engines.quantized(ModelSpec.patchCnn(9), 16, Engines.settings("2/1", 8, "8"), 200, 1, false);
        List<LayerInfo> l = CompiledModel.compile(patch).layers();
        assertThat(l).extracting(LayerInfo::name).containsExactly("input", "conv1", "conv2", "conv3", "fc1", "fc2");
        assertThat(l.get(0).kernel()).isEqualTo("pack 8 planes, merge tails");
        assertThat(l.get(1).kernel()).isEqualTo("bit-serial a8w1");
        assertThat(l.subList(2, 5)).allMatch(x -> x.kernel().equals("bit-serial a2w1"));
        assertThat(l.get(5).kernel()).isEqualTo("bit-serial a2w8");
        assertThat(l.get(1).output()).isEqualTo("64 x 2 bit planes");
        Model p88 = Engines.quantized(ModelSpec.patchCnn(9), 16, Engines.settings("8/8", 8, "8"), 200, 1, false);
        List<LayerInfo> l88 = CompiledModel.compile(p88).layers();
        assertThat(l88.get(1).kernel()).isEqualTo("bit-serial a8w8".equals(l88.get(1).kernel()) ? "bit-serial a8w8" : "int8 a8");
        assertThat(l88.subList(1, l88.size())).allMatch(x -> x.kernel().equals("int8 a8"));
        Model spectral = Engines.quantized(ModelSpec.spectralCnn(), 16, Engines.settings("2/1", 8, "8"), 200, 1, false);
        List<LayerInfo> ls = CompiledModel.compile(spectral).layers();
        assertThat(ls.get(0).kernel()).isEqualTo("int8 a8");
        assertThat(ls).anyMatch(x -> x.kernel().equals("max pool on planes"));
    }
}
