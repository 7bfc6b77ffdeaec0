/*
 * Clip calibration: the MSE rule on known distributions, and calibrating a network (every
 * step activation gets a clip near the MSE optimum of the inputs it actually sees, batch
 * norm running statistics are left as they were, parameters untouched).
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.quant.StepActivation;
import dev.hsiq.training.nn.Layer;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.nn.Param;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClipCalibrationTest {

    static double error(float[] x, int bits, float a) {
        StepActivation s = new StepActivation(bits, a);
        double e = 0;
        for (float v : x) {
            double d = s.value(v) - Math.max(v, 0f);
            e += d * d;
        }
        return e;
    }

    @Test
    void uniformInputsAtEightBitsKeepTheWholeRange() {
        Random r = new Random(1);
        float[] x = new float[50_000];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 4 - 1); // [-1, 3)
        float a = ClipCalibration.chooseClip(x, 8);
        assertThat(a).isCloseTo(3f, within(0.05f));
    }

    @Test
    void fewBitsClipAGaussianInsideItsRangeAtTheMseOptimum() {
        Random r = new Random(2);
        float[] x = new float[40_000];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        float max = 0;
        for (float v : x) max = Math.max(max, v);
        float previous = 0;
        for (int bits = 1; bits <= 4; bits++) {
            float a = ClipCalibration.chooseClip(x, bits);
            assertThat(a).as("%d bits", bits).isLessThan(max * 0.8f).isGreaterThan(previous);
            previous = a;
            // the optimum of the grid: no grid point does better
            for (int j = 1; j <= ClipCalibration.GRID; j++) {
                float c = (float) ((double) max * j / ClipCalibration.GRID);
                assertThat(error(x, bits, a)).isLessThanOrEqualTo(error(x, bits, c));
            }
        }
        // half-normal at 1 bit: one level; the MSE optimum is near a = 1.22 (threshold 0.61)
        assertThat(ClipCalibration.chooseClip(x, 1)).isCloseTo(1.22f, within(0.1f));
    }

    @Test
    void noPositiveInputKeepsClipOne() {
        assertThat(ClipCalibration.chooseClip(new float[]{-1f, 0f, -3f}, 2)).isEqualTo(1f);
    }

    @Test
    void calibratesEveryStepLayerAndLeavesTheRestAlone() {
        QatFixtures.Set train = QatFixtures.set(60, 20, 3, null);
        Model init = QatFixtures.floatModel(train, 3, 3);
        QatSettings settings = QatSettings.defaults(QuantSettings.parseBits("2/2"));
        Network net = Network.build(QatFixtures.spec().resolve(QatFixtures.CLASSES, settings.quant()),
                QatFixtures.BANDS, 1, new QatLayerFactory(settings));
        net.loadAvailableParams(init.params());
        Map<String, float[]> before = net.snapshot();
        Map<String, Float> clips = ClipCalibration.calibrate(net, train.normalized(), 100, 7);
        assertThat(clips).containsOnlyKeys("act1.clip", "act2.clip", "act3.clip");
        for (Param p : net.params()) {
            if (p.name().endsWith(".clip")) {
                assertThat(p.value()[0]).isEqualTo(clips.get(p.name())).isNotEqualTo(1f).isPositive();
            } else {
                assertThat(p.value()).as(p.name()).containsExactly(before.get(p.name()));
            }
        }
        List<StepActivationLayer> steps = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (l instanceof StepActivationLayer s) steps.add(s);
        }
        assertThat(steps).hasSize(3).allMatch(s -> s.clipLevel() == clips.get(s.clip().name()));
        // deterministic for a seed: a fresh network calibrates to the same clips
        Network again = Network.build(net.spec(), QatFixtures.BANDS, 1, new QatLayerFactory(settings));
        again.loadAvailableParams(init.params());
        assertThat(ClipCalibration.calibrate(again, train.normalized(), 100, 7)).isEqualTo(clips);
    }
}
