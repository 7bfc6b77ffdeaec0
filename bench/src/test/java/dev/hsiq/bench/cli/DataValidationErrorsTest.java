/*
 * The data validation of issue 7 item 6 (and issue 2's bad-input cases) as a user meets it,
 * through HsiqMain with fixtures written into @TempDir (no shared data needed): each bad
 * input is one line "hsiq: MESSAGE" with exit code 1, asserted in full.
 *
 *   NaN / Inf in a cube        refused with the file and the place (row, col, band; 0-based
 *                              as SceneFiles reports it)
 *   band count model vs data   classify and eval name both numbers
 *   label out of range         a ground-truth value that is not a class id of the scene,
 *                              with its place
 *   empty class                a class without labeled pixels is named with both counts
 *                              (the splitter's own "has no labeled samples" error for data
 *                              that passes the registry is asserted in StratifiedSplitterTest)
 */
package dev.hsiq.bench.cli;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.training.data.DatasetInfo;
import dev.hsiq.training.data.DatasetRegistry;
import dev.hsiq.training.data.EnviDataType;
import dev.hsiq.training.data.EnviHeader;
import dev.hsiq.training.data.EnviInterleave;
import dev.hsiq.training.data.EnviWriter;
import dev.hsiq.training.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DataValidationErrorsTest {

    static final String SPEC = """
            {"name": "v", "input": "spectrum", "layers": [
              {"type": "dense", "out": 8}, {"type": "act"}, {"type": "dense", "out": "classes"}]}
            """;

    @TempDir
    Path dir;

    /** A float model of SPEC reading {@code bands} bands with {@code classes} classes, trained on nothing. */
    Path model(String name, int bands, int classes) {
        ModelSpec spec = ModelSpec.fromJson(SPEC, "v.json").resolve(classes, null);
        Network net = Network.build(spec, bands, 1);
        float[] low = new float[bands];
        float[] high = new float[bands];
        Arrays.fill(high, 1f);
        List<String> names = DatasetRegistry.get(TrainKillResumeTest.DATASET).classNames().subList(0, classes);
        Path p = dir.resolve(name + ".hsiq");
        ModelFile.write(net.toModel(names, new Normalization(low, high),
                Map.of("dataset", TrainKillResumeTest.DATASET)), p);
        return p;
    }

    /** An ENVI float cube of 2 lines x 3 samples x {@code bands}, values 0.5 but {@code bad} at index {@code at}. */
    Path cube(String name, int bands, int at, float bad) {
        float[] bip = new float[2 * 3 * bands];
        Arrays.fill(bip, 0.5f);
        if (at >= 0) {
            bip[at] = bad;
        }
        Path img = dir.resolve(name + ".img");
        EnviWriter.write(img, EnviHeader.of(3, 2, bands, EnviDataType.FLOAT32, EnviInterleave.BIP), bip);
        return img;
    }

    @Test
    void nanOrInfInACubeIsRefusedWithItsPlace() {
        Path m = model("m4", 4, 2);
        Path nan = cube("nan", 4, (1 * 3 + 0) * 4 + 2, Float.NaN);
        HsiqMainErrorsTest.Run r = HsiqMainErrorsTest.hsiq("classify", "--model", m.toString(), "--scene",
                nan.toString(), "--out", dir.resolve("o1").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("hsiq: nan.img: value NaN at (row 1, col 0, band 2) is not finite");

        Path inf = cube("inf", 4, 5, Float.NEGATIVE_INFINITY);
        HsiqMainErrorsTest.Run s = HsiqMainErrorsTest.hsiq("classify", "--model", m.toString(), "--scene",
                inf.toString(), "--out", dir.resolve("o2").toString());
        assertThat(s.errLines()).containsExactly("hsiq: inf.img: value -Infinity at (row 0, col 1, band 1) is not "
                + "finite");
        assertThat(dir.resolve("o1")).doesNotExist();
    }

    @Test
    void classifyAndEvalNameBothBandCounts() throws IOException {
        Path m = model("m4", 4, 2);
        Path five = cube("five", 5, -1, 0);
        HsiqMainErrorsTest.Run c = HsiqMainErrorsTest.hsiq("classify", "--model", m.toString(), "--scene",
                five.toString(), "--out", dir.resolve("o").toString());
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.errLines()).containsExactly("hsiq: model " + m + " expects 4 bands, but five.img has 5");

        Path data = TrainKillResumeTest.fixture(dir.resolve("data"));
        DatasetInfo info = DatasetRegistry.get(TrainKillResumeTest.DATASET);
        Path m10 = model("m10", 10, info.classNames().size());
        HsiqMainErrorsTest.Run e = HsiqMainErrorsTest.hsiq("eval", "--model", m10.toString(), "--data",
                data.toString(), "--out", dir.resolve("e").toString());
        assertThat(e.exit()).isEqualTo(1);
        assertThat(e.errLines()).containsExactly("hsiq: model " + m10 + " expects 10 bands, but "
                + TrainKillResumeTest.DATASET + " has " + info.bands());
    }

    @Test
    void aLabelThatIsNoClassIdIsRefusedWithItsPlace() throws IOException {
        DatasetInfo info = DatasetRegistry.get(TrainKillResumeTest.DATASET);
        Path data = dir.resolve("data");
        Path gt = TrainKillResumeTest.fixture(data).resolve(info.groundTruth().relativePath());
        rewriteLabel(gt, info, 2, 3, 7); // 7 is not a SalinasA class id
        HsiqMainErrorsTest.Run r = HsiqMainErrorsTest.hsiq("train", "--dataset", TrainKillResumeTest.DATASET,
                "--model", "spectral-cnn", "--data", data.toString(), "--out", dir.resolve("t").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("hsiq: " + gt + ": " + info.groundTruth().variables().get(0)
                + ": value 7 at (row 3, col 4) is not a class id of SalinasA (ids " + Arrays.toString(info.classIds())
                + ")");
    }

    @Test
    void anEmptyClassIsNamedWithBothCounts() throws IOException {
        DatasetInfo info = DatasetRegistry.get(TrainKillResumeTest.DATASET);
        Path data = dir.resolve("data");
        Path gt = TrainKillResumeTest.fixture(data).resolve(info.groundTruth().relativePath());
        int last = info.classIds().length - 1;
        byte[] mat = Files.readAllBytes(gt);
        for (int i = mat.length - info.rows() * info.cols() - 8; i < mat.length; i++) {
            if (mat[i] == (byte) info.classIds()[last]) {
                mat[i] = 0;
            }
        }
        Files.write(gt, mat);
        HsiqMainErrorsTest.Run r = HsiqMainErrorsTest.hsiq("train", "--dataset", TrainKillResumeTest.DATASET,
                "--model", "spectral-cnn", "--data", data.toString(), "--out", dir.resolve("t").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.errLines()).containsExactly("hsiq: " + gt + ": " + info.groundTruth().variables().get(0)
                + ": class " + info.classIds()[last] + " " + info.classNames().get(last) + " has 0 labeled pixels, "
                + "the canonical SalinasA data has " + info.expectedCounts()[last] + " (not the canonical file?)");
    }

    /** Sets the 0-based pixel (r, c) of the fixture's column-major uint8 map to {@code value}. */
    static void rewriteLabel(Path gt, DatasetInfo info, int r, int c, int value) throws IOException {
        byte[] mat = Files.readAllBytes(gt);
        int cells = info.rows() * info.cols();
        int dataStart = mat.length - ((cells + 7) / 8 * 8);
        mat[dataStart + r + c * info.rows()] = (byte) value;
        Files.write(gt, mat);
    }
}
