package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
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
}
