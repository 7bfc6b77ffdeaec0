/*
 * Loading registry datasets from a data directory the test writes itself: a SalinasA-shaped
 * ground truth with the canonical per-class counts (ids 1, 10..14), cube fixtures, and a
 * Botswana-shaped labeled-spectra file.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.hsiq.training.data.MatFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetsTest {

    static final int ROWS = 83;
    static final int COLS = 86;
    static final int[] IDS = {1, 10, 11, 12, 13, 14};
    static final int[] COUNTS = {391, 1343, 616, 1525, 674, 799};

    @TempDir
    Path dir;

    /** SalinasA-like gt, column-major: runs of each id in MATLAB order, the rest 0. */
    static double[] salinasAGt() {
        double[] gt = new double[ROWS * COLS];
        int i = 0;
        for (int k = 0; k < IDS.length; k++) {
            for (int n = 0; n < COUNTS[k]; n++) {
                gt[i] = IDS[k];
                i += 1;
            }
            i += 37; // unlabeled gap between classes
        }
        return gt;
    }

    private void writeGt(double[] gt, int rows, int cols) throws IOException {
        Path p = dir.resolve("salinas_a/SalinasA_gt.mat");
        Files.createDirectories(p.getParent());
        Files.write(p, level5(ByteOrder.LITTLE_ENDIAN, true,
                new Var("salinasA_gt", MX_DOUBLE, new int[]{rows, cols}, MI_UINT8, gt)));
    }

    private void writeCube(int bands) throws IOException {
        double[] v = new double[ROWS * COLS * bands];
        for (int b = 0; b < bands; b++) {
            for (int c = 0; c < COLS; c++) {
                for (int r = 0; r < ROWS; r++) {
                    v[r + ROWS * (c + COLS * b)] = 1000 + 7 * r + 3 * c + b;
                }
            }
        }
        Files.write(dir.resolve("salinas_a/SalinasA_corrected.mat"), level5(ByteOrder.LITTLE_ENDIAN, true,
                new Var("salinasA_corrected", MX_DOUBLE, new int[]{ROWS, COLS, bands}, MI_UINT16, v)));
    }

    private Datasets datasets() {
        return new Datasets(DataDirectory.of(dir));
    }

    @Test
    void remapsClassIdsAndChecksCounts() throws IOException {
        double[] gt = salinasAGt();
        writeGt(gt, ROWS, COLS);
        DatasetInfo info = DatasetRegistry.get("SalinasA");
        int[] labels = datasets().loadGroundTruth(info);
        int[] counts = new int[7];
        for (int l : labels) {
            counts[l]++;
        }
        assertThat(Arrays.copyOfRange(counts, 1, 7)).containsExactly(COUNTS);
        for (int r = 0; r < ROWS; r += 5) {
            for (int c = 0; c < COLS; c += 3) {
                int id = (int) gt[r + c * ROWS];
                int expected = id == 0 ? 0 : Arrays.binarySearch(IDS, id) + 1;
                assertThat(labels[r * COLS + c]).as("(%d, %d)", r, c).isEqualTo(expected);
            }
        }
    }

    @Test
    void wrongGroundTruthIsRejectedWithTheReason() throws IOException {
        double[] gt = salinasAGt();
        int last = 0;
        for (int i = 0; i < gt.length; i++) {
            if (gt[i] == 10) {
                last = i;
            }
        }
        gt[last] = 0;
        writeGt(gt, ROWS, COLS);
        DatasetInfo info = DatasetRegistry.get("SalinasA");
        assertThatThrownBy(() -> datasets().loadGroundTruth(info)).isInstanceOf(BadFileException.class)
                .hasMessageContaining("salinasA_gt: class 10 Corn_senesced_green_weeds has 1342 labeled pixels, "
                        + "the canonical SalinasA data has 1343");
        gt[last] = 5;
        writeGt(gt, ROWS, COLS);
        assertThatThrownBy(() -> datasets().loadGroundTruth(info)).isInstanceOf(BadFileException.class)
                .hasMessageContaining("value 5 at (row " + (last % ROWS + 1) + ", col " + (last / ROWS + 1)
                        + ") is not a class id of SalinasA (ids [1, 10, 11, 12, 13, 14])");
        writeGt(new double[82 * 86], 82, 86);
        assertThatThrownBy(() -> datasets().loadGroundTruth(info)).isInstanceOf(BadFileException.class)
                .hasMessageContaining("shape 82x86, but SalinasA is 83x86");
    }

    @Test
    void canonicalSceneFromGroundTruthAndCube() throws IOException {
        writeGt(salinasAGt(), ROWS, COLS);
        assertThatThrownBy(() -> datasets().loadScene("SalinasA")).isInstanceOf(MissingDataException.class)
                .hasMessageContaining("SalinasA: image cube SalinasA_corrected.mat is missing from " + dir.resolve(
                        "salinas_a"))
                .hasMessageContaining("run 'hsiq data fetch SalinasA' to download it")
                .hasMessageContaining("or use SalinasA-synthetic");
        writeCube(204);
        Scene s = datasets().loadScene("SalinasA");
        assertThat(s.provenance()).isEqualTo("canonical");
        assertThat(s.isStandIn()).isFalse();
        assertThat(s.bands()).isEqualTo(204);
        assertThat(s.classIds()).containsExactly(IDS);
        assertThat(s.classNames().get(1)).isEqualTo("Corn_senesced_green_weeds");
        assertThat(s.spectrum(5, 9)[17]).isEqualTo(1000 + 7 * 5 + 3 * 9 + 17);
        assertThat(datasets().loadSpectra("SalinasA").count()).isEqualTo(5348);
        writeCube(203);
        assertThatThrownBy(() -> datasets().loadScene("SalinasA")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("cube has 203 bands, SalinasA expects 204");
    }

    @Test
    void truncatedCorruptOrNonFiniteFilesAreNamed() throws IOException {
        writeGt(salinasAGt(), ROWS, COLS);
        Path gt = dir.resolve("salinas_a/SalinasA_gt.mat");
        byte[] good = Files.readAllBytes(gt);
        DatasetInfo info = DatasetRegistry.get("SalinasA");
        Files.write(gt, Arrays.copyOf(good, good.length - 10));
        assertThatThrownBy(() -> datasets().loadGroundTruth(info)).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(gt + ": ")
                .hasMessageContaining("truncated or corrupt file");
        Files.writeString(gt, "<html>404 Not Found</html>");
        assertThatThrownBy(() -> datasets().loadGroundTruth(info)).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(gt + ": header: ")
                .hasMessageContaining("truncated or not a MAT file");
        byte[] garbage = good.clone();
        Arrays.fill(garbage, 0, 128, (byte) 'x');
        Files.write(gt, garbage);
        assertThatThrownBy(() -> datasets().loadGroundTruth(info)).isInstanceOf(BadFileException.class)
                .hasMessage(gt + ": header: not a MAT level-5 or 7.3 file (starts \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"; "
                        + "MAT v4 files are not supported)");

        // a NaN in the cube is refused with its place, counted from 0 (row 4, col 2, band 7)
        Files.write(gt, good);
        int bands = 204;
        double[] v = new double[ROWS * COLS * bands];
        Arrays.fill(v, 1000);
        v[4 + ROWS * (2 + COLS * 7)] = Double.NaN;
        Files.write(dir.resolve("salinas_a/SalinasA_corrected.mat"), level5(ByteOrder.LITTLE_ENDIAN, true,
                new Var("salinasA_corrected", MX_DOUBLE, new int[]{ROWS, COLS, bands}, MI_DOUBLE, v)));
        assertThatThrownBy(() -> datasets().loadScene("SalinasA")).isInstanceOf(BadInputException.class)
                .hasMessage("SalinasA: value NaN at (row 4, col 2, band 7) is not finite");
    }

    @Test
    void syntheticStandInIsBuiltFromTheGroundTruthAlone() throws IOException {
        writeGt(salinasAGt(), ROWS, COLS);
        Scene a = datasets().loadScene("SalinasA-synthetic");
        Scene b = datasets().loadScene("SalinasA-synthetic");
        assertThat(a.bands()).isEqualTo(204);
        assertThat(a.provenance()).startsWith("synthetic stand-in for SalinasA");
        assertThat(a.isStandIn()).isTrue();
        assertThat(a.classCounts()).containsExactly(COUNTS);
        assertThat(Arrays.equals(a.cube(), b.cube())).as("deterministic").isTrue();
    }

    @Test
    void spectraSetsLoadAndHaveNoScene() throws IOException {
        int n = 3248;
        int bands = 145;
        int[] counts = DatasetRegistry.get("Botswana-spectra").expectedCounts();
        double[] y = new double[n];
        int i = 0;
        for (int k = 0; k < counts.length; k++) {
            for (int j = 0; j < counts[k]; j++) {
                y[i++] = k + 1;
            }
        }
        double[] x = columnMajor(n, bands, (r, c) -> 100 + r % 997 + 11 * c);
        Path p = dir.resolve("botswana/labeled_only/BOTSWANA.mat");
        Files.createDirectories(p.getParent());
        Files.write(p, level5(ByteOrder.LITTLE_ENDIAN, true, new Var("X", MX_DOUBLE, new int[]{n, bands}, MI_UINT16, x),
                new Var("Y", MX_DOUBLE, new int[]{n, 1}, MI_UINT8, y)));
        LabeledSpectra s = datasets().loadSpectra("Botswana-spectra");
        assertThat(s.count()).isEqualTo(n);
        assertThat(s.classCounts()).containsExactly(counts);
        assertThat(s.spectra()[7 * bands + 3]).isEqualTo(100 + 7 + 33);
        assertThat(datasets().load("Botswana-spectra")).isInstanceOf(LabeledSpectra.class);
        assertThatThrownBy(() -> datasets().loadScene("Botswana-spectra")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("without pixel positions")
                .hasMessageContaining("Botswana-semisynthetic");
        assertThatThrownBy(() -> datasets().loadScene("Botswana-semisynthetic"))
                .isInstanceOf(MissingDataException.class)
                .hasMessageContaining("ground truth Botswana_gt.mat is missing")
                .hasMessageContaining("hsiq data fetch Botswana-semisynthetic");

        y[n - 1] = 0;
        Files.write(p, level5(ByteOrder.LITTLE_ENDIAN, true, new Var("X", MX_DOUBLE, new int[]{n, bands}, MI_UINT16, x),
                new Var("Y", MX_DOUBLE, new int[]{n, 1}, MI_UINT8, y)));
        assertThatThrownBy(() -> datasets().loadSpectra("Botswana-spectra")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("Y: row 3248 has label 0");
        Files.write(p, level5(ByteOrder.LITTLE_ENDIAN, true,
                new Var("X", MX_DOUBLE, new int[]{n, 144}, MI_UINT16, columnMajor(n, 144, (r, c) -> 1)),
                new Var("Y", MX_DOUBLE, new int[]{n, 1}, MI_UINT8, y)));
        assertThatThrownBy(() -> datasets().loadSpectra("Botswana-spectra")).isInstanceOf(BadFileException.class)
                .hasMessageContaining("X: spectra have 144 bands, Botswana-spectra expects 145");
    }

    @Test
    void statusReportsPresenceAndChecksum() throws IOException {
        writeGt(salinasAGt(), ROWS, COLS);
        DatasetInfo info = DatasetRegistry.get("SalinasA");
        FileStatus gt = datasets().status(info.groundTruth(), true);
        assertThat(gt.present()).isTrue();
        assertThat(gt.shaMatches()).isFalse(); // a fixture, not the canonical bytes
        assertThat(gt.describe()).isEqualTo("sha256 MISMATCH");
        FileStatus cube = datasets().status(info.cube(), true);
        assertThat(cube.present()).isFalse();
        assertThat(cube.describe()).isEqualTo("missing");
        assertThat(datasets().status(info.groundTruth(), false).describe()).isEqualTo("present");
        assertThat(datasets().available("SalinasA-synthetic")).isTrue();
        assertThat(datasets().available("SalinasA")).isFalse();
    }
}
