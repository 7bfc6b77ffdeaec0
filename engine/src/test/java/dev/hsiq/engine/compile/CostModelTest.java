/*
 * The kernel choice rule (CostModel) on the reference networks' layers: what its type comment
 * promises, so that a change of its constants that flips a documented decision fails here.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.quant.AccumulatorBound;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CostModelTest {

    static CostModel.Layer layer(int in, int out, int taps, int bits, WeightFormat w, boolean inPlace, double packed) {
        return new CostModel.Layer(in, out, taps, bits, w, inPlace, packed, false);
    }

    static CostModel.Layer exact(int in, int out, int taps, int bits, WeightFormat w, boolean inPlace, double packed) {
        return new CostModel.Layer(in, out, taps, bits, w, inPlace, packed, true);
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

    /** Where its sums are exact, the float GEMM on codes takes the layers bit-serial needs 32-64 plane pairs for. */
    @Test
    void floatGemmOnCodesWhereExactAndManyPlanePairs() {
        // patch-cnn conv1 at 4/4 and 8/8: 8-bit codes x 4- / 8-bit weights
        assertThat(CostModel.choose(exact(200, 64, 9, 8, WeightFormat.ofInt(4), false, 81.0 / 49)))
                .isEqualTo(KernelKind.FLOAT_CODES);
        assertThat(CostModel.choose(exact(200, 64, 9, 8, WeightFormat.ofInt(8), false, 81.0 / 49)))
                .isEqualTo(KernelKind.FLOAT_CODES);
        assertThat(CostModel.choose(exact(64, 64, 9, 8, WeightFormat.ofInt(8), false, 0))).isEqualTo(KernelKind.FLOAT_CODES);
        // not where bit-serial is cheap: binary weights, 2-bit codes, 4 x 4 hidden layers
        assertThat(CostModel.choose(exact(200, 64, 9, 8, WeightFormat.BINARY, false, 81.0 / 49)))
                .isEqualTo(KernelKind.BIT_SERIAL);
        assertThat(CostModel.choose(exact(64, 64, 9, 2, WeightFormat.ofInt(2), false, 0))).isEqualTo(KernelKind.BIT_SERIAL);
        assertThat(CostModel.choose(exact(64, 128, 9, 4, WeightFormat.ofInt(4), false, 0))).isEqualTo(KernelKind.BIT_SERIAL);
        // never where a sum could round
        assertThat(CostModel.applies(KernelKind.FLOAT_CODES, layer(64, 64, 9, 8, WeightFormat.ofInt(8), false, 0)))
                .isFalse();
        assertThat(CostModel.nanosPerOutputPixel(KernelKind.FLOAT_CODES, layer(64, 64, 9, 8, WeightFormat.ofInt(8),
                false, 0))).isInfinite();
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
        // 8-bit codes x 8-bit weights: the float GEMM on codes wherever its sums are exact, else int8
        for (LayerInfo x : l88.subList(1, 5)) {
            boolean exact = AccumulatorBound.exactInFloat(p88.qweight(x.name() + ".weight").codes(),
                    p88.qweight(x.name() + ".weight").shape()[0], 8);
            assertThat(x.kernel()).as(x.name()).isEqualTo(exact ? "float GEMM on codes a8" : "int8 a8");
        }
        assertThat(l88.subList(1, 5)).anyMatch(x -> x.kernel().equals("float GEMM on codes a8"));
        Model spectral = Engines.quantized(ModelSpec.spectralCnn(), 16, Engines.settings("2/1", 8, "8"), 200, 1, false);
        List<LayerInfo> ls = CompiledModel.compile(spectral).layers();
        assertThat(ls.get(0).kernel()).isEqualTo("int8 a8");
        assertThat(ls).anyMatch(x -> x.kernel().equals("max pool on planes"));
    }
}
