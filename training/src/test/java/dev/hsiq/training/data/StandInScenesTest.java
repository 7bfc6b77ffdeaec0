/*
 * Stand-in scenes: the semisynthetic ones on the real shared files (skipped when absent;
 * Botswana, 1476 x 256 x 145, is built once for the class), and synthetic ones on small
 * layouts written here.
 */
package dev.hsiq.training.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StandInScenesTest {

    private static Scene botswana;
    private static LabeledSpectra botswanaSpectra;

    @BeforeAll
    static void buildBotswanaOnce() {
        DataDirectory dir = SharedData.directory();
        Datasets ds = new Datasets(dir);
        if (ds.available("Botswana-semisynthetic")) {
            botswana = ds.loadScene("Botswana-semisynthetic");
            botswanaSpectra = ds.loadSpectra("Botswana-spectra");
        }
    }

    private static void requireBotswana() {
        SharedData.require("botswana/Botswana_gt.mat");
        SharedData.require("botswana/labeled_only/BOTSWANA.mat");
    }

    @Test
    void semisyntheticLabeledPixelsAreExactlyTheRealSpectraOfTheirClass() {
        requireBotswana();
        assertThat(botswana.rows()).isEqualTo(1476);
        assertThat(botswana.cols()).isEqualTo(256);
        assertThat(botswana.bands()).isEqualTo(145);
        assertThat(botswana.provenance()).startsWith("semisynthetic stand-in for Botswana");
        assertThat(botswana.isStandIn()).isTrue();
        int bands = botswana.bands();
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < botswanaSpectra.count(); i++) {
            expected.merge(botswanaSpectra.labels()[i] + ":" + Arrays.toString(
                    Arrays.copyOfRange(botswanaSpectra.spectra(), i * bands, (i + 1) * bands)), 1, Integer::sum);
        }
        Map<String, Integer> placed = new HashMap<>();
        for (int p : botswana.labeledIndices()) {
            placed.merge(botswana.labels()[p] + ":" + Arrays.toString(
                    Arrays.copyOfRange(botswana.cube(), p * bands, (p + 1) * bands)), 1, Integer::sum);
        }
        assertThat(placed).isEqualTo(expected);
    }

    @Test
    void semisyntheticNeighboursDifferAndUnlabeledPixelsArePlausible() {
        requireBotswana();
        int rows = botswana.rows();
        int cols = botswana.cols();
        int bands = botswana.bands();
        float[] cube = botswana.cube();
        int[] labels = botswana.labels();
        int identicalNeighbours = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c + 1 < cols; c++) {
                int p = r * cols + c;
                if (Arrays.equals(cube, p * bands, (p + 1) * bands, cube, (p + 1) * bands, (p + 2) * bands)) {
                    identicalNeighbours++;
                }
            }
        }
        assertThat(identicalNeighbours).as("horizontally adjacent pixels with identical spectra").isZero();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : cube) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isGreaterThanOrEqualTo(0f);
        assertThat(max).isLessThan(2 * 10055);
        // An unlabeled pixel right next to labeled pixels of one class resembles that class
        // more than the average other class (mixtures of nearby classes, not random spectra).
        double[][] means = classMeans(botswanaSpectra);
        int near = 0;
        int closer = 0;
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] != 0) {
                continue;
            }
            int r = p / cols;
            int c = p % cols;
            int neighbourClass = 0;
            boolean mixed = false;
            for (int q : new int[]{p - 1, p + 1, p - cols, p + cols}) {
                if (q < 0 || q >= labels.length || (Math.abs(q % cols - c) > 1) || labels[q] == 0) {
                    continue;
                }
                mixed |= neighbourClass != 0 && neighbourClass != labels[q];
                neighbourClass = labels[q];
            }
            if (neighbourClass == 0 || mixed || r < 3 || r >= rows - 3) {
                continue;
            }
            near++;
            double own = distance(cube, p * bands, means[neighbourClass - 1]);
            double others = 0;
            for (int k = 0; k < means.length; k++) {
                if (k != neighbourClass - 1) {
                    others += distance(cube, p * bands, means[k]) / (means.length - 1);
                }
            }
            if (own < others) {
                closer++;
            }
        }
        assertThat(near).isGreaterThan(500);
        assertThat((double) closer / near).as("fraction closer to the neighbouring class").isGreaterThan(0.8);
    }

    @Test
    void semisyntheticIsDeterministic() {
        Datasets ds = SharedData.datasets("indian_pines/Indian_pines_gt.mat",
                "indian_pines/labeled_only/INDIANPINES.mat");
        Scene a = ds.loadScene("IndianPines-semisynthetic");
        Scene b = ds.loadScene("IndianPines-semisynthetic");
        assertThat(a.bands()).isEqualTo(200);
        assertThat(a.classCounts()).containsExactly(DatasetRegistry.get("IndianPines").expectedCounts());
        assertThat(Arrays.equals(a.cube(), b.cube())).isTrue();
    }

    /** Two class blocks separated by a 6-column unlabeled strip, 20 x 26 pixels. */
    private static int[] twoBlocks() {
        int[] labels = new int[20 * 26];
        for (int r = 0; r < 20; r++) {
            for (int c = 0; c < 26; c++) {
                labels[r * 26 + c] = c < 10 ? 1 : c >= 16 ? 2 : 0;
            }
        }
        return labels;
    }

    @Test
    void syntheticBordersBlendBetweenTheNeighbouringClasses() {
        Scene s = StandInScenes.synthetic("blocks", 20, 26, 50, twoBlocks(), List.of("A", "B"), new int[]{1, 2}, 42,
                "synthetic stand-in for a test");
        double[] ma = new double[50];
        double[] mb = new double[50];
        for (int p : s.labeledIndices()) {
            double[] m = s.labels()[p] == 1 ? ma : mb;
            for (int b = 0; b < 50; b++) {
                m[b] += s.cube()[p * 50 + b] / 200.0;
            }
        }
        double[] t = new double[26];
        for (int c = 10; c < 16; c++) {
            for (int r = 2; r < 18; r++) {
                t[c] += projection(s.cube(), (r * 26 + c) * 50, ma, mb) / 16;
            }
        }
        assertThat(t[10]).as("next to A").isLessThan(0.15);
        assertThat(t[12]).as("mixed, more A").isBetween(0.2, 0.6);
        assertThat(t[13]).as("mixed, more B").isBetween(0.4, 0.8);
        assertThat(t[15]).as("next to B").isGreaterThan(0.85);
    }

    @Test
    void syntheticClassesVaryWithinAndAreSeparable() {
        // 6 classes in vertical stripes of 10 columns, 30 rows, 103 bands (PaviaU's count)
        int rows = 30;
        int cols = 60;
        int bands = 103;
        int[] labels = new int[rows * cols];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = (p % cols) / 10 + 1;
        }
        List<String> names = new ArrayList<>();
        for (int k = 1; k <= 6; k++) {
            names.add("c" + k);
        }
        Scene s = StandInScenes.synthetic("stripes", rows, cols, bands, labels, names, new int[]{1, 2, 3, 4, 5, 6}, 7,
                "synthetic stand-in for a test");
        Scene again = StandInScenes.synthetic("stripes", rows, cols, bands, labels, names,
                new int[]{1, 2, 3, 4, 5, 6}, 7, "synthetic stand-in for a test");
        assertThat(Arrays.equals(s.cube(), again.cube())).isTrue();
        Scene otherSeed = StandInScenes.synthetic("stripes", rows, cols, bands, labels, names,
                new int[]{1, 2, 3, 4, 5, 6}, 8, "synthetic stand-in for a test");
        assertThat(Arrays.equals(s.cube(), otherSeed.cube())).isFalse();
        double[][] means = classMeans(s.labeledSpectra());
        int correct = 0;
        double within = 0;
        for (int p = 0; p < labels.length; p++) {
            int best = 0;
            for (int k = 1; k < 6; k++) {
                if (distance(s.cube(), p * bands, means[k]) < distance(s.cube(), p * bands, means[best])) {
                    best = k;
                }
            }
            correct += best == labels[p] - 1 ? 1 : 0;
            within += distance(s.cube(), p * bands, means[labels[p] - 1]) / labels.length;
        }
        double accuracy = (double) correct / labels.length;
        assertThat(accuracy).as("nearest-class-mean accuracy").isGreaterThan(0.6);
        assertThat(within).as("mean distance to own class mean (within-class variability)").isGreaterThan(1.0);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : s.cube()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isGreaterThanOrEqualTo(0f);
        assertThat(max).isLessThan(1e5f);
    }

    @Test
    void hilbertIndexVisitsEveryCellOnceWithUnitSteps() {
        int n = 16;
        int[] x = new int[n * n];
        int[] y = new int[n * n];
        boolean[] seen = new boolean[n * n];
        for (int yy = 0; yy < n; yy++) {
            for (int xx = 0; xx < n; xx++) {
                int d = (int) StandInScenes.hilbertIndex(n, xx, yy);
                assertThat(seen[d]).isFalse();
                seen[d] = true;
                x[d] = xx;
                y[d] = yy;
            }
        }
        for (int d = 1; d < n * n; d++) {
            assertThat(Math.abs(x[d] - x[d - 1]) + Math.abs(y[d] - y[d - 1])).as("step %d", d).isEqualTo(1);
        }
    }

    private static double[][] classMeans(LabeledSpectra s) {
        int bands = s.bands();
        double[][] m = new double[s.classCount()][bands];
        int[] n = s.classCounts();
        for (int i = 0; i < s.count(); i++) {
            int k = s.labels()[i] - 1;
            for (int b = 0; b < bands; b++) {
                m[k][b] += s.spectra()[i * bands + b] / n[k];
            }
        }
        return m;
    }

    private static double distance(float[] data, int off, double[] mean) {
        double d = 0;
        for (int b = 0; b < mean.length; b++) {
            double e = data[off + b] - mean[b];
            d += e * e;
        }
        return Math.sqrt(d);
    }

    /** Position of x on the segment from a (0) to b (1). */
    private static double projection(float[] data, int off, double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (data[off + i] - a[i]) * (b[i] - a[i]);
            den += (b[i] - a[i]) * (b[i] - a[i]);
        }
        return num / den;
    }
}
