/*
 * The reference executor: hand-built tiny models with outputs worked out by hand (float and
 * quantized), float models against an independent float recomputation, input layout and
 * normalization, and every rejected structure or bad input with its message.
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.quant.FoldedThresholds;
import dev.hsiq.engine.testing.FakeQuantForward;
import dev.hsiq.engine.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class ReferenceExecutorTest {

    static Normalization unit(int bands) {
        return new Normalization(new float[bands], TestModels.filled(bands, 1f));
    }

    static Model model(ModelSpec spec, int bands, Normalization n, Map<String, Tensor> params,
                       Map<String, QuantizedWeights> q, int classes) {
        return new Model(spec, bands, TestModels.classNames(classes), n, params, q, Map.of());
    }

    @Test
    void floatDenseByHand() {
        ModelSpec spec = new ModelSpec("fc", ModelSpec.InputKind.SPECTRUM, 1, 0,
                List.of(new LayerSpec.Dense("fc", 2, WeightFormat.FLOAT)));
        Map<String, Tensor> p = Map.of(
                "fc.weight", Tensor.of(new float[]{1, 2, 3, -1, 0, 1}, 2, 3),
                "fc.bias", Tensor.of(new float[]{0.1f, -0.2f}, 2));
        Normalization n = new Normalization(new float[]{0, 0, 0}, new float[]{1, 2, 4});
        ReferenceExecutor ex = new ReferenceExecutor(model(spec, 3, n, p, Map.of(), 2));
        // raw [0.5, 1, 2] normalizes to [0.5, 0.5, 0.5]
        float[] logits = ex.logits(new float[]{0.5f, 1f, 2f});
        assertThat(logits[0]).isCloseTo(3.1f, offset(1e-6f));
        assertThat(logits[1]).isCloseTo(-0.2f, offset(1e-6f));
        assertThat(ex.labels(new float[][]{{0.5f, 1f, 2f}, {0f, 0f, 4f}})).containsExactly(0, 0);
        assertThat(ex.label(new float[]{1f, 0f, 0f})).isEqualTo(0);
        assertThat(ex.label(new float[]{-1f, 0f, 0f})).isEqualTo(1);
    }

    @Test
    void floatConvBatchNormReluPoolByHand() {
        ModelSpec spec = new ModelSpec("tiny", ModelSpec.InputKind.SPECTRUM, 1, 0, List.of(
                new LayerSpec.Conv("conv", 1, 1, 3, 1, 1, 0, 1, true, WeightFormat.FLOAT),
                new LayerSpec.BatchNorm("bn", 1f, 0.1f),
                new LayerSpec.Act("act", 0),
                new LayerSpec.Pool("pool", LayerSpec.PoolKind.MAX, 1, 2, 1, 2, true),
                new LayerSpec.Dropout("drop", 0.5f),
                new LayerSpec.Flatten("flat"),
                new LayerSpec.Dense("fc", 2, WeightFormat.FLOAT)));
        Map<String, Tensor> p = new HashMap<>();
        p.put("conv.weight", Tensor.of(new float[]{1, 0, -1}, 1, 1, 1, 3));
        p.put("conv.bias", Tensor.of(new float[]{0.5f}, 1));
        // BN: 2 (x - 0.5) / sqrt(3 + 1) + 1 = x + 0.5
        p.put("bn.gamma", Tensor.of(new float[]{2}, 1));
        p.put("bn.beta", Tensor.of(new float[]{1}, 1));
        p.put("bn.mean", Tensor.of(new float[]{0.5f}, 1));
        p.put("bn.var", Tensor.of(new float[]{3}, 1));
        p.put("fc.weight", Tensor.of(new float[]{1, 0, 0, 1}, 2, 2));
        ReferenceExecutor ex = new ReferenceExecutor(model(spec, 5, unit(5), p, Map.of(), 2));
        // conv with zero padding: [-1.5, 1.5, -0.5, -0.5, 3.5]; BN: [-1, 2, 0, 0, 4]; ReLU; max pool 2/2: [2, 0]
        assertThat(ex.logits(new float[]{1, 2, 0, 3, 1})).containsExactly(2f, 0f);
        assertThat(ex.sampleLength()).isEqualTo(5);
        assertThat(ex.thresholds()).isEmpty();
    }

    @Test
    void patchInputIsBandMajorAndNormalizedPerBand() {
        // 1x1 conv reading only band 1 of a 3-band 3x3 patch, then dense over the 9 positions
        ModelSpec spec = new ModelSpec("p", ModelSpec.InputKind.PATCH, 3, 0, List.of(
                new LayerSpec.Conv("conv", 1, 1, 1, 1, 1, 0, 0, false, WeightFormat.FLOAT),
                new LayerSpec.Dense("fc", 9, WeightFormat.FLOAT)));
        float[] eye = new float[81];
        for (int i = 0; i < 9; i++) eye[i * 9 + i] = 1;
        Map<String, Tensor> p = Map.of("conv.weight", Tensor.of(new float[]{0, 1, 0}, 1, 3, 1, 1),
                "fc.weight", Tensor.of(eye, 9, 9));
        Normalization n = new Normalization(new float[]{0, 10, 0}, new float[]{1, 20, 1});
        ReferenceExecutor ex = new ReferenceExecutor(model(spec, 3, n, p, Map.of(), 9));
        float[] raw = new float[27];
        for (int i = 0; i < 9; i++) raw[9 + i] = 10 + i;  // band 1, position i: normalized i / 10
        float[] logits = ex.logits(raw);
        for (int i = 0; i < 9; i++) assertThat(logits[i]).isCloseTo(i / 10f, offset(1e-6f));
        assertThat(ex.label(raw)).isEqualTo(8);
    }

    /** fc1: 2-bit weights, 1-bit step (clip 1, boundary 0.5); fc2: 8-bit last layer. Worked by hand. */
    static Model handQuantized() {
        ModelSpec spec = new ModelSpec("tiny-q", ModelSpec.InputKind.SPECTRUM, 1, 2, List.of(
                new LayerSpec.Dense("fc1", 2, WeightFormat.ofInt(2)),
                new LayerSpec.Act("act1", 1),
                new LayerSpec.Dense("fc2", 2, WeightFormat.ofInt(8))));
        Map<String, Tensor> p = Map.of(
                "fc1.bias", Tensor.of(new float[]{0.01f, 0.2f}, 2),
                "act1.clip", Tensor.of(new float[]{1f}, 1),
                "fc2.bias", Tensor.of(new float[]{0.1f, 0f}, 2));
        Map<String, QuantizedWeights> q = Map.of(
                "fc1.weight", new QuantizedWeights(WeightFormat.ofInt(2), new int[]{2, 3},
                        new byte[]{1, -1, 0, 1, 1, 1}, new float[]{0.5f, 0.25f}),
                "fc2.weight", new QuantizedWeights(WeightFormat.ofInt(8), new int[]{2, 2},
                        new byte[]{2, 0, 0, 3}, new float[]{0.5f, 0.25f}));
        return model(spec, 3, unit(3), p, q, 2);
    }

    @Test
    void quantizedByHand() {
        ReferenceExecutor ex = new ReferenceExecutor(handQuantized());
        // input codes: 2 bits, L = 3: 0 -> 0, 1/3 -> 1, 1 -> 3
        assertThat(ex.inputCodes(new float[]{0, 1f / 3, 1})).containsExactly(0, 1, 3);
        // fc1 thresholds: alpha = s / 3, T = ceil((0.5 - b) / alpha) = ceil(2.94) = 3, ceil(3.6) = 4
        List<FoldedThresholds> t = ex.thresholds();
        assertThat(t).hasSize(1);
        assertThat(t.get(0).thresholds()).containsExactly(3, 4);
        assertThat(t.get(0).directions()).containsExactly(1, 1);
        // codes [0,1,3]: acc = (-1, 4), v = (-0.157, 0.533) -> q = (0, 1); logits = (0.5*2*0 + 0.1, 0.25*3*1)
        float[] l = ex.logits(new float[]{0, 1f / 3, 1});
        assertThat(l[0]).isEqualTo(0.1f);
        assertThat(l[1]).isEqualTo(0.75f);
        assertThat(ex.label(new float[]{0, 1f / 3, 1})).isEqualTo(1);
        // codes [3,0,0]: acc = (3, 3), v = (0.51, 0.45) -> q = (1, 0); logits = (1.1, 0)
        l = ex.logits(new float[]{1, 0, 0});
        assertThat(l[0]).isCloseTo(1.1f, offset(1e-6f));
        assertThat(l[1]).isZero();
    }

    @Test
    void floatModelsMatchAnIndependentRecomputation() {
        Random rnd = new Random(5);
        List<Model> models = List.of(
                TestModels.random(ModelSpec.spectralCnn().resolve(6, null), 103, 1),
                TestModels.random(ModelSpec.patchCnn(9).resolve(5, null), 12, 2),
                TestModels.random(ModelSpec.fromJson("""
                        {"name": "mixed", "input": "patch", "patch_size": 7, "layers": [
                          {"type": "conv2d", "out": 6, "kernel": 3, "padding": 1, "stride": [1, 2]},
                          {"type": "batchnorm"}, {"type": "relu"},
                          {"type": "avgpool2d", "kernel": 2},
                          {"type": "dropout", "p": 0.3},
                          {"type": "conv2d", "out": 4, "kernel": [2, 1]}, {"type": "relu"},
                          {"type": "flatten"}, {"type": "dense", "out": "classes"}]}""", "mixed.json")
                        .resolve(4, null), 5, 3));
        for (Model m : models) {
            ReferenceExecutor ex = new ReferenceExecutor(m);
            FakeQuantForward f = new FakeQuantForward(m);
            float[][] samples = TestModels.samples(m, 20, rnd);
            for (float[] s : samples) {
                float[] a = ex.logits(s);
                float[] b = f.run(s, null);
                float scale = 0;
                for (float v : b) scale = Math.max(scale, Math.abs(v));
                for (int c = 0; c < a.length; c++) {
                    assertThat(a[c]).as(m.spec().name()).isCloseTo(b[c], offset(1e-4f * (1 + scale)));
                }
            }
        }
    }

    // ---------------------------------------------------------------- rejected structures and inputs

    private static ModelSpec quantizedSpec(LayerSpec... layers) {
        return new ModelSpec("bad", ModelSpec.InputKind.SPECTRUM, 1, 8, List.of(layers));
    }

    private static Model anyModel(ModelSpec spec, int bands) {
        return TestModels.random(spec, bands, 9, false);
    }

    @Test
    void unfoldableStructuresAreRejectedNamingTheLayer() {
        WeightFormat w = WeightFormat.ofInt(4);
        LayerSpec.Conv conv = new LayerSpec.Conv("conv1", 4, 1, 3, 1, 1, 0, 0, true, w);
        LayerSpec.Act act = new LayerSpec.Act("act1", 2);
        LayerSpec.Dense last = new LayerSpec.Dense("fc", 3, w);
        record Case(String message, ModelSpec spec) {
        }
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("layer 'pool1' average pooling cannot run on integer codes", quantizedSpec(conv, act,
                new LayerSpec.Pool("pool1", LayerSpec.PoolKind.AVG, 1, 2, 1, 2, true), last)));
        cases.add(new Case("layer 'bn2' does not directly follow a conv/dense layer", quantizedSpec(conv, act,
                new LayerSpec.BatchNorm("bn2", 1e-5f, 0.1f), last)));
        cases.add(new Case("layer 'conv1' must be followed by a step activation", quantizedSpec(conv, last)));
        cases.add(new Case("layer 'bn1' must be followed by a step activation", quantizedSpec(conv,
                new LayerSpec.BatchNorm("bn1", 1e-5f, 0.1f), last)));
        cases.add(new Case("layer 'act1' is a ReLU in a quantized network", quantizedSpec(conv,
                new LayerSpec.Act("act1", 0), last)));
        cases.add(new Case("layer 'act0' does not directly follow a conv/dense layer", quantizedSpec(
                new LayerSpec.Act("act0", 2), conv, act, last)));
        cases.add(new Case("layer 'act2' follows the last conv/dense layer 'fc'", quantizedSpec(conv, act, last,
                new LayerSpec.Act("act2", 2))));
        for (Case c : cases) {
            assertThatThrownBy(() -> new ReferenceExecutor(anyModel(c.spec(), 12)))
                    .as(c.message()).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("model bad: " + c.message());
        }
    }

    @Test
    void missingAndMisshapedParametersAreNamed() {
        Model m = handQuantized();
        Map<String, QuantizedWeights> q = new HashMap<>(m.qweights());
        q.remove("fc1.weight");
        assertThatThrownBy(() -> new ReferenceExecutor(TestModels.with(m, m.params(), q)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("layer 'fc1': quantized weight 'fc1.weight' (format 2) is missing");
        q.put("fc1.weight", new QuantizedWeights(WeightFormat.ofInt(3), new int[]{2, 3}, new byte[6], new float[2]));
        assertThatThrownBy(() -> new ReferenceExecutor(TestModels.with(m, m.params(), q)))
                .hasMessageContaining("weight 'fc1.weight' has format 3, the spec says 2");
        q.put("fc1.weight", new QuantizedWeights(WeightFormat.ofInt(2), new int[]{3, 2}, new byte[6], new float[3]));
        assertThatThrownBy(() -> new ReferenceExecutor(TestModels.with(m, m.params(), q)))
                .hasMessageContaining("parameter 'fc1.weight' has shape [3, 2], expected [2, 3]");
        Map<String, Tensor> p = new HashMap<>(m.params());
        p.remove("act1.clip");
        assertThatThrownBy(() -> new ReferenceExecutor(TestModels.with(m, p, m.qweights())))
                .hasMessageContaining("layer 'act1': clip level 'act1.clip' of the 1-bit step activation is missing");
        p.put("act1.clip", Tensor.of(new float[]{-1f}, 1));
        assertThatThrownBy(() -> new ReferenceExecutor(TestModels.with(m, p, m.qweights())))
                .hasMessageContaining("layer 'act1': step activation clip level -1.0 must be finite and > 0");
        p.put("act1.clip", Tensor.of(new float[]{1f}, 1));
        p.put("fc2.bias", Tensor.of(new float[]{1, 2, 3}, 3));
        assertThatThrownBy(() -> new ReferenceExecutor(TestModels.with(m, p, m.qweights())))
                .hasMessageContaining("parameter 'fc2.bias' has shape [3], expected [2]");
    }

    @Test
    void badSamplesAreRejected() {
        ReferenceExecutor ex = new ReferenceExecutor(handQuantized());
        assertThatThrownBy(() -> ex.logits(new float[4])).isInstanceOf(BadInputException.class)
                .hasMessageContaining("a sample has 4 values, the model expects 3");
        assertThatThrownBy(() -> ex.logits(new float[]{0, Float.NaN, 0})).isInstanceOf(BadInputException.class)
                .hasMessageContaining("sample value 1 (band 1) is NaN");
    }

    @Test
    void outputCountMustMatchTheClasses() {
        Model m = handQuantized();
        Model three = new Model(m.spec(), 3, TestModels.classNames(3), m.normalization(), m.params(), m.qweights(),
                Map.of());
        assertThatThrownBy(() -> new ReferenceExecutor(three)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("the network gives 2 outputs per sample, but the model has 3 classes");
    }

    @Test
    void accumulatorOverflowIsRejectedNamingTheLayer() {
        int k = (int) (dev.hsiq.engine.quant.AccumulatorBound.LIMIT / (255L * 127)) + 1;
        ModelSpec spec = new ModelSpec("wide", ModelSpec.InputKind.SPECTRUM, 1, 8,
                List.of(new LayerSpec.Dense("fc", 2, WeightFormat.ofInt(8))));
        Map<String, QuantizedWeights> q = Map.of("fc.weight", new QuantizedWeights(WeightFormat.ofInt(8),
                new int[]{2, k}, new byte[2 * k], new float[2]));
        Model m = model(spec, k, unit(k), Map.of(), q, 2);
        assertThatThrownBy(() -> new ReferenceExecutor(m)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("layer fc: accumulator bound " + k + " products")
                .hasMessageContaining("exceeds the int32 limit");
    }

    @Test
    void quantizedSettingsResolveToRunnableModels() {
        for (String bits : new String[]{"8/8", "4/4", "2/2", "2/1", "1/1", "2/t"}) {
            Model m = TestModels.random(ModelSpec.spectralCnn().resolve(4, QuantSettings.parseBits(bits)), 103, 4, false);
            ReferenceExecutor ex = new ReferenceExecutor(m);
            assertThat(ex.thresholds()).as(bits).hasSize(4);
            assertThat(ex.labels(TestModels.samples(m, 3, new Random(1)))).hasSize(3);
        }
    }
}
