/*
 * Distillation's loss and gradient: dL/dlogits against central finite differences of the
 * combined loss (1 - alpha) CE + alpha T^2 KL(teacher_T || student_T); alpha = 0 leaves the
 * cross-entropy untouched; a student equal to its teacher has zero soft gradient.
 */
package dev.hsiq.training.quant;

import dev.hsiq.training.nn.Network;
import dev.hsiq.training.nn.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DistillationTest {

    static final int BATCH = 3;

    static Network teacher() {
        return Network.build(QatFixtures.spec().resolve(QatFixtures.CLASSES, null), QatFixtures.BANDS, 9);
    }

    static float[] input(Random r) {
        float[] x = new float[BATCH * QatFixtures.BANDS];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        return x;
    }

    static double loss(Distillation d, float[] x, int[] y, float[] z, float[] grad) {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(QatFixtures.CLASSES);
        double l = ce.lossAndGradient(z, y, BATCH, grad);
        return d.adjust(x, y, BATCH, z, l, grad);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random r = new Random(1);
        float[] x = input(r);
        int[] y = {0, 3, 1};
        Network t = teacher();
        for (double[] at : new double[][]{{0.5, 2}, {0.9, 4}, {1.0, 1}}) {
            Distillation d = new Distillation(t, at[0], at[1]);
            float[] z = new float[BATCH * QatFixtures.CLASSES];
            for (int i = 0; i < z.length; i++) z[i] = (float) (2 * r.nextGaussian());
            float[] grad = new float[z.length];
            loss(d, x, y, z, grad);
            double h = 1e-3;
            for (int i = 0; i < z.length; i++) {
                float keep = z[i];
                z[i] = (float) (keep + h);
                double plus = loss(d, x, y, z, new float[z.length]);
                z[i] = (float) (keep - h);
                double minus = loss(d, x, y, z, new float[z.length]);
                z[i] = keep;
                double numeric = (plus - minus) / (2 * h);
                assertThat((double) grad[i]).as("alpha %s T %s logit %d", at[0], at[1], i)
                        .isCloseTo(numeric, within(1e-4 + 1e-3 * Math.abs(numeric)));
            }
        }
    }

    @Test
    void alphaZeroIsPlainCrossEntropyAndTheTeacherItselfHasNoSoftGradient() {
        Random r = new Random(2);
        float[] x = input(r);
        int[] y = {1, 1, 2};
        Network t = teacher();
        float[] z = new float[BATCH * QatFixtures.CLASSES];
        for (int i = 0; i < z.length; i++) z[i] = (float) r.nextGaussian();
        float[] plain = new float[z.length];
        double ce = new SoftmaxCrossEntropy(QatFixtures.CLASSES).lossAndGradient(z, y, BATCH, plain);
        float[] grad = new float[z.length];
        assertThat(loss(new Distillation(t, 0, 3), x, y, z, grad)).isEqualTo(ce);
        assertThat(grad).containsExactly(plain);
        // student logits = teacher logits: KL = 0 and the soft gradient vanishes
        float[] v = t.forward(x, BATCH, false).clone();
        float[] g = new float[v.length];
        assertThat(loss(new Distillation(t, 1, 2), x, y, v, g)).isCloseTo(0, within(1e-9));
        for (float gi : g) assertThat(gi).isCloseTo(0f, within(1e-7f));
    }
}
