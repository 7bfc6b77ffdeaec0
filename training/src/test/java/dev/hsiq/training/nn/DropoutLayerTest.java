/*
 * Inverted dropout: kept values are scaled by 1 / (1 - p), dropped ones are 0, the kept
 * fraction is near 1 - p, backward applies the same mask, eval is the identity, and the
 * masks repeat for the same seed.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DropoutLayerTest {

    private final Shape shape = new Shape(4, 1, 50);

    @Test
    void trainingMaskScalesKeptValuesAndBackwardUsesTheSameMask() {
        DropoutLayer d = new DropoutLayer("drop1", shape, 0.3f, 42);
        int batch = 20;
        float[] x = GradientCheck.random(new Random(1), batch * shape.size(), 1);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.abs(x[i]) + 0.1f; // never 0, so a 0 output means dropped
        }
        float[] y = d.forward(x, batch, true).clone();
        float[] g = GradientCheck.random(new Random(2), batch * shape.size(), 1);
        float[] gi = d.backward(g, batch);
        int kept = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == 0f) {
                assertThat(gi[i]).isZero();
            } else {
                kept++;
                assertThat(y[i]).isEqualTo(x[i] * (1f / 0.7f));
                assertThat(gi[i]).isEqualTo(g[i] * (1f / 0.7f));
            }
        }
        assertThat((double) kept / x.length).isCloseTo(0.7, within(0.03));
    }

    @Test
    void evalIsIdentity() {
        DropoutLayer d = new DropoutLayer("drop1", shape, 0.5f, 1);
        float[] x = GradientCheck.random(new Random(3), 2 * shape.size(), 1);
        assertThat(d.forward(x, 2, false)).isSameAs(x);
        float[] g = x.clone();
        assertThat(d.backward(g, 2)).isSameAs(g);
    }

    @Test
    void sameSeedSameMasks() {
        float[] x = new float[3 * shape.size()];
        Arrays.fill(x, 1f);
        DropoutLayer a = new DropoutLayer("drop1", shape, 0.4f, 9);
        DropoutLayer b = new DropoutLayer("drop1", shape, 0.4f, 9);
        for (int step = 0; step < 3; step++) {
            assertThat(a.forward(x, 3, true)).containsExactly(b.forward(x, 3, true));
        }
        DropoutLayer c = new DropoutLayer("drop1", shape, 0.4f, 10);
        assertThat(c.forward(x, 3, true)).isNotEqualTo(new DropoutLayer("drop1", shape, 0.4f, 9).forward(x, 3, true));
    }
}
