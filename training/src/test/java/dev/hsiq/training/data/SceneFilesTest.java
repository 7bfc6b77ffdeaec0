package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.hsiq.training.data.MatFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SceneFilesTest {

    @TempDir
    Path dir;

    @Test
    void loadsUnlabeledScenesFromEnviAndMat() throws IOException {
        float[] bip = new float[2 * 3 * 4];
        for (int i = 0; i < bip.length; i++) {
            bip[i] = i;
        }
        Path img = dir.resolve("scene.img");
        EnviWriter.write(img, EnviHeader.of(3, 2, 4, EnviDataType.FLOAT32, EnviInterleave.BIL), bip);
        Scene s = SceneFiles.load(img, null);
        assertThat(s.cube()).containsExactly(bip);
        assertThat(s.hasGroundTruth()).isFalse();
        assertThat(s.classCount()).isZero();
        assertThat(s.provenance()).isEqualTo("scene file " + img);
        assertThat(s.isStandIn()).isFalse();

        double[] v = new double[2 * 3 * 4];
        for (int b = 0; b < 4; b++) {
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < 2; r++) {
                    v[r + 2 * (c + 3 * b)] = (r * 3 + c) * 4 + b;
                }
            }
        }
        Path mat = dir.resolve("scene.mat");
        Files.write(mat, level5(ByteOrder.LITTLE_ENDIAN, true,
                new Var("gt", MX_DOUBLE, new int[]{2, 3}, MI_UINT8, new double[6]),
                new Var("cube", MX_DOUBLE, new int[]{2, 3, 4}, MI_DOUBLE, v)));
        assertThat(SceneFiles.load(mat, null).cube()).containsExactly(bip);
        assertThat(SceneFiles.load(mat, "cube").cube()).containsExactly(bip);

        Path two = dir.resolve("two.mat");
        Files.write(two, level5(ByteOrder.LITTLE_ENDIAN, false,
                new Var("a", MX_DOUBLE, new int[]{2, 3, 4}, MI_DOUBLE, v),
                new Var("b", MX_DOUBLE, new int[]{2, 3, 4}, MI_DOUBLE, v)));
        assertThatThrownBy(() -> SceneFiles.load(two, null)).isInstanceOf(BadFileException.class)
                .hasMessageContaining("several rows x cols x bands variables; name one (variables: a (double 2x3x4), "
                        + "b (double 2x3x4))");
    }

    @Test
    void emptyCubesAreRefusedBeforeTheirLabelsAreAllocated() throws IOException {
        // 40000 x 40000 x 0 holds no value, but its labels would take 6.4 GB (and 100000 x 100000
        // overflows an int): found in review, kept as a regression test
        for (int side : new int[]{40_000, 100_000}) {
            Path mat = dir.resolve("empty" + side + ".mat");
            Files.write(mat, level5(ByteOrder.LITTLE_ENDIAN, true,
                    new Var("cube", MX_DOUBLE, new int[]{side, side, 0}, MI_DOUBLE, new double[0])));
            assertThatThrownBy(() -> SceneFiles.load(mat, "cube")).isInstanceOf(BadInputException.class)
                    .hasMessage("empty" + side + ".mat: scene size " + side + " x " + side + " x 0 must be positive "
                            + "(an empty array is not an image)");
        }
    }

    @Test
    void nonFiniteSamplesOfAFloatImageAreRefusedWithTheirPlace() {
        float[] bip = new float[2 * 3 * 4];
        bip[(1 * 3 + 2) * 4 + 1] = Float.POSITIVE_INFINITY;
        Path img = dir.resolve("inf.img");
        EnviWriter.write(img, EnviHeader.of(3, 2, 4, EnviDataType.FLOAT32, EnviInterleave.BSQ), bip);
        assertThatThrownBy(() -> SceneFiles.load(img, null)).isInstanceOf(BadInputException.class)
                .hasMessage("inf.img: value Infinity at (row 1, col 2, band 1) is not finite");
    }
}
