/* Atomic writing: a failed write leaves neither the target nor a temporary file; size limit on read. */
package dev.hsiq.engine.io;

import dev.hsiq.engine.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFileWriteTest {

    private static List<Path> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void failedMoveLeavesNoFileAndNoTemporary(@TempDir Path dir) throws IOException {
        // the target is a non-empty directory: the temp file is written, the atomic move fails
        Path target = dir.resolve("model.hsiq");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "x");
        Model m = ModelFileCorruptionTest.tinyModel();
        assertThatThrownBy(() -> ModelFile.write(m, target)).isInstanceOf(dev.hsiq.engine.error.HsiqException.class).hasMessageContaining("cannot write");
        assertThat(list(dir)).containsExactly(target);
        assertThat(list(target)).containsExactly(target.resolve("keep.txt"));
    }

    @Test
    void failedEncodingCreatesNothing(@TempDir Path dir) throws IOException {
        Model bad = dev.hsiq.engine.testing.TestModels.withMetadata(ModelFileCorruptionTest.tinyModel(),
                Map.of("not json", new Object()));
        assertThatThrownBy(() -> ModelFile.write(bad, dir.resolve("m.hsiq"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot write java.lang.Object as JSON");
        assertThat(list(dir)).isEmpty();
    }

    @Test
    void failedWriteKeepsTheOldFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("m.hsiq");
        Model m = ModelFileCorruptionTest.tinyModel();
        ModelFile.write(m, target);
        byte[] before = Files.readAllBytes(target);
        Model bad = dev.hsiq.engine.testing.TestModels.withMetadata(m, Map.of("x", new Object()));
        assertThatThrownBy(() -> ModelFile.write(bad, target)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(target)).isEqualTo(before);
        assertThat(list(dir)).containsExactly(target);
    }

    @Test
    void missingDirectoriesAreCreated(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("no/such/m.hsiq");
        ModelFile.write(ModelFileCorruptionTest.tinyModel(), target);
        assertThat(ModelFile.read(target)).isEqualTo(ModelFileCorruptionTest.tinyModel());
        assertThat(list(target.getParent())).containsExactly(target);
    }

    @Test
    void unwritableDirectoryFailsCleanly(@TempDir Path dir) throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a directory");
        assertThatThrownBy(() -> ModelFile.write(ModelFileCorruptionTest.tinyModel(), blocker.resolve("m.hsiq")))
                .isInstanceOf(dev.hsiq.engine.error.HsiqException.class).hasMessageContaining("cannot write");
        assertThat(list(dir)).containsExactly(blocker);
    }

    @Test
    void missingFilesAndDirectoriesAreNamed(@TempDir Path dir) {
        Path absent = dir.resolve("runs/absent.hsiq");
        assertThatThrownBy(() -> ModelFile.read(absent)).isExactlyInstanceOf(dev.hsiq.engine.error.HsiqException.class)
                .hasMessage(absent + ": no such model file");
        assertThatThrownBy(() -> ModelFile.read(dir)).isInstanceOf(ModelFileException.class)
                .hasMessage(dir + ": is a directory, not a .hsiq model file");
    }

    @Test
    void oversizedFilesAreRejectedBeforeReading(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.hsiq");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ModelFile.MAX_FILE_BYTES + 1);   // sparse: no disk space used
        }
        assertThatThrownBy(() -> ModelFile.read(big)).isInstanceOf(ModelFileException.class)
                .hasMessage("big.hsiq: file has 1073741825 bytes, more than the 1073741824 a model file may have");
    }
}
