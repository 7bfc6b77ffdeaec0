/*
 * Softmax cross-entropy: value against the textbook formula, gradient against finite
 * differences (with class weights and label smoothing), and stability for huge logits.
 */
package dev.hsiq.training.nn;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SoftmaxCrossEntropyTest {

    @Test
    void matchesTheDefinition() {
        float[] z = {1f, 2f, 0.5f, -1f, 0f, 3f};
        int[] y = {1, 2};
        double expected = 0;
        for (int n = 0; n < 2; n++) {
            double s = 0;
            for (int c = 0; c < 3; c++) {
                s += Math.exp(z[n * 3 + c]);
            }
            expected += -Math.log(Math.exp(z[n * 3 + y[n]]) / s);
        }
        double loss = new SoftmaxCrossEntropy(3).lossAndGradient(z, y, 2, null);
        assertThat(loss).isCloseTo(expected / 2, within(1e-6));
    }

    @Test
    void gradientMatchesFiniteDifferencesWithWeightsAndSmoothing() {
        Random r = new Random(3);
        int batch = 5;
        int classes = 4;
        float[] z = GradientCheck.random(r, batch * classes, 2);
        int[] y = {0, 3, 1, 1, 2};
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(classes, new float[]{0.5f, 2f, 1f, 3f}, 0.1f);
        float[] grad = new float[batch * classes];
        ce.lossAndGradient(z, y, batch, grad);
        double eps = 1e-3;
        for (int i = 0; i < z.length; i++) {
            float keep = z[i];
            z[i] = (float) (keep + eps);
            double plus = ce.lossAndGradient(z, y, batch, null);
            z[i] = (float) (keep - eps);
            double minus = ce.lossAndGradient(z, y, batch, null);
            z[i] = keep;
            GradientCheck.assertClose("dL/dz[" + i + "]", grad[i], (plus - minus) / (2 * eps), 1e-4, 1e-3);
        }
    }

    @Test
    void hugeLogitsStayFinite() {
        float[] z = {1e30f, -1e30f, 0f, 3e4f, 3e4f - 2f, -3e4f};
        float[] grad = new float[6];
        double loss = new SoftmaxCrossEntropy(3).lossAndGradient(z, new int[]{1, 0}, 2, grad);
        assertThat(loss).isFinite().isGreaterThan(1e29);
        for (float g : grad) {
            assertThat(g).isFinite();
        }
        // second sample: p = softmax(0, -2, -6e4) exactly representable in double
        double p0 = 1 / (1 + Math.exp(-2));
        assertThat((double) grad[3]).isCloseTo((p0 - 1) / 2, within(1e-7));
    }

    @Test
    void rejectsBadLabelsAndWeights() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(3);
        assertThatThrownBy(() -> ce.lossAndGradient(new float[3], new int[]{3}, 1, null))
                .hasMessageContaining("label 3");
        assertThatThrownBy(() -> new SoftmaxCrossEntropy(3, new float[]{1, 1}, 0))
                .hasMessageContaining("2 entries for 3 classes");
        assertThatThrownBy(() -> new SoftmaxCrossEntropy(3, null, 1f)).hasMessageContaining("smoothing");
    }
}
