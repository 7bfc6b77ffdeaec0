/*
 * Quantization-aware training end to end on small synthetic spectra: fine-tuning loads the
 * float model, the exported model is what the network computes (its fake-quant forward
 * agrees with ReferenceExecutor's integer semantics on >= 99.5% of samples, and the measured
 * figure is printed), the model file round trip is exact (equal Model, identical logits),
 * validation-based selection runs through the integer semantics, and bad inits are refused.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.reference.PackedSize;
import dev.hsiq.engine.reference.ReferenceExecutor;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.nn.Param;
import dev.hsiq.training.train.EpochReport;
import dev.hsiq.training.train.TrainConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QatTrainerTest {

    static QatFixtures.Set train;
    static QatFixtures.Set test;
    static Model floatModel;

    @BeforeAll
    static void data() {
        train = QatFixtures.set(50, 450, 11, null);
        test = QatFixtures.set(500, 450, 12, train.normalization());
        floatModel = QatFixtures.floatModel(train, 15, 11);
    }

    static QatRun fineTune(String bits, GradientMode grad, int epochs) {
        QatSettings s = QatSettings.defaults(QuantSettings.parseBits(bits)).withGradient(grad);
        TrainConfig cfg = QatFixtures.config(epochs, 5).withLearningRate(0.01);
        return new QatTrainer(s, cfg).train(QatFixtures.spec(), QatFixtures.BANDS, QatFixtures.CLASS_NAMES,
                train.normalization(), train.normalized(), null, floatModel, Map.of("dataset", "synthetic"),
                r -> { });
    }

    @Test
    void fineTuningLoadsTheFloatModel() {
        QatSettings s = QatSettings.defaults(QuantSettings.parseBits("2/1"));
        List<String> notes = new ArrayList<>();
        QatTrainer.Prepared p = new QatTrainer(s, QatFixtures.config(1, 5)).prepare(QatFixtures.spec(),
                QatFixtures.BANDS, QatFixtures.CLASS_NAMES, train.normalization(), train.normalized(), floatModel,
                notes);
        Network net = p.network();
        assertThat(notes).isEmpty();
        int loaded = 0;
        for (Param param : net.params()) {
            if (param.name().endsWith(".clip")) {
                assertThat(param.value()[0]).isEqualTo(p.clips().get(param.name()));
            } else {
                assertThat(param.value()).as(param.name()).containsExactly(floatModel.param(param.name()).data());
                loaded++;
            }
        }
        assertThat(loaded).isEqualTo(floatModel.params().size());
        // the resolved spec carries the bit widths: binary hidden weights, 8-bit last layer, 8-bit input
        assertThat(net.spec().inputBits()).isEqualTo(8);
        assertThat(((LayerSpec.Conv) net.spec().layers().get(0)).weights()).isEqualTo(WeightFormat.BINARY);
        assertThat(((LayerSpec.Dense) net.spec().layers().get(net.spec().layers().size() - 1)).weights())
                .isEqualTo(WeightFormat.ofInt(8));
        // and from scratch the network is He-initialized instead
        QatTrainer.Prepared scratch = new QatTrainer(s, QatFixtures.config(1, 5)).prepare(QatFixtures.spec(),
                QatFixtures.BANDS, QatFixtures.CLASS_NAMES, train.normalization(), train.normalized(), null, notes);
        assertThat(scratch.network().param("conv1.weight").value())
                .isNotEqualTo(floatModel.param("conv1.weight").data());
    }

    @Test
    void firstLayerWeightsAreANamedOverride() {
        QatSettings s = QatSettings.defaults(QuantSettings.parseBits("2/1")).withFirstWeights(WeightFormat.ofInt(8));
        assertThat(s.describe()).contains("first layer 8");
        QatTrainer t = new QatTrainer(s, QatFixtures.config(1, 5));
        ModelSpec resolved = t.resolve(QatFixtures.spec(), 4);
        List<WeightFormat> formats = resolved.layers().stream()
                .map(l -> l instanceof LayerSpec.Conv c ? c.weights() : l instanceof LayerSpec.Dense d ? d.weights() : null)
                .filter(java.util.Objects::nonNull).toList();
        assertThat(formats.get(0)).isEqualTo(WeightFormat.ofInt(8));
        assertThat(formats.subList(1, formats.size() - 1)).isNotEmpty().containsOnly(WeightFormat.BINARY);
        assertThat(formats.get(formats.size() - 1)).isEqualTo(WeightFormat.ofInt(8));
        assertThat(t.describe(true)).containsEntry("first_layer", "8");
        // a spec that sets the first layer's weights wins
        List<LayerSpec> layers = new ArrayList<>(QatFixtures.spec().layers());
        layers.set(0, ((LayerSpec.Conv) layers.get(0)).withWeights(WeightFormat.ofInt(4)));
        ModelSpec own = new ModelSpec("own", QatFixtures.spec().input(), QatFixtures.spec().patchSize(),
                QatFixtures.spec().inputBits(), layers);
        assertThat(((LayerSpec.Conv) t.resolve(own, 4).layers().get(0)).weights()).isEqualTo(WeightFormat.ofInt(4));
        // without it the first layer takes the network-wide format
        assertThat(((LayerSpec.Conv) new QatTrainer(QatSettings.defaults(QuantSettings.parseBits("2/1")),
                QatFixtures.config(1, 5)).resolve(QatFixtures.spec(), 4).layers().get(0)).weights())
                .isEqualTo(WeightFormat.BINARY);
        assertThatThrownBy(() -> s.withFirstWeights(WeightFormat.FLOAT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firstActivationBitsAreANamedOverride() {
        QatSettings s = QatSettings.defaults(QuantSettings.parseBits("2/2")).withFirstActivationBits(8);
        assertThat(s.describe()).contains("first activation 8 bits");
        QatTrainer t = new QatTrainer(s, QatFixtures.config(1, 5));
        List<Integer> bits = actBits(t.resolve(QatFixtures.spec(), 4));
        assertThat(bits.get(0)).isEqualTo(8);
        assertThat(bits.subList(1, bits.size())).isNotEmpty().containsOnly(2);
        assertThat(t.describe(true)).containsEntry("first_activation", 8L);
        // the fixture's first activation is the one after its first layer
        int first = -1;
        for (int i = 0; i < QatFixtures.spec().layers().size() && first < 0; i++) {
            if (QatFixtures.spec().layers().get(i) instanceof LayerSpec.Act) first = i;
        }
        // a spec that sets that activation's bits wins
        List<LayerSpec> layers = new ArrayList<>(QatFixtures.spec().layers());
        layers.set(first, new LayerSpec.Act(layers.get(first).name(), 4));
        ModelSpec own = new ModelSpec("own", QatFixtures.spec().input(), QatFixtures.spec().patchSize(),
                QatFixtures.spec().inputBits(), layers);
        assertThat(actBits(t.resolve(own, 4)).get(0)).isEqualTo(4);
        // without it every activation takes the network-wide bits, and the metadata has no entry
        QatTrainer plain = new QatTrainer(QatSettings.defaults(QuantSettings.parseBits("2/2")), QatFixtures.config(1, 5));
        assertThat(actBits(plain.resolve(QatFixtures.spec(), 4))).containsOnly(2);
        assertThat(plain.describe(true)).doesNotContainKey("first_activation");
        assertThatThrownBy(() -> s.withFirstActivationBits(9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..8");
    }

    private static List<Integer> actBits(ModelSpec resolved) {
        return resolved.layers().stream().filter(l -> l instanceof LayerSpec.Act).map(l -> ((LayerSpec.Act) l).bits())
                .toList();
    }

    /**
     * One SGD step (momentum, weight decay) from the same fine-tuning start with the clip
     * learning rate factor 1 and 10: every clip moves exactly 10 times as far (up to float
     * rounding), every other parameter moves identically; and the factor shows in describe()
     * and the metadata only when it is not 1.
     */
    @Test
    void clipLearningRateFactorScalesOnlyTheClipUpdates() {
        QatSettings base = QatSettings.defaults(QuantSettings.parseBits("2/2")).withClip(ClipMode.LSQ);
        QatSettings fast = base.withClipLearningRate(10);
        List<Map<String, float[]>> start = new ArrayList<>();
        List<Map<String, float[]>> after = new ArrayList<>();
        for (QatSettings s : List.of(base, fast)) {
            TrainConfig cfg = QatFixtures.config(1, 5);
            Network net = new QatTrainer(s, cfg).prepare(QatFixtures.spec(), QatFixtures.BANDS,
                    QatFixtures.CLASS_NAMES, train.normalization(), train.normalized(), floatModel,
                    new ArrayList<>()).network();
            start.add(net.snapshot());
            int batch = 16;
            float[] x = java.util.Arrays.copyOf(train.normalized().data(), batch * QatFixtures.BANDS);
            int[] y = java.util.Arrays.copyOf(train.normalized().labels(), batch);
            net.zeroGrad();
            float[] logits = net.forward(x, batch, true);
            float[] grad = new float[logits.length];
            new dev.hsiq.training.nn.SoftmaxCrossEntropy(QatFixtures.CLASSES).lossAndGradient(logits, y, batch, grad);
            net.backward(grad, batch);
            cfg.newOptimizer().step(net.params(), 0.05f);
            after.add(net.snapshot());
        }
        Map<String, float[]> before = start.get(0);
        int clips = 0;
        for (String name : before.keySet()) {
            assertThat(start.get(1).get(name)).as(name + " starts equal").containsExactly(before.get(name));
            float b = before.get(name)[0];
            if (name.endsWith(".clip")) {
                double d1 = after.get(0).get(name)[0] - b;
                double d10 = after.get(1).get(name)[0] - b;
                assertThat(d1).as(name + " moves").isNotZero();
                assertThat(d10).as(name).isCloseTo(10 * d1, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(b)
                        + 1e-3 * Math.abs(d10)));
                clips++;
            } else {
                assertThat(after.get(1).get(name)).as(name).containsExactly(after.get(0).get(name));
            }
        }
        assertThat(clips).isEqualTo(3);
        assertThat(base.describe()).doesNotContain("lr x");
        assertThat(fast.describe()).contains("clip lsq (lr x10.0)");
        assertThat(new QatTrainer(base, QatFixtures.config(1, 5)).describe(true)).doesNotContainKey("clip_lr_factor");
        assertThat(new QatTrainer(fast, QatFixtures.config(1, 5)).describe(true)).containsEntry("clip_lr_factor", "10.0");
        assertThatThrownBy(() -> base.withClipLearningRate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withClipLearningRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Element-wise gradient scaling is named in describe() and the metadata only when on, constant gradient only. */
    @Test
    void gradientScalingIsDescribedOnlyWhenOn() {
        QatSettings base = QatSettings.defaults(QuantSettings.parseBits("2/2")).withInputMargin(0);
        QatSettings on = base.withGradientScaling(0.2);
        assertThat(base.describe()).isEqualTo("2/2, input 8 bits, last layer 8, grad constant, clip learnable");
        assertThat(on.describe()).isEqualTo("2/2, input 8 bits, last layer 8, grad constant (element-wise scaling 0.2), "
                + "clip learnable");
        assertThat(new QatTrainer(base, QatFixtures.config(1, 5)).describe(true)).doesNotContainKey("gradient_scaling");
        assertThat(new QatTrainer(on, QatFixtures.config(1, 5)).describe(true)).containsEntry("gradient_scaling", "0.2");
        assertThatThrownBy(() -> on.withGradient(GradientMode.TANH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withGradientScaling(2)).isInstanceOf(IllegalArgumentException.class);
        // the layers get the delta: a fine-tuning run with it ends elsewhere than one without
        QatRun plain = new QatTrainer(base, QatFixtures.config(1, 5)).train(QatFixtures.spec(), QatFixtures.BANDS,
                QatFixtures.CLASS_NAMES, train.normalization(), train.normalized(), null, floatModel, Map.of(), r -> { });
        QatRun scaled = new QatTrainer(on, QatFixtures.config(1, 5)).train(QatFixtures.spec(), QatFixtures.BANDS,
                QatFixtures.CLASS_NAMES, train.normalization(), train.normalized(), null, floatModel, Map.of(), r -> { });
        assertThat(scaled.network().param("conv1.weight").value())
                .isNotEqualTo(plain.network().param("conv1.weight").value());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"2/1, TANH", "2/2, CONSTANT", "4/4, TANH", "1/1, CONSTANT", "8/8, CONSTANT", "2/t, TANH"})
    void fakeQuantForwardAgreesWithTheIntegerSemantics(String bits, GradientMode grad) {
        QatRun run = fineTune(bits, grad, 4);
        Model model = run.model();
        // the test samples as the quantized model normalizes them (its input range is widened)
        QatFixtures.Set own = QatFixtures.set(500, 450, 12, model.normalization());
        int[] fake = run.network().predict(own.normalized().data(), own.normalized().count());
        int[] integer = QuantizedEvaluation.predict(model, own.normalized());
        int[] fromRaw = new ReferenceExecutor(model).labels(own.raw());
        assertThat(fromRaw).as("normalized input path = raw input path").containsExactly(integer);
        int agree = 0;
        for (int i = 0; i < fake.length; i++) {
            if (fake[i] == integer[i]) agree++;
        }
        double fraction = (double) agree / fake.length;
        System.out.printf(Locale.ROOT, "QAT %s %s: fake-quant vs integer predictions agree on %d of %d (%.2f%%); "
                        + "integer OA %.2f%%%n", bits, grad.label(), agree, fake.length, 100 * fraction,
                100 * QuantizedEvaluation.accuracy(model, own.normalized()));
        assertThat(fraction).isGreaterThanOrEqualTo(0.995);
        assertThat(QuantizedEvaluation.accuracy(model, own.normalized())).isGreaterThan(0.5);
    }

    @Test
    void exportRoundTripsThroughTheModelFile(@TempDir Path dir) throws IOException {
        QatRun run = fineTune("2/1", GradientMode.TANH, 2);
        Model model = run.model();
        // what the file records: bit widths in the spec, clip levels, codes and scales, QAT metadata
        assertThat(model.spec().inputBits()).isEqualTo(8);
        assertThat(model.qweights()).containsOnlyKeys("conv1.weight", "conv2.weight", "dense1.weight", "dense2.weight");
        assertThat(model.qweight("conv2.weight").format()).isEqualTo(WeightFormat.BINARY);
        assertThat(model.qweight("dense2.weight").format()).isEqualTo(WeightFormat.ofInt(8));
        for (String act : List.of("act1", "act2", "act3")) {
            Tensor clip = model.param(act + ".clip");
            assertThat(clip.shape()).containsExactly(1);
            assertThat(clip.data()[0]).isEqualTo(run.network().param(act + ".clip").value()[0]);
        }
        assertThat(model.metadata()).containsEntry("bits", "2/1").containsEntry("grad", "tanh")
                .containsEntry("input_bits", 8L).containsEntry("dataset", "synthetic");
        // the exported codes are those the network's forward used
        QuantizedWeights q = model.qweight("conv2.weight");
        assertThat(q).isEqualTo(QatSettings.defaults(QuantSettings.parseBits("2/1")).weightScales()
                .quantize(q.format(), q.shape(), run.network().param("conv2.weight").value()));

        Path file = dir.resolve("model.hsiq");
        ModelFile.write(model, file);
        Model back = ModelFile.read(file);
        assertThat(back).isEqualTo(model);
        ReferenceExecutor a = new ReferenceExecutor(model);
        ReferenceExecutor b = new ReferenceExecutor(back);
        for (int i = 0; i < 200; i++) {
            assertThat(b.logits(test.raw()[i])).containsExactly(a.logits(test.raw()[i]));
        }
        // and a quantized model loads back into a QAT network (dequantized shadow weights)
        Network reloaded = Network.fromModel(back, new QatLayerFactory(QatSettings.defaults(QuantSettings.parseBits("2/1"))));
        assertThat(reloaded.predict(test.normalized().data(), 200))
                .containsExactly(run.network().predict(test.normalized().data(), 200));
    }

    @Test
    void packedSizeComesFromTheResolvedSpec() {
        QatRun run = fineTune("2/1", GradientMode.CONSTANT, 1);
        PackedSize size = run.size();
        assertThat(size).isEqualTo(PackedSize.of(run.model().spec(), QatFixtures.BANDS));
        assertThat(size.memoryRatio()).isGreaterThan(1);
    }

    @Test
    void patchCnnAt2Over1ExportsAtLeastThePapersMemoryRatio(@TempDir Path dir) throws IOException {
        // patch-cnn at 2/1 (200 bands, 16 classes) built, exported and written as the CLI does
        QatSettings s = QatSettings.defaults(QuantSettings.parseBits("2/1"));
        QatTrainer t = new QatTrainer(s, QatFixtures.config(1, 1));
        ModelSpec spec = t.resolve(ModelSpec.patchCnn(9), 16);
        Network net = Network.build(spec, 200, 1, new QatLayerFactory(s));
        float[] low = new float[200];
        float[] high = new float[200];
        java.util.Arrays.fill(high, 1f);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 16; c++) names.add("c" + c);
        Model model = QatExport.toModel(net, names, new dev.hsiq.engine.model.Normalization(low, high), Map.of());
        Path file = dir.resolve("patch.hsiq");
        ModelFile.write(model, file);
        Model back = ModelFile.read(file);
        PackedSize size = PackedSize.of(back.spec(), back.bands());
        assertThat(back.qweight("conv1.weight").format()).isEqualTo(WeightFormat.BINARY);
        System.out.printf(Locale.ROOT, "patch-cnn 2/1 at 200 bands, 16 classes: fp32 %d B, packed %d B, ratio %.2f "
                        + "(model file %d B)%n", size.weightBytesFp32(), size.weightBytesPacked(), size.memoryRatio(),
                java.nio.file.Files.size(file));
        assertThat(size.memoryRatio()).isGreaterThanOrEqualTo(13.6);
    }

    @Test
    void validationSelectsThroughTheIntegerSemantics() {
        QatSettings s = QatSettings.defaults(QuantSettings.parseBits("2/2"));
        TrainConfig cfg = QatFixtures.config(4, 5).withLearningRate(0.01).withValidation(2, true);
        List<EpochReport> seen = new ArrayList<>();
        QatFixtures.Set val = QatFixtures.set(30, 450, 13, train.normalization());
        QatRun run = new QatTrainer(s, cfg).train(QatFixtures.spec(), QatFixtures.BANDS, QatFixtures.CLASS_NAMES,
                train.normalization(), train.normalized(), val.normalized(), floatModel, Map.of(), seen::add);
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0).validationAccuracy()).isNaN();
        assertThat(seen.get(1).validationAccuracy()).isBetween(0.0, 1.0);
        assertThat(seen.get(3).validationAccuracy()).isBetween(0.0, 1.0);
        int best = run.training().bestEpoch();
        assertThat(best).isIn(2, 4);
        assertThat(run.training().bestValidationAccuracy())
                .isEqualTo(seen.get(best - 1).validationAccuracy())
                .isEqualTo(QuantizedEvaluation.accuracy(run.model(), s.inputRange().rescale(val.normalized())));
    }

    @Test
    void refusesAnInitModelThatDoesNotFit() {
        QatSettings s = QatSettings.defaults(QuantSettings.parseBits("2/2"));
        QatTrainer t = new QatTrainer(s, QatFixtures.config(1, 1));
        ModelSpec other = ModelSpec.spectralCnn();
        assertThatThrownBy(() -> t.prepare(other, QatFixtures.BANDS, QatFixtures.CLASS_NAMES,
                train.normalization(), train.normalized(), floatModel, new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> t.prepare(QatFixtures.spec(), QatFixtures.BANDS,
                List.of("a", "b", "c", "x"), train.normalization(), train.normalized(), floatModel, new ArrayList<>()))
                .hasMessageContaining("classes");
        List<String> notes = new ArrayList<>();
        t.prepare(QatFixtures.spec(), QatFixtures.BANDS, QatFixtures.CLASS_NAMES, test.normalization() == null
                ? null : QatFixtures.set(10, 25, 99, null).normalization(), train.normalized(), floatModel, notes);
        assertThat(notes).singleElement().asString().contains("different input normalization");
        assertThatThrownBy(() -> t.resolve(floatModel.spec(), 4)).hasMessageContaining("float network");
    }
}
