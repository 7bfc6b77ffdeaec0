package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.training.data.LabeledSpectra;
import dev.hsiq.training.data.Scene;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchExtractorTest {

    @Test
    void reflectMatchesNumpyReflectPadding() {
        // numpy.pad(np.arange(5), 7, mode="reflect")
        int[] expected5 = {1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3};
        for (int i = -7; i < 12; i++) {
            assertThat(PatchExtractor.reflect(i, 5)).as("index %d", i).isEqualTo(expected5[i + 7]);
        }
        // numpy.pad(np.arange(2), 5, mode="reflect") and numpy.pad(np.arange(1), 3, mode="reflect")
        int[] expected2 = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
        for (int i = -5; i < 7; i++) {
            assertThat(PatchExtractor.reflect(i, 2)).isEqualTo(expected2[i + 5]);
        }
        for (int i = -3; i < 4; i++) {
            assertThat(PatchExtractor.reflect(i, 1)).isZero();
        }
    }

    /** Scene whose sample (r, c, b) = 100r + 10c + b (rows x cols x 2). */
    private static Scene coded(int rows, int cols) {
        float[] cube = new float[rows * cols * 2];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int b = 0; b < 2; b++) {
                    cube[(r * cols + c) * 2 + b] = 100 * r + 10 * c + b;
                }
            }
        }
        return new Scene("coded", rows, cols, 2, cube, new int[rows * cols], List.of(), new int[0], "test scene");
    }

    @Test
    void patchesAreChwWithMirroredBorders() {
        Scene s = coded(3, 4);
        for (int p : new int[]{1, 3, 5, 7, 9}) {
            PatchExtractor ex = new PatchExtractor(s, p, null);
            assertThat(ex.patchLength()).isEqualTo(2 * p * p);
            for (int pixel = 0; pixel < 12; pixel++) {
                float[] out = new float[ex.patchLength() + 3];
                ex.extract(pixel, out, 3);
                int r = pixel / 4;
                int c = pixel % 4;
                for (int b = 0; b < 2; b++) {
                    for (int y = 0; y < p; y++) {
                        for (int x = 0; x < p; x++) {
                            int sr = PatchExtractor.reflect(r + y - p / 2, 3);
                            int sc = PatchExtractor.reflect(c + x - p / 2, 4);
                            assertThat(out[3 + (b * p + y) * p + x]).isEqualTo(100 * sr + 10 * sc + b);
                        }
                    }
                }
                assertThat(out[3 + (p / 2) * p + p / 2]).as("centre").isEqualTo(100 * r + 10 * c);
            }
        }
        // The 3 x 4 image padded by 3, as numpy.pad(np.arange(12).reshape(3, 4), 3, mode="reflect")
        // prints its first row: [7, 6, 5, 4, 5, 6, 7, 6, 5, 4] -> pixel (0,0) patch P=7, row 0.
        float[] out = new PatchExtractor(s, 7, null).extractBatch(new int[]{0}, 0, 1);
        int[] numpyRow0 = {7, 6, 5, 4, 5, 6, 7}; // values k = 4*row + col of the padded grid
        for (int x = 0; x < 7; x++) {
            int k = numpyRow0[x];
            assertThat(out[x]).isEqualTo(100 * (k / 4) + 10 * (k % 4));
        }
    }

    @Test
    void batchesAndNormalization() {
        Scene s = coded(4, 5);
        Normalization norm = new Normalization(new float[]{0, 1}, new float[]{500, 9});
        PatchExtractor plain = new PatchExtractor(s, 3, null);
        PatchExtractor normed = new PatchExtractor(s, 3, norm);
        int[] pixels = {7, 0, 19, 12};
        float[] batch = normed.extractBatch(pixels, 1, 3);
        assertThat(batch).hasSize(3 * 18);
        for (int i = 0; i < 3; i++) {
            float[] one = new float[18];
            plain.extract(pixels[1 + i], one, 0);
            for (int j = 0; j < 18; j++) {
                int band = j / 9;
                assertThat(batch[i * 18 + j]).isEqualTo(norm.apply(band, one[j]));
            }
        }
        assertThatThrownBy(() -> new PatchExtractor(s, 4, null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("positive odd number, got 4");
        assertThatThrownBy(() -> plain.extract(20, new float[18], 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("outside the 4 x 5 scene");
        assertThatThrownBy(() -> new PatchExtractor(s, 3, new Normalization(new float[]{0}, new float[]{1})))
                .hasMessageContaining("normalization has 1 bands, the scene 2");
    }

    @Test
    void spectraAreOneByOneByBands() {
        float[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        LabeledSpectra ls = new LabeledSpectra("s", 3, data, new int[]{1, 1, 2}, List.of("a", "b"), new int[]{1, 2},
                "test");
        SpectrumExtractor plain = new SpectrumExtractor(ls, null);
        assertThat(plain.extractBatch(new int[]{2, 0}, 0, 2)).containsExactly(7, 8, 9, 1, 2, 3);
        Normalization norm = new Normalization(new float[]{1, 2, 3}, new float[]{3, 6, 11});
        float[] out = new SpectrumExtractor(ls, norm).extractBatch(new int[]{1}, 0, 1);
        assertThat(out).containsExactly(norm.apply(0, 4), norm.apply(1, 5), norm.apply(2, 6));
        assertThatThrownBy(() -> plain.extract(3, new float[3], 0)).isInstanceOf(BadInputException.class);
    }
}
