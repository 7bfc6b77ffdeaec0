/*
 * InputNormalizer: the scalar reference against the contract written out independently
 * (Math.round of the clipped normalized value), and the chosen implementation against the
 * scalar reference bit for bit, over odd channel counts, both layouts, every bit width, values
 * on and next to the code boundaries, outside [low, high], and non-finite inputs.
 */
package dev.hsiq.kernels;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputNormalizerTest {

    static float[] lows(Random rnd, int channels) {
        float[] low = new float[channels];
        for (int c = 0; c < channels; c++) low[c] = rnd.nextFloat() * 1000f - 200f;
        return low;
    }

    static float[] ranges(Random rnd, float[] low) {
        float[] range = new float[low.length];
        for (int c = 0; c < low.length; c++) {
            float high = low[c] + 50f + rnd.nextFloat() * 3000f;
            range[c] = high - low[c];
        }
        return range;
    }

    /** Raw values: uniform over [low - 10%, high + 10%], plus exact code boundaries and their neighbours. */
    static float[] raw(Random rnd, int n, int channels, int stride, float[] low, float[] range, int bits) {
        float[] x = new float[n];
        int levels = (1 << bits) - 1;
        for (int i = 0; i < n; i++) {
            int c = (i % stride) % channels;
            x[i] = switch (rnd.nextInt(6)) {
                case 0 -> {
                    // the raw value whose normalized value is nearest (k + 1/2) / L, and a neighbour
                    float target = (rnd.nextInt(levels + 1) + 0.5f) / levels;
                    float v = low[c] + target * range[c];
                    yield rnd.nextBoolean() ? v : Math.nextUp(v);
                }
                case 1 -> low[c];
                case 2 -> low[c] + range[c];
                default -> low[c] - 0.1f * range[c] + rnd.nextFloat() * 1.2f * range[c];
            };
        }
        return x;
    }

    static int contract(float x, float low, float range, int bits) {
        int levels = (1 << bits) - 1;
        float v = (x - low) / range;
        return Math.min(Math.round(Math.min(Math.max(v, 0f), 1f) * ((float) levels / 1f)), levels);
    }

    @Test
    void scalarQuantizationIsMathRoundOfTheClippedValue() {
        Random rnd = new Random(1);
        for (int bits = 1; bits <= 8; bits++) {
            int channels = 37;
            float[] low = lows(rnd, channels);
            float[] range = ranges(rnd, low);
            float[] x = raw(rnd, 5 * channels, channels, channels, low, range, bits);
            byte[] q = new byte[x.length];
            assertThat(InputNormalizer.scalar().quantizeRows(x, 0, channels, 5, channels, low, range, bits, q, 0,
                    channels)).isTrue();
            for (int i = 0; i < x.length; i++) {
                int c = i % channels;
                assertThat(q[i] & 0xFF).as("bits %d value %d", bits, i).isEqualTo(contract(x[i], low[c], range[c], bits));
            }
        }
    }

    @Test
    void halfwayPointsRoundUp() {
        // v * L exactly k + 1/2 rounds up; the float just below stays down
        float[] low = {0f};
        float[] range = {1f};
        float[] x = {0.5f / 255f, 2.5f / 255f, Math.nextDown(2.5f / 255f), 1f, 2f, -1f, -0f};
        byte[] q = new byte[x.length];
        InputNormalizer.get().quantizeRows(x, 0, 1, x.length, 1, low, range, 8, q, 0, 1);
        for (int i = 0; i < x.length; i++) {
            assertThat(q[i] & 0xFF).isEqualTo(contract(x[i], 0f, 1f, 8));
        }
    }

    @Tag("kernel-compare")
    @ParameterizedTest
    @ValueSource(ints = {1, 13, 63, 64, 65, 200, 207, 300})
    void rowsMatchTheReference(int channels) {
        Random rnd = new Random(channels);
        InputNormalizer v = InputNormalizer.get();
        InputNormalizer s = InputNormalizer.scalar();
        int rows = 7;
        int ldx = channels + 3;
        float[] low = lows(rnd, channels);
        float[] range = ranges(rnd, low);
        for (int bits : new int[]{1, 2, 4, 8}) {
            float[] x = raw(rnd, rows * ldx + 5, channels, ldx, low, range, bits);
            int ldOut = channels + 1;
            byte[] qv = new byte[rows * ldOut + 2];
            byte[] qs = new byte[rows * ldOut + 2];
            assertThat(v.quantizeRows(x, 2, ldx, rows, channels, low, range, bits, qv, 1,
                    ldOut)).isEqualTo(s.quantizeRows(x, 2, ldx, rows, channels, low,
                    range, bits, qs, 1, ldOut));
            assertThat(qv).isEqualTo(qs);
        }
        float[] x = raw(rnd, rows * ldx, channels, ldx, low, range, 8);
        float[] fv = new float[rows * channels];
        float[] fs = new float[rows * channels];
        assertThat(v.normalizeRows(x, 0, ldx, rows, channels, low, range, fv, 0, channels)).isTrue();
        assertThat(s.normalizeRows(x, 0, ldx, rows, channels, low, range, fs, 0, channels)).isTrue();
        assertThat(fv).isEqualTo(fs);
        float[] pv = new float[channels * 11];
        float[] ps = new float[channels * 11];
        assertThat(v.normalizeRowsToPlanes(x, 0, ldx, rows, channels, low, range, pv, 1, 11)).isTrue();
        assertThat(s.normalizeRowsToPlanes(x, 0, ldx, rows, channels, low, range, ps, 1, 11)).isTrue();
        assertThat(pv).isEqualTo(ps);
    }


    @Tag("kernel-compare")
    @ParameterizedTest
    @ValueSource(ints = {1, 13, 64, 65, 200, 207})
    void planesMatchTheReference(int channels) {
        Random rnd = new Random(100 + channels);
        InputNormalizer v = InputNormalizer.get();
        InputNormalizer s = InputNormalizer.scalar();
        float[] low = lows(rnd, channels);
        float[] range = ranges(rnd, low);
        for (int pixels : new int[]{1, 9, 16, 17, 25, 81, 70}) {
            int samples = 3;
            int n = samples * channels * pixels;
            for (int bits : new int[]{1, 3, 8}) {
                float[] x = new float[n + 4];
                float[] perElement = raw(rnd, n, channels, channels, low, range, bits);
                // raw() indexes channels fastest; place channel c's values in CHW order
                for (int sm = 0; sm < samples; sm++) {
                    for (int p = 0; p < pixels; p++) {
                        for (int c = 0; c < channels; c++) {
                            x[4 + (sm * channels + c) * pixels + p] = perElement[(sm * pixels + p) * channels + c];
                        }
                    }
                }
                int ldOut = channels + 2;
                byte[] qv = new byte[samples * pixels * ldOut];
                byte[] qs = new byte[samples * pixels * ldOut];
                assertThat(v.quantizePlanesToRows(x, 4, samples, channels, pixels, low, range, bits, qv, 0, ldOut,
                        new byte[InputNormalizer.scratchBytes(channels, pixels) + 3]))
                        .isTrue();
                assertThat(s.quantizePlanesToRows(x, 4, samples, channels, pixels, low, range, bits, qs, 0, ldOut,
                        new byte[InputNormalizer.scratchBytes(channels, pixels)]))
                        .isTrue();
                assertThat(qv).isEqualTo(qs);
                float[] fv = new float[n];
                float[] fs = new float[n];
                assertThat(v.normalizePlanes(x, 4, samples, channels, pixels, low, range, fv, 0)).isTrue();
                assertThat(s.normalizePlanes(x, 4, samples, channels, pixels, low, range, fs, 0)).isTrue();
                assertThat(fv).isEqualTo(fs);
                // the transposed codes are the row codes of the transposed input
                byte[] rowsRef = new byte[samples * pixels * channels];
                s.quantizeRows(perElement, 0, channels, samples * pixels, channels, low, range, bits, rowsRef, 0,
                        channels);
                for (int r = 0; r < samples * pixels; r++) {
                    for (int c = 0; c < channels; c++) {
                        assertThat(qs[r * ldOut + c]).isEqualTo(rowsRef[r * channels + c]);
                    }
                }
            }
        }
    }

    /**
     * Normalized values whose scaled value q = v * L is exactly k + 1/2 (round half up gives
     * k + 1, where rounding to nearest even would give k for even k), and their float neighbours.
     */
    @Tag("kernel-compare")
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 8})
    void exactHalvesRoundUp(int bits) {
        int levels = (1 << bits) - 1;
        int channels = 1;
        float[] low = {0f};
        float[] range = {1f};
        java.util.List<Float> values = new java.util.ArrayList<>();
        int exactHalves = 0;
        for (int k = 0; k < levels; k++) {
            float v = (k + 0.5f) / levels;
            for (int ulps = -3; ulps <= 3; ulps++) {
                float u = v;
                for (int i = 0; i < Math.abs(ulps); i++) {
                    u = ulps < 0 ? Math.nextDown(u) : Math.nextUp(u);
                }
                values.add(u);
                if (u * levels == k + 0.5f) {
                    exactHalves++;
                }
            }
        }
        assertThat(exactHalves).as("values scaling to exactly k + 1/2").isGreaterThanOrEqualTo(levels);
        float[] x = new float[values.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = values.get(i);
        }
        byte[] qv = new byte[x.length];
        byte[] qs = new byte[x.length];
        assertThat(InputNormalizer.get().quantizeRows(x, 0, 1, x.length, channels, low, range, bits, qv, 0, 1))
                .isTrue();
        assertThat(InputNormalizer.scalar().quantizeRows(x, 0, 1, x.length, channels, low, range, bits, qs, 0, 1))
                .isTrue();
        assertThat(qv).isEqualTo(qs);
        for (int i = 0; i < x.length; i++) {
            assertThat(qs[i] & 0xFF).isEqualTo(contract(x[i], 0f, 1f, bits));
        }
        // the same values as a CHW patch plane (the transposing quantizer)
        byte[] pv = new byte[x.length];
        assertThat(InputNormalizer.get().quantizePlanesToRows(x, 0, 1, 1, x.length, low, range, bits, pv, 0, 1,
                new byte[InputNormalizer.scratchBytes(1, x.length)])).isTrue();
        assertThat(pv).isEqualTo(qs);
    }

    @Tag("kernel-compare")
    @Test
    void nonFiniteValuesAreReported() {
        InputNormalizer[] impls = {InputNormalizer.get(), InputNormalizer.scalar()};
        for (InputNormalizer impl : impls) {
            for (float bad : new float[]{Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                for (int at : new int[]{0, 17, 199}) {
                    int channels = 200;
                    float[] low = new float[channels];
                    float[] range = new float[channels];
                    java.util.Arrays.fill(range, 1f);
                    float[] x = new float[channels * 2];
                    x[channels + at] = bad;
                    assertThat(impl.quantizeRows(x, 0, channels, 2, channels, low, range, 8, new byte[x.length], 0,
                            channels)).isFalse();
                    assertThat(impl.normalizeRows(x, 0, channels, 2, channels, low, range, new float[x.length], 0,
                            channels)).isFalse();
                    assertThat(impl.quantizePlanesToRows(x, 0, 1, channels, 2, low, range, 8, new byte[x.length], 0,
                            channels, new byte[InputNormalizer.scratchBytes(channels, 2)])).isFalse();
                    assertThat(impl.normalizePlanes(x, 0, 1, channels, 2, low, range, new float[x.length], 0)).isFalse();
                    assertThat(impl.normalizeRowsToPlanes(x, 0, channels, 2, channels, low, range,
                            new float[x.length], 0, 2)).isFalse();
                    x[channels + at] = 1e30f;
                    assertThat(impl.quantizeRows(x, 0, channels, 2, channels, low, range, 8, new byte[x.length], 0,
                            channels)).isTrue();
                }
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        InputNormalizer n = InputNormalizer.get();
        float[] x = new float[10];
        assertThatThrownBy(() -> n.quantizeRows(x, 0, 5, 2, 5, new float[5], new float[5], 9, new byte[10], 0, 5))
                .hasMessageContaining("1..8 bits");
        assertThatThrownBy(() -> n.normalizeRows(x, 0, 5, 3, 5, new float[5], new float[5], new float[15], 0, 5))
                .hasMessageContaining("input rows");
        assertThatThrownBy(() -> n.normalizeRows(x, 0, 5, 2, 5, new float[4], new float[5], new float[10], 0, 5))
                .hasMessageContaining("5 channels");
    }
}
