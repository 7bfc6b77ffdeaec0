package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SceneTest {

    private static float[] cube(int rows, int cols, int bands) {
        float[] c = new float[rows * cols * bands];
        for (int i = 0; i < c.length; i++) {
            c[i] = i;
        }
        return c;
    }

    @Test
    void holdsBipCubeAndLabels() {
        int[] labels = {0, 1, 2, 0, 2, 2};
        Scene s = new Scene("t", 2, 3, 4, cube(2, 3, 4), labels, List.of("a", "b"), new int[]{1, 10}, "canonical");
        assertThat(s.spectrum(1, 2)).containsExactly(20, 21, 22, 23);
        assertThat(s.classCounts()).containsExactly(1, 3);
        assertThat(s.labeledIndices()).containsExactly(1, 2, 4, 5);
        assertThat(s.classIds()).containsExactly(1, 10);
        assertThat(s.isStandIn()).isFalse();
        LabeledSpectra ls = s.labeledSpectra();
        assertThat(ls.count()).isEqualTo(4);
        assertThat(ls.labels()).containsExactly(1, 2, 2, 2);
        assertThat(ls.spectra()).startsWith(4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(new Scene("t", 2, 3, 4, cube(2, 3, 4), labels, List.of("a", "b"), new int[]{1, 2},
                "synthetic stand-in for X").isStandIn()).isTrue();
    }

    @Test
    void rejectsNonFiniteValuesWithTheirLocation() {
        float[] c = cube(2, 3, 4);
        c[(1 * 3 + 2) * 4 + 3] = Float.NaN;
        assertThatThrownBy(() -> new Scene("s", 2, 3, 4, c, new int[6], List.of(), new int[0], "canonical"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("s: value NaN at (row 1, col 2, band 3) is not finite");
        float[] d = cube(2, 3, 4);
        d[5] = Float.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> new Scene("s", 2, 3, 4, d, new int[6], List.of(), new int[0], "canonical"))
                .hasMessageContaining("(row 0, col 1, band 1)");
        float[] spectra = {1, 2, Float.POSITIVE_INFINITY, 4};
        assertThatThrownBy(() -> new LabeledSpectra("sp", 2, spectra, new int[]{1, 1}, List.of("a"), new int[]{1},
                "x")).hasMessageContaining("(sample 1, band 0)");
    }

    @Test
    void rejectsLabelsOutOfRangeAndSizeMismatches() {
        assertThatThrownBy(() -> new Scene("s", 2, 3, 4, cube(2, 3, 4), new int[]{0, 0, 0, 0, 3, 0},
                List.of("a", "b"), new int[]{1, 2}, "canonical"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("s: label 3 at pixel (row 1, col 1) is out of range 0..2");
        assertThatThrownBy(() -> new Scene("s", 2, 3, 4, cube(2, 3, 5), new int[6], List.of(), new int[0],
                "canonical")).hasMessage("s: cube has 5 bands, expected 4 bands of 2 x 3 pixels");
        assertThatThrownBy(() -> new Scene("s", 2, 3, 4, cube(2, 3, 4), new int[5], List.of(), new int[0],
                "canonical")).hasMessageContaining("ground truth has 5 pixels");
        assertThatThrownBy(() -> new LabeledSpectra("sp", 3, new float[7], new int[]{1, 1}, List.of("a"),
                new int[]{1}, "x")).hasMessageContaining("not a multiple of 3 bands");
    }

    @Test
    void bandMismatchNamesBothNumbers() {
        Scene s = new Scene("PaviaU-synthetic", 1, 2, 3, cube(1, 2, 3), new int[]{1, 0}, List.of("a"), new int[]{1},
                "synthetic stand-in");
        s.requireBands(3, "model");
        assertThatThrownBy(() -> s.requireBands(200, "model patch-cnn"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("model patch-cnn expects 200 bands, but PaviaU-synthetic has 3");
    }
}
