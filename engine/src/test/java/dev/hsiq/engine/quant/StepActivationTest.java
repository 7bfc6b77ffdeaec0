/* The step activation's staircase: levels, values at and around every boundary, clipping, NaN. */
package dev.hsiq.engine.quant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepActivationTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void codesAreRoundHalfUpAtExactBoundaries(int bits) {
        // clip = L makes D = 1 and perUnit = 1 exactly, so the boundaries i - 1/2 are exact floats
        int levels = (1 << bits) - 1;
        StepActivation s = new StepActivation(bits, levels);
        assertThat(s.levels()).isEqualTo(levels);
        for (int i = 1; i <= levels; i++) {
            float t = i - 0.5f;
            assertThat(s.code(t)).as("at boundary %s", t).isEqualTo(i);
            assertThat(s.code(Math.nextDown(t))).as("just below %s", t).isEqualTo(i - 1);
            assertThat(s.code(Math.nextUp(t))).isEqualTo(i);
            assertThat(s.code(i)).isEqualTo(i);
            assertThat(s.value(i)).isEqualTo((float) i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void codesAroundBoundariesForGeneralClip(int bits) {
        StepActivation s = new StepActivation(bits, 2.7183f);
        double d = s.exactStep();
        for (int i = 1; i <= s.levels(); i++) {
            double t = s.boundary(i);
            assertThat(t).isCloseTo((i - 0.5) * 2.7183f / s.levels(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(s.code((float) (t + 1e-4 * d))).isEqualTo(i);
            assertThat(s.code((float) (t - 1e-4 * d))).isEqualTo(i - 1);
        }
    }

    @Test
    void clipsAndHandlesSpecialValues() {
        StepActivation s = new StepActivation(2, 1.5f);
        assertThat(s.code(-3f)).isZero();
        assertThat(s.code(-0f)).isZero();
        assertThat(s.code(0f)).isZero();
        assertThat(s.code(1.5f)).isEqualTo(3);
        assertThat(s.code(1e30f)).isEqualTo(3);
        assertThat(s.code(Float.POSITIVE_INFINITY)).isEqualTo(3);
        assertThat(s.code(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(s.code(Float.NaN)).isZero();
        assertThat(s.step()).isEqualTo(0.5f);
        assertThat(s.value(1.0f)).isEqualTo(1.0f);
        assertThat(s.value(0.74f)).isEqualTo(0.5f);
        assertThat(s.value(0.76f)).isEqualTo(1.0f);
    }

    @Test
    void staircaseIsMonotoneAndMatchesItsDefinition() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int bits = 1 + rnd.nextInt(8);
            float clip = 0.01f + rnd.nextFloat() * 10f;
            StepActivation s = new StepActivation(bits, clip);
            float perUnit = (float) s.levels() / clip;
            float prevX = -1f;
            int prev = 0;
            for (int k = 0; k < 500; k++) {
                float x = prevX + rnd.nextFloat() * clip * 0.01f;
                int q = s.code(x);
                assertThat(q).isBetween(prev, s.levels());
                // the documented float operations, spelled out, and the vector-friendly form
                float p = Math.min(Math.max(x, 0f), clip) * perUnit;
                assertThat(q).isEqualTo(Math.min(Math.round(p), s.levels()));
                int t = (int) p;
                assertThat(q).isEqualTo(Math.min(t + (p - t >= 0.5f ? 1 : 0), s.levels()));
                prev = q;
                prevX = x;
            }
        }
    }

    @Test
    void truncateAndCompareFormEqualsMathRoundOnManyProducts() {
        Random rnd = new Random(11);
        for (int k = 0; k < 2_000_000; k++) {
            float p = k < 1_000_000 ? rnd.nextFloat() * 256f : Float.intBitsToFloat(rnd.nextInt(0x43800000));
            int t = (int) p;
            assertThat(t + (p - t >= 0.5f ? 1 : 0)).as("p = %s", p).isEqualTo(Math.round(p));
        }
        // the floor(p + 1/2) trap that the definition avoids
        float p = Math.nextDown(0.5f);
        assertThat((int) (p + 0.5f)).isEqualTo(1);
        assertThat(Math.round(p)).isZero();
    }

    @Test
    void inputQuantizerIsClipOneAtInputBits() {
        StepActivation in = StepActivation.forInput(8);
        assertThat(in.clip()).isEqualTo(1f);
        assertThat(in.perUnit()).isEqualTo(255f);
        assertThat(in.code(0.5f)).isEqualTo(128); // 127.5 rounds up
        assertThat(in.code(1.2f)).isEqualTo(255);
        assertThat(in.code(-0.2f)).isZero();
        assertThat(in.code(10f / 255f)).isEqualTo(10);
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new StepActivation(0, 1f)).hasMessageContaining("bits 0");
        assertThatThrownBy(() -> new StepActivation(9, 1f)).hasMessageContaining("bits 9");
        assertThatThrownBy(() -> new StepActivation(2, 0f)).hasMessageContaining("clip level 0.0");
        assertThatThrownBy(() -> new StepActivation(2, Float.NaN)).hasMessageContaining("clip level NaN");
        assertThatThrownBy(() -> new StepActivation(2, Float.POSITIVE_INFINITY)).hasMessageContaining("finite");
    }
}
