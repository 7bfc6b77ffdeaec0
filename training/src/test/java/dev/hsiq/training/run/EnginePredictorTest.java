/*
 * The compiled engine that eval and classify now use (Predictors.forModel, HsiClassifier)
 * against the test oracle (Predictors.oracle: the reference executor for a quantized model,
 * the training network for a float one), on models actually trained here: a small
 * spectral-cnn-shaped and a small patch-cnn-shaped network on a synthetic 12-band scene, float
 * and QAT 2/1 (8-bit input) and 4/4 (4-bit input) fine-tuned from the float one.
 *
 * On every test sample, through the same raw-sample path eval takes (SampleSource without a
 * normalization, Evaluator): quantized labels identical, float logits within 1e-4 of the
 * largest |logit| (labels equal wherever the top two logits are further apart than that);
 * equal metrics; 1 and 2 threads identical. On every pixel of the scene, the path classify
 * takes (classifyScene: the dense pass for the patch network, as denseScene() says) gives
 * the same labels as the oracle's per-patch (per-pixel) inference and as per-patch mode.
 */
package dev.hsiq.training.run;

import dev.hsiq.engine.Classification;
import dev.hsiq.engine.HsiClassifier;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.training.data.Scene;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.protocol.EvaluationMetrics;
import dev.hsiq.training.protocol.SplitSpec;
import dev.hsiq.training.quant.QatSettings;
import dev.hsiq.training.quant.QatTrainer;
import dev.hsiq.training.train.EpochListener;
import dev.hsiq.training.train.TrainConfig;
import dev.hsiq.training.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EnginePredictorTest {

    static final int ROWS = 22;
    static final int COLS = 19;
    static final int BANDS = 12;
    static final int CLASSES = 4;

    static final String SPECTRAL = """
            {"name": "small-spectral", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 6, "kernel": 3}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "maxpool1d", "kernel": 2},
              {"type": "conv1d", "out": 8, "kernel": 3}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": 16}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}""";

    static final String PATCH = """
            {"name": "small-patch", "input": "patch", "patch_size": 5, "layers": [
              {"type": "conv2d", "out": 8, "kernel": 3}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "conv2d", "out": 8, "kernel": 3}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "flatten"},
              {"type": "dense", "out": 16}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}""";

    static Scene scene;
    static final Map<String, ModelSpec> specs = new HashMap<>();
    static final Map<String, PreparedData> prepared = new HashMap<>();
    static final Map<String, Model> floatModels = new HashMap<>();

    @BeforeAll
    static void trainFloatModels() {
        scene = syntheticScene(7);
        for (String spec : List.of(SPECTRAL, PATCH)) {
            ModelSpec s = ModelSpec.fromJson(spec, "test.json");
            PreparedData data = PreparedData.prepare(scene, s, SplitSpec.ratio(0.25, 3));
            Network net = Network.build(s.resolve(CLASSES, null), BANDS, 5);
            new Trainer(config(6, 0.05)).train(net, data.train(), null, EpochListener.NONE);
            specs.put(s.name(), s);
            prepared.put(s.name(), data);
            floatModels.put(s.name(), net.toModel(scene.classNames(), data.normalization(), Map.of()));
        }
    }

    static TrainConfig config(int epochs, double lr) {
        return TrainConfig.defaultsFor("small").withEpochs(epochs).withLearningRate(lr).withSeed(5);
    }

    /**
     * Four classes in blocks with smooth, distinct mean spectra on a raw scale of a few hundred
     * (as radiance files hold), brightness and noise per pixel; every seventh pixel unlabeled.
     */
    static Scene syntheticScene(long seed) {
        Random r = new Random(seed);
        float[] cube = new float[ROWS * COLS * BANDS];
        int[] labels = new int[ROWS * COLS];
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLS; x++) {
                int p = y * COLS + x;
                int c = (y < ROWS / 2 ? 0 : 2) + (x < COLS / 2 + (y % 5) - 2 ? 0 : 1);
                labels[p] = p % 7 == 3 ? 0 : c + 1;
                double brightness = 1 + 0.1 * r.nextGaussian();
                for (int b = 0; b < BANDS; b++) {
                    double t = (double) b / BANDS;
                    double mean = 400 + 150 * Math.sin(2 * Math.PI * (t + 0.23 * c)) + 50 * Math.cos(5 * t * (1 + c));
                    cube[p * BANDS + b] = (float) (brightness * mean + 60 * r.nextGaussian());
                }
            }
        }
        List<String> names = List.of("a", "b", "c", "d");
        return new Scene("synthetic", ROWS, COLS, BANDS, cube, labels, names, new int[]{1, 2, 3, 4},
                "synthetic stand-in for tests");
    }

    static Model model(String name, String bits, int inputBits) {
        Model f = floatModels.get(name);
        if (bits.equals("fp32")) {
            return f;
        }
        PreparedData data = prepared.get(name);
        QuantSettings q = QuantSettings.parseBits(bits).withInputBits(inputBits);
        return new QatTrainer(QatSettings.defaults(q), config(2, 0.01)).train(specs.get(name), BANDS, scene.classNames(),
                data.normalization(), data.train(), null, f, Map.of(), EpochListener.NONE).model();
    }

    @ParameterizedTest(name = "{0} {1} input {2}")
    @CsvSource({"small-spectral, fp32, 0", "small-spectral, 2/1, 8", "small-spectral, 4/4, 4",
            "small-patch, fp32, 0", "small-patch, 2/1, 8", "small-patch, 4/4, 4"})
    void theEngineAgreesWithTheOracleOnEveryTestSample(String name, String bits, int inputBits) {
        Model model = model(name, bits, inputBits);
        PreparedData data = prepared.get(name);
        int[] test = data.split().test();
        assertThat(model.spec().isQuantized()).isEqualTo(!bits.equals("fp32"));

        int[] oracle = Evaluator.predictAll(Predictors.oracle(model), model.spec(), scene, test);
        int[] engine = Evaluator.predictAll(Predictors.forModel(model, 2), model.spec(), scene, test);
        int[] engineOne = Evaluator.predictAll(Predictors.forModel(model, 1), model.spec(), scene, test);
        assertThat(engineOne).as("1 thread = 2 threads").containsExactly(engine);
        assertThat(Arrays.stream(oracle).distinct().count()).as("a trained model predicts several classes")
                .isGreaterThan(1);

        if (model.spec().isQuantized()) {
            assertThat(engine).as("integer engine = reference executor on every test sample").containsExactly(oracle);
        } else {
            assertFloatLogitsAgree(model, data, test, engine);
        }
        EvaluationMetrics a = Evaluator.evaluate(Predictors.oracle(model), model.spec(), scene, test);
        EvaluationMetrics b = Evaluator.evaluate(Predictors.forModel(model), model.spec(), scene, test);
        assertThat(b.oa()).as("OA").isEqualTo(a.oa());
        assertThat(b.kappa()).as("kappa").isEqualTo(a.kappa());
        assertThat(a.oa()).as("the model learned something").isGreaterThan(0.4);

        // the whole scene as classify runs it, against the oracle's per-pixel (per-patch) labels
        int[] all = new int[scene.pixelCount()];
        Arrays.setAll(all, i -> i);
        int[] oracleMap = Evaluator.predictAll(Predictors.oracle(model), model.spec(), scene, all);
        HsiClassifier clf = Predictors.classifier(model, 2);
        assertThat(clf.compiled().denseScene()).as("dense scene mode").isEqualTo(name.equals("small-patch"));
        int[] map = clf.classifyScene(scene.cube(), ROWS, COLS, BANDS);
        int[] perPatch = new int[all.length];
        clf.compiled().classifyScenePerPatch(scene.cube(), ROWS, COLS, BANDS, perPatch, null,
                dev.hsiq.kernels.Parallel.sequential());
        assertThat(map).as("scene mode = per-patch mode").containsExactly(perPatch);
        if (model.spec().isQuantized()) {
            assertThat(map).as("scene labels = reference executor on every pixel").containsExactly(oracleMap);
        } else {
            assertThat(mismatchesBeyondTies(model, all, map, oracleMap)).as("scene labels vs network").isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void aBufferLongerThanTheSamplesIsAcceptedAsEvaluatorPassesItsLastChunk() {
        Model model = floatModels.get("small-patch");
        int[] test = prepared.get("small-patch").split().test();
        SampleSource raw = SampleSource.of(model.spec(), scene, null);
        float[] buffer = new float[(test.length + 10) * raw.length()];
        raw.extract(test, 0, test.length, buffer, 0);
        Arrays.fill(buffer, test.length * raw.length(), buffer.length, Float.NaN);
        int[] got = Predictors.forModel(model, 2).predict(buffer, test.length);
        assertThat(got).hasSize(test.length)
                .containsExactly(Predictors.forModel(model, 1).predict(raw.extract(test, 0, test.length), test.length));
    }

    /** Float: engine logits within 1e-4 of the largest |logit| of the network's, labels equal unless tied. */
    static void assertFloatLogitsAgree(Model model, PreparedData data, int[] test, int[] engineLabels) {
        SampleSource raw = SampleSource.of(model.spec(), scene, null);
        SampleSource normalized = SampleSource.of(model.spec(), scene, data.normalization());
        HsiClassifier clf = Predictors.classifier(model, 2);
        float[] x = raw.extract(test, 0, test.length);
        Classification got = clf.patchModel() ? clf.classifyPatchesWithLogits(x, test.length)
                : clf.classifySpectraWithLogits(x, test.length);
        assertThat(got.labels()).containsExactly(engineLabels);
        float[] want = Network.fromModel(model).logits(normalized.extract(test, 0, test.length), test.length);
        int k = model.classes();
        for (int s = 0; s < test.length; s++) {
            float scale = 1e-3f;
            for (int c = 0; c < k; c++) scale = Math.max(scale, Math.abs(want[s * k + c]));
            for (int c = 0; c < k; c++) {
                assertThat(Math.abs(got.logits()[s * k + c] - want[s * k + c])).as("logit %d of test sample %d", c, s)
                        .isLessThanOrEqualTo(1e-4f * scale);
            }
        }
        int[] oracle = Evaluator.predictAll(Predictors.oracle(model), model.spec(), scene, test);
        assertThat(mismatchesBeyondTies(model, test, engineLabels, oracle)).as("labels vs network").isEmpty();
    }

    /** Samples whose labels differ although the network's top two logits are more than 1e-4 relative apart. */
    static List<Integer> mismatchesBeyondTies(Model model, int[] idx, int[] got, int[] want) {
        List<Integer> bad = new ArrayList<>();
        SampleSource raw = SampleSource.of(model.spec(), scene, null);
        Network network = Network.fromModel(model);
        for (int i = 0; i < idx.length; i++) {
            if (got[i] == want[i]) {
                continue;
            }
            float[] z = network.logits(normalize(model, raw.extract(idx, i, 1)), 1);
            float[] sorted = z.clone();
            Arrays.sort(sorted);
            float scale = Math.max(Math.abs(sorted[0]), Math.abs(sorted[sorted.length - 1]));
            if (sorted[sorted.length - 1] - sorted[sorted.length - 2] > 2e-4f * scale) {
                bad.add(idx[i]);
            }
        }
        return bad;
    }

    static float[] normalize(Model model, float[] raw) {
        float[] low = model.normalization().low();
        float[] high = model.normalization().high();
        int plane = raw.length / model.bands();
        float[] x = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int b = model.spec().input() == ModelSpec.InputKind.SPECTRUM ? i : i / plane;
            x[i] = (raw[i] - low[b]) / (high[b] - low[b]);
        }
        return x;
    }
}
