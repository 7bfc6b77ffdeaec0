/*
 * The training loop on small synthetic sets: learning happens (loss falls, accuracy well
 * above chance) for a spectral spec and for the reference patch-cnn, runs repeat bit for
 * bit for a seed, the best validation epoch is kept, progress is reported every epoch.
 */
package dev.hsiq.training.train;

import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.training.nn.Network;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {

    static final String SMALL_SPECTRAL = """
            {"name": "small-spectral", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 8, "kernel": 5},
              {"type": "batchnorm"}, {"type": "relu"},
              {"type": "maxpool1d", "kernel": 2},
              {"type": "conv1d", "out": 8, "kernel": 3},
              {"type": "batchnorm"}, {"type": "relu"},
              {"type": "maxpool1d", "kernel": 2},
              {"type": "dense", "out": 16}, {"type": "batchnorm"}, {"type": "relu"},
              {"type": "dropout", "p": 0.2},
              {"type": "dense", "out": "classes"}]}""";

    private static ModelSpec smallSpectral(int classes) {
        return ModelSpec.fromJson(SMALL_SPECTRAL, "small-spectral").resolve(classes, null);
    }

    private static TrainConfig quick(int epochs) {
        return TrainConfig.defaultsFor("spectral-cnn").withEpochs(epochs).withBatchSize(16)
                .withSchedule(TrainConfig.ScheduleKind.COSINE, 1)
                .withOptimizer(TrainConfig.OptimizerKind.SGD, 0.1, 5e-4)
                .withRegularization(0.05, 0.5, 0.01, 0.05);
    }

    @Test
    void learnsSyntheticSpectra() {
        LabeledSamples train = SyntheticSets.spectra(4, 30, 40, 0.05, 1);
        LabeledSamples test = SyntheticSets.spectra(4, 25, 40, 0.05, 2);
        Network net = Network.build(smallSpectral(4), 40, 3);
        double before = Trainer.accuracy(net, test);
        List<EpochReport> reports = new ArrayList<>();
        TrainResult result = new Trainer(quick(15).withSeed(3)).train(net, train, null, reports::add);
        assertThat(reports).hasSize(15);
        assertThat(result.history().get(14).loss()).isLessThan(0.5 * result.history().get(0).loss());
        assertThat(Trainer.accuracy(net, test)).isGreaterThan(0.9).isGreaterThan(before);
        assertThat(result.bestEpoch()).isEqualTo(15);
        for (int i = 0; i < reports.size(); i++) {
            EpochReport r = reports.get(i);
            assertThat(r.epoch()).isEqualTo(i + 1);
            assertThat(r.epochs()).isEqualTo(15);
            assertThat(r.elapsedSeconds()).isPositive();
            assertThat(r.etaSeconds()).isGreaterThanOrEqualTo(0);
            assertThat(r.validationAccuracy()).isNaN();
        }
        assertThat(reports.get(14).etaSeconds()).isZero();
    }

    @Test
    void repeatsBitForBitForASeed() {
        LabeledSamples train = SyntheticSets.spectra(3, 15, 40, 0.1, 4);
        Map<String, float[]> first = null;
        List<Double> firstLosses = null;
        for (int run = 0; run < 2; run++) {
            Network net = Network.build(smallSpectral(3), 40, 11);
            TrainResult r = new Trainer(quick(4).withSeed(12)).train(net, train, null, EpochListener.NONE);
            List<Double> losses = r.history().stream().map(EpochReport::loss).toList();
            Map<String, float[]> params = net.snapshot();
            if (first == null) {
                first = params;
                firstLosses = losses;
            } else {
                assertThat(losses).isEqualTo(firstLosses);
                for (Map.Entry<String, float[]> e : first.entrySet()) {
                    assertThat(params.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
                }
            }
        }
        Network other = Network.build(smallSpectral(3), 40, 11);
        new Trainer(quick(4).withSeed(13)).train(other, train, null, EpochListener.NONE);
        assertThat(other.param("conv1.weight").value()).isNotEqualTo(first.get("conv1.weight"));
    }

    @Test
    void keepsTheBestValidationEpoch() {
        LabeledSamples train = SyntheticSets.spectra(3, 10, 40, 0.3, 5);
        LabeledSamples validation = SyntheticSets.spectra(3, 20, 40, 0.3, 6);
        Network net = Network.build(smallSpectral(3), 40, 7);
        TrainResult r = new Trainer(quick(8).withSeed(8).withValidation(1, true)).train(net, train, validation,
                EpochListener.NONE);
        double best = r.history().stream().mapToDouble(EpochReport::validationAccuracy).max().orElseThrow();
        assertThat(r.bestValidationAccuracy()).isEqualTo(best);
        assertThat(r.history().get(r.bestEpoch() - 1).validationAccuracy()).isEqualTo(best);
        assertThat(r.history().get(r.bestEpoch() - 1).best()).isTrue();
        assertThat(Trainer.accuracy(net, validation)).isEqualTo(best);
    }

    @Test
    void referencePatchCnnTrainsOnSyntheticPatches() {
        int bands = 6;
        LabeledSamples train = SyntheticSets.patches(3, 12, bands, 9, 0.15, 9);
        ModelSpec spec = ModelSpec.patchCnn(9).resolve(3, null);
        Network net = Network.build(spec, bands, 10);
        TrainConfig cfg = TrainConfig.defaultsFor("patch-cnn").withEpochs(6).withBatchSize(12).withSeed(10);
        TrainResult r = new Trainer(cfg).train(net, train, null, EpochListener.NONE);
        assertThat(r.last().loss()).isLessThan(0.5 * r.history().get(0).loss());
        assertThat(Trainer.accuracy(net, SyntheticSets.patches(3, 10, bands, 9, 0.15, 11))).isGreaterThan(0.9);
    }

    @Test
    void rejectsMismatchedSets() {
        Network net = Network.build(smallSpectral(3), 40, 1);
        LabeledSamples wrongShape = SyntheticSets.spectra(3, 4, 30, 0.1, 1);
        assertThatThrownBy(() -> new Trainer(quick(2)).train(net, wrongShape, null, EpochListener.NONE))
                .hasMessageContaining("shape 1x1x30").hasMessageContaining("1x1x40");
        LabeledSamples tooManyClasses = SyntheticSets.spectra(4, 4, 40, 0.1, 1);
        assertThatThrownBy(() -> new Trainer(quick(2)).train(net, tooManyClasses, null, EpochListener.NONE))
                .hasMessageContaining("label 3");
        assertThatThrownBy(() -> new LabeledSamples(new float[5], new int[2], new Shape(1, 1, 3)))
                .hasMessageContaining("need 6 floats");
    }

    @Test
    void configValidatesItsValues() {
        TrainConfig d = TrainConfig.defaultsFor("spectral-cnn");
        assertThatThrownBy(() -> d.withEpochs(0)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> d.withLearningRate(0)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> d.withRegularization(1.0, 0, 0, 0)).hasMessageContaining("label smoothing");
        assertThat(d.withEpochs(2).warmupEpochs()).isLessThan(2);
        assertThat(d.describe()).contains("100 epochs").contains("sgd");
    }
}
