/*
 * InputRange: the widened normalization, the rescaled samples, and the first-layer fold
 * (a float network reading inputs of one normalization computes the same logits, folded, from
 * inputs of another), for a spectrum network (uniform change only) and a patch network (any
 * per-band change); and that a fine-tune exports the widened normalization.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.train.LabeledSamples;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InputRangeTest {

    private static final String TINY_PATCH = """
            {"name": "tiny-patch", "input": "patch", "patch_size": 5, "layers": [
              {"type": "conv2d", "out": 6, "kernel": 3}, {"type": "batchnorm"}, {"type": "relu"},
              {"type": "flatten"}, {"type": "dense", "out": "classes"}]}""";

    private static final String DENSE_FIRST_PATCH = """
            {"name": "dense-patch", "input": "patch", "patch_size": 3, "layers": [
              {"type": "maxpool2d", "kernel": 1}, {"type": "dense", "out": 5}, {"type": "relu"},
              {"type": "dense", "out": "classes"}]}""";

    @Test
    void widensEachBandByTheMarginOfItsRange() {
        Normalization n = new Normalization(new float[]{0f, 100f, -2f}, new float[]{1f, 300f, 2f});
        Normalization w = new InputRange(0.1).widen(n);
        assertThat(w.low()).containsExactly(-0.1f, 80f, -2.4f);
        assertThat(w.high()).containsExactly(1.1f, 320f, 2.4f);
        assertThat(new InputRange(0).widen(n)).isSameAs(n);
    }

    @Test
    void refusesAnImpossibleMargin() {
        assertThatThrownBy(() -> new InputRange(-0.1)).hasMessageContaining("input margin -0.1");
        assertThatThrownBy(() -> new InputRange(Double.NaN)).hasMessageContaining("input margin NaN");
        assertThatThrownBy(() -> new InputRange(11)).hasMessageContaining("[0, 10.0]");
        assertThatThrownBy(() -> QatSettings.defaults(QuantSettings.parseBits("2/2")).withInputMargin(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Rescaled samples equal the raw values normalized with the widened range (up to float rounding). */
    @Test
    void rescaledSamplesAreTheRawNormalizedWithTheWidenedRange() {
        Normalization n = new Normalization(new float[]{10f, -5f}, new float[]{30f, 5f});
        float[] raw = {5f, -7f, 10f, -5f, 20f, 0f, 30f, 5f, 34f, 6f};
        InputRange range = new InputRange(0.25);
        LabeledSamples s = new LabeledSamples(normalize(raw, n), new int[5], new Shape(1, 1, 2));
        float[] expected = normalize(raw, range.widen(n));
        LabeledSamples r = range.rescale(s);
        for (int i = 0; i < raw.length; i++) {
            assertThat(r.data()[i]).as("value %d", i).isCloseTo(expected[i], within(1e-6f));
        }
        assertThat(r.labels()).isSameAs(s.labels());
        assertThat(new InputRange(0).rescale(s)).isSameAs(s);
        assertThat(range.rescale(null)).isNull();
    }

    @Test
    void foldsAUniformChangeIntoASpectrumNetworksFirstLayer() {
        ModelSpec spec = QatFixtures.spec().resolve(QatFixtures.CLASSES, null);
        Network net = Network.build(spec, QatFixtures.BANDS, 3);
        Normalization from = randomNormalization(QatFixtures.BANDS, 5);
        Normalization to = new InputRange(0.1).widen(from);
        float[] raw = randomRaw(20, QatFixtures.BANDS, from, 6);
        float[] before = net.logits(normalize(raw, from), 20);
        assertThat(InputRange.fold(net, from, to)).isNull();
        float[] after = net.logits(normalize(raw, to), 20);
        assertClose(after, before);
    }

    @Test
    void leavesASpectrumNetworkAloneWhenTheBandsChangeDifferently() {
        ModelSpec spec = QatFixtures.spec().resolve(QatFixtures.CLASSES, null);
        Network net = Network.build(spec, QatFixtures.BANDS, 3);
        Normalization from = randomNormalization(QatFixtures.BANDS, 5);
        Normalization to = randomNormalization(QatFixtures.BANDS, 7);
        float[] weights = net.param("conv1.weight").value().clone();
        assertThat(InputRange.fold(net, from, to)).contains("spectrum network share weights");
        assertThat(net.param("conv1.weight").value()).containsExactly(weights);
        assertThat(InputRange.fold(net, from, from)).isNull();
        assertThat(net.param("conv1.weight").value()).containsExactly(weights);
    }

    /** Bands are channels of a patch network: any per-band change folds, into a conv or a dense first layer. */
    @Test
    void foldsAnyPerBandChangeIntoAPatchNetworksFirstLayer() {
        for (String json : List.of(TINY_PATCH, DENSE_FIRST_PATCH)) {
            ModelSpec spec = ModelSpec.fromJson(json, "spec.json").resolve(3, null);
            int bands = 7;
            int pixels = spec.patchSize() * spec.patchSize();
            Network net = Network.build(spec, bands, 4);
            Normalization from = randomNormalization(bands, 8);
            Normalization to = randomNormalization(bands, 9);
            float[] raw = randomRaw(12 * pixels, bands, from, 10);
            float[] before = net.logits(toPlanes(normalize(raw, from), 12, bands, pixels), 12);
            assertThat(InputRange.fold(net, from, to)).as(spec.name()).isNull();
            float[] after = net.logits(toPlanes(normalize(raw, to), 12, bands, pixels), 12);
            assertClose(after, before);
        }
    }

    @Test
    void aFineTuneExportsTheWidenedNormalizationAndRecordsTheMargin() {
        QatFixtures.Set train = QatFixtures.set(20, 450, 11, null);
        Model init = QatFixtures.floatModel(train, 2, 11);
        QatSettings s = QatSettings.defaults(QuantSettings.parseBits("4/4"));
        QatRun run = new QatTrainer(s, QatFixtures.config(1, 5)).train(QatFixtures.spec(), QatFixtures.BANDS,
                QatFixtures.CLASS_NAMES, train.normalization(), train.normalized(), null, init, Map.of(), r -> { });
        assertThat(s.inputMargin()).isEqualTo(InputRange.DEFAULT_MARGIN);
        assertThat(run.model().normalization()).isEqualTo(new InputRange(InputRange.DEFAULT_MARGIN)
                .widen(train.normalization()));
        assertThat(run.model().metadata()).containsEntry("input_margin", "0.1");
        assertThat(run.notes()).noneMatch(n -> n.contains("normalization"));
        QatRun plain = new QatTrainer(s.withInputMargin(0), QatFixtures.config(1, 5)).train(QatFixtures.spec(),
                QatFixtures.BANDS, QatFixtures.CLASS_NAMES, train.normalization(), train.normalized(), null, init,
                Map.of(), r -> { });
        assertThat(plain.model().normalization()).isEqualTo(train.normalization());
        assertThat(plain.model().metadata()).doesNotContainKey("input_margin");
        // an init model of another split is named in the notes (its first layer cannot be folded here)
        QatFixtures.Set other = QatFixtures.set(20, 450, 77, null);
        QatRun mixed = new QatTrainer(s, QatFixtures.config(1, 5)).train(QatFixtures.spec(), QatFixtures.BANDS,
                QatFixtures.CLASS_NAMES, other.normalization(), other.normalized(), null, init, Map.of(), r -> { });
        assertThat(mixed.notes()).anyMatch(n -> n.contains("another split or seed"))
                .anyMatch(n -> n.contains("cannot be folded"));
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("logit %d", i)
                    .isCloseTo(expected[i], within(1e-4f * Math.max(1f, Math.abs(expected[i]))));
        }
    }

    private static Normalization randomNormalization(int bands, long seed) {
        Random r = new Random(seed);
        float[] low = new float[bands];
        float[] high = new float[bands];
        for (int b = 0; b < bands; b++) {
            low[b] = 100 + 200 * r.nextFloat();
            high[b] = low[b] + 50 + 400 * r.nextFloat();
        }
        return new Normalization(low, high);
    }

    /** Rows of {@code bands} raw values spread over and beyond the normalization's range. */
    private static float[] randomRaw(int rows, int bands, Normalization n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * bands];
        for (int i = 0; i < x.length; i++) {
            int b = i % bands;
            float range = n.high()[b] - n.low()[b];
            x[i] = n.low()[b] + range * (1.4f * r.nextFloat() - 0.2f);
        }
        return x;
    }

    private static float[] normalize(float[] raw, Normalization n) {
        int bands = n.low().length;
        float[] v = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int b = i % bands;
            v[i] = (raw[i] - n.low()[b]) / (n.high()[b] - n.low()[b]);
        }
        return v;
    }

    /** Pixel-major rows (sample, pixel, band) -> CHW patches (sample, band, pixel). */
    private static float[] toPlanes(float[] rows, int samples, int bands, int pixels) {
        float[] out = new float[rows.length];
        for (int s = 0; s < samples; s++) {
            for (int p = 0; p < pixels; p++) {
                for (int b = 0; b < bands; b++) {
                    out[(s * bands + b) * pixels + p] = rows[(s * pixels + p) * bands + b];
                }
            }
        }
        return out;
    }
}
