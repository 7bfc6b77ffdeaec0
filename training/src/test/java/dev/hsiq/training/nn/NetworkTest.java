/*
 * Networks built from specs: the whole network's loss gradient against finite differences
 * on tiny 1-D and 2-D specs, engine parameter names and shapes, seeded He initialization,
 * batched eval inference, and the round trip through the engine Model.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.QuantSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NetworkTest {

    static final String TINY_1D = """
            {"name": "tiny-1d", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 3, "kernel": 3},
              {"type": "batchnorm"}, {"type": "relu"},
              {"type": "maxpool1d", "kernel": 2},
              {"type": "conv1d", "out": 4, "kernel": 3, "stride": 2, "padding": 1},
              {"type": "batchnorm"}, {"type": "relu"},
              {"type": "avgpool1d", "kernel": 2, "stride": 1},
              {"type": "dense", "out": 5}, {"type": "batchnorm"}, {"type": "relu"},
              {"type": "dense", "out": "classes"}]}""";

    static final String TINY_2D = """
            {"name": "tiny-2d", "input": "patch", "patch_size": 5, "layers": [
              {"type": "conv2d", "out": 3, "kernel": 3, "padding": 1},
              {"type": "batchnorm"}, {"type": "relu"},
              {"type": "maxpool2d", "kernel": 2, "stride": 1},
              {"type": "conv2d", "out": 4, "kernel": [2, 3], "stride": [2, 1]},
              {"type": "batchnorm"}, {"type": "relu"},
              {"type": "flatten"},
              {"type": "dense", "out": "classes"}]}""";

    @Test
    void tinySpectralNetworkLossGradient() {
        checkNetworkGradient(ModelSpec.fromJson(TINY_1D, "tiny-1d").resolve(3, null), 12, 6, 101);
    }

    @Test
    void tinyPatchNetworkLossGradient() {
        checkNetworkGradient(ModelSpec.fromJson(TINY_2D, "tiny-2d").resolve(3, null), 2, 5, 202);
    }

    /** Every trainable parameter's gradient of the mean cross-entropy against central differences. */
    private static void checkNetworkGradient(ModelSpec spec, int bands, int batch, long seed) {
        Network net = Network.build(spec, bands, seed);
        Random r = new Random(seed);
        float[] x = GradientCheck.random(r, batch * net.inputShape().size(), 1);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = i % net.classes();
        }
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(net.classes());
        float[] grad = new float[batch * net.classes()];
        net.zeroGrad();
        ce.lossAndGradient(net.forward(x, batch, true), y, batch, grad);
        net.backward(grad, batch);
        double eps = 1e-3;
        int checked = 0;
        for (Param p : net.params()) {
            if (!p.trainable()) {
                continue;
            }
            float[] analytic = p.grad().clone();
            float[] v = p.value();
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                float keep = v[i];
                v[i] = (float) (keep + eps);
                double plus = ce.lossAndGradient(net.forward(x, batch, true), y, batch, null);
                v[i] = (float) (keep - eps);
                double minus = ce.lossAndGradient(net.forward(x, batch, true), y, batch, null);
                v[i] = keep;
                double numeric = (plus - minus) / (2 * eps);
                diff += (numeric - analytic[i]) * (numeric - analytic[i]);
                norm = Math.max(norm, Math.max(Math.abs(numeric), Math.abs(analytic[i])));
                GradientCheck.assertClose(p.name() + "[" + i + "]", analytic[i], numeric, 3e-3, 5e-2);
                checked++;
            }
            assertThat(Math.sqrt(diff / v.length)).as(p.name() + " rms error").isLessThan(1e-3 + 1e-2 * norm);
        }
        assertThat(checked).isEqualTo(net.trainableParameterCount());
    }

    @Test
    void spectralCnnHasTheEngineParameterNamesAndShapes() {
        ModelSpec spec = ModelSpec.spectralCnn().resolve(16, null);
        Network net = Network.build(spec, 200, 1);
        List<String> names = new ArrayList<>();
        for (Param p : net.params()) {
            names.add(p.name() + Arrays.toString(p.shape()));
        }
        assertThat(names).containsExactly(
                "conv1.weight[32, 1, 1, 11]", "conv1.bias[32]",
                "bn1.gamma[32]", "bn1.beta[32]", "bn1.mean[32]", "bn1.var[32]",
                "conv2.weight[64, 32, 1, 7]", "conv2.bias[64]",
                "bn2.gamma[64]", "bn2.beta[64]", "bn2.mean[64]", "bn2.var[64]",
                "conv3.weight[64, 64, 1, 5]", "conv3.bias[64]",
                "bn3.gamma[64]", "bn3.beta[64]", "bn3.mean[64]", "bn3.var[64]",
                "fc1.weight[128, 448]", "fc1.bias[128]",
                "bn4.gamma[128]", "bn4.beta[128]", "bn4.mean[128]", "bn4.var[128]",
                "fc2.weight[16, 128]", "fc2.bias[16]");
        assertThat(net.trainableParameterCount()).isEqualTo(spec.parameterCount(200));
        assertThat(net.classes()).isEqualTo(16);
        for (int i = 0; i < spec.layers().size(); i++) {
            assertThat(net.layers().get(i).outputShape()).isEqualTo(spec.shapes(200).get(i));
        }
    }

    @Test
    void heInitializationIsSeededWithTheRightScale() {
        ModelSpec spec = ModelSpec.spectralCnn().resolve(16, null);
        Network a = Network.build(spec, 200, 7);
        Network b = Network.build(spec, 200, 7);
        Network c = Network.build(spec, 200, 8);
        float[] w = a.param("conv2.weight").value();
        assertThat(w).containsExactly(b.param("conv2.weight").value());
        assertThat(w).isNotEqualTo(c.param("conv2.weight").value());
        double sq = 0;
        double sum = 0;
        for (float v : w) {
            sq += v * v;
            sum += v;
        }
        double std = Math.sqrt(sq / w.length);
        assertThat(std).isCloseTo(Math.sqrt(2.0 / (32 * 7)), within(0.05 * Math.sqrt(2.0 / (32 * 7))));
        assertThat(sum / w.length).isCloseTo(0, within(0.01));
        assertThat(a.param("conv2.bias").value()).containsOnly(0f);
        assertThat(a.param("bn2.gamma").value()).containsOnly(1f);
        assertThat(a.param("bn2.var").value()).containsOnly(1f);
    }

    @Test
    void batchedInferenceEqualsOneSampleAtATime() {
        ModelSpec spec = ModelSpec.fromJson(TINY_1D, "tiny-1d").resolve(3, null);
        Network net = Network.build(spec, 12, 3);
        Random r = new Random(4);
        int count = Network.INFERENCE_BATCH + 37;
        float[] x = GradientCheck.random(r, count * 12, 1);
        // give the running statistics non-trivial values
        net.forward(Arrays.copyOf(x, 64 * 12), 64, true);
        float[] batched = net.logits(x, count);
        int[] predicted = net.predict(x, count);
        for (int n = 0; n < count; n++) {
            float[] one = net.forward(Arrays.copyOfRange(x, n * 12, (n + 1) * 12), 1, false);
            for (int c = 0; c < 3; c++) {
                assertThat(batched[n * 3 + c]).isCloseTo(one[c], within(1e-5f));
            }
            assertThat(predicted[n]).isEqualTo(SoftmaxCrossEntropy.argmax(batched, n, 3));
        }
    }

    @Test
    void modelRoundTripKeepsPredictions() {
        ModelSpec spec = ModelSpec.fromJson(TINY_1D, "tiny-1d").resolve(3, null);
        Network net = Network.build(spec, 12, 5);
        Random r = new Random(6);
        float[] x = GradientCheck.random(r, 40 * 12, 1);
        net.forward(x, 40, true); // running statistics move off their initial values
        float[] low = new float[12];
        float[] high = new float[12];
        Arrays.fill(high, 1f);
        Model model = net.toModel(List.of("a", "b", "c"), new Normalization(low, high), Map.of("seed", 5L));
        assertThat(model.params()).containsKeys("conv1.weight", "batchnorm1.mean", "batchnorm1.var", "dense2.bias");
        assertThat(model.param("batchnorm1.mean").data()).containsExactly(net.param("batchnorm1.mean").value());
        Network back = Network.fromModel(model);
        assertThat(back.logits(x, 40)).containsExactly(net.logits(x, 40));
        assertThat(back.spec()).isEqualTo(spec);
    }

    @Test
    void snapshotRestoresEveryParameter() {
        Network net = Network.build(ModelSpec.fromJson(TINY_1D, "tiny-1d").resolve(3, null), 12, 5);
        Map<String, float[]> snap = net.snapshot();
        float[] before = net.param("conv2.weight").value().clone();
        net.param("conv2.weight").value()[0] += 1;
        net.param("batchnorm1.mean").value()[1] += 1;
        net.restore(snap);
        assertThat(net.param("conv2.weight").value()).containsExactly(before);
        assertThat(net.param("batchnorm1.mean").value()[1]).isZero();
    }

    @Test
    void rejectsUnresolvedAndQuantizedSpecs() {
        assertThatThrownBy(() -> Network.build(ModelSpec.spectralCnn(), 200, 1))
                .hasMessageContaining("resolve the spec first");
        ModelSpec quantized = ModelSpec.spectralCnn().resolve(16, QuantSettings.parseBits("2/1"));
        assertThatThrownBy(() -> Network.build(quantized, 200, 1))
                .hasMessageContaining("quantization-aware");
        assertThatThrownBy(() -> Network.build(ModelSpec.spectralCnn().resolve(16, null), 20, 1))
                .hasMessageContaining("does not fit");
    }

    @Test
    void toModelChecksTheClassNames() {
        Network net = Network.build(ModelSpec.fromJson(TINY_1D, "tiny-1d").resolve(3, null), 12, 5);
        float[] high = new float[12];
        Arrays.fill(high, 1f);
        assertThatThrownBy(() -> net.toModel(List.of("a", "b"), new Normalization(new float[12], high), Map.of()))
                .hasMessageContaining("3 outputs, 2 class names");
    }

    /** A stand-in for the quantization-aware factory: conv1 gets a non-identity weight transform. */
    private static final LayerFactory CUBED_CONV1 = new LayerFactory() {
        @Override
        public Layer create(dev.hsiq.engine.model.LayerSpec spec, dev.hsiq.engine.model.Shape in, long seed) {
            if (spec instanceof dev.hsiq.engine.model.LayerSpec.Conv c && c.name().equals("conv1")) {
                return new ConvLayer(c.name(), in, c.outChannels(), c.kernelH(), c.kernelW(), c.strideH(),
                        c.strideW(), c.padH(), c.padW(), new LayerGradientTest.CubeTransform());
            }
            return FloatLayerFactory.INSTANCE.create(spec, in, seed);
        }
    };

    @Test
    void quantizedWeightsGoThroughTheirOwnMap() {
        ModelSpec spec = ModelSpec.fromJson(TINY_1D, "tiny-1d").resolve(3, null);
        Network net = Network.build(spec, 12, 5, CUBED_CONV1);
        float[] high = new float[12];
        Arrays.fill(high, 1f);
        Normalization norm = new Normalization(new float[12], high);
        assertThatThrownBy(() -> net.toModel(List.of("a", "b", "c"), norm, Map.of()))
                .hasMessageContaining("conv1").hasMessageContaining("quantized");
        byte[] codes = new byte[3 * 3];
        Arrays.fill(codes, (byte) 1);
        codes[4] = -1;
        var q = new dev.hsiq.engine.model.QuantizedWeights(dev.hsiq.engine.model.WeightFormat.BINARY,
                new int[]{3, 1, 1, 3}, codes, new float[]{0.5f, 0.25f, 2f});
        Model model = net.toModel(List.of("a", "b", "c"), norm, Map.of(), Map.of("conv1.weight", q));
        assertThat(model.params()).doesNotContainKey("conv1.weight").containsKey("conv1.bias");
        assertThat(model.qweights()).containsOnlyKeys("conv1.weight");
        Network back = Network.fromModel(model, CUBED_CONV1);
        assertThat(back.param("conv1.weight").value()).containsExactly(q.dequantize());
        assertThatThrownBy(() -> Network.fromModel(model)).hasMessageContaining("quantization-aware");
    }

    @Test
    void fineTuningLoadsWhatTheFloatModelHas() {
        ModelSpec spec = ModelSpec.fromJson(TINY_1D, "tiny-1d").resolve(3, null);
        Network net = Network.build(spec, 12, 5);
        Map<String, dev.hsiq.engine.model.Tensor> params = new java.util.LinkedHashMap<>(net.exportParams());
        params.remove("dense2.bias");
        Network other = Network.build(spec, 12, 6);
        assertThat(other.loadAvailableParams(params)).containsExactly("dense2.bias");
        assertThat(other.param("conv1.weight").value()).containsExactly(net.param("conv1.weight").value());
        assertThatThrownBy(() -> other.loadParams(params)).hasMessageContaining("'dense2.bias' is missing");
    }
}
