package dev.hsiq.training.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void resolvesInTheDocumentedOrder() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("repo/training"));
        Path root = tmp.resolve("repo");
        Path option = tmp.resolve("mine");
        // 1. --data wins over everything
        assertThat(DataDirectory.resolve(option, "/env/data", work, root).path()).isEqualTo(option);
        assertThat(DataDirectory.resolve(option, "/env/data", work, root).source()).isEqualTo("--data");
        // 2. then $HSIQ_DATA
        DataDirectory env = DataDirectory.resolve(null, tmp.resolve("env").toString(), work, root);
        assertThat(env.path()).isEqualTo(tmp.resolve("env"));
        assertThat(env.source()).isEqualTo("$HSIQ_DATA");
        // 5. nothing exists: ./data
        DataDirectory fallback = DataDirectory.resolve(null, " ", work, root);
        assertThat(fallback.path()).isEqualTo(work.resolve("data"));
        assertThat(fallback.source()).startsWith("./data");
        // 4. ../shared/data relative to the repository root
        Path shared = Files.createDirectories(tmp.resolve("shared/data"));
        DataDirectory fromRoot = DataDirectory.resolve(null, null, work, root);
        assertThat(fromRoot.path()).isEqualTo(shared);
        assertThat(fromRoot.source()).contains("repository root");
        // 3. ../shared/data relative to the working directory comes first
        Path nearer = Files.createDirectories(tmp.resolve("repo/shared/data"));
        assertThat(DataDirectory.resolve(null, null, work, root).path()).isEqualTo(nearer);
        // relative --data is taken against the working directory
        assertThat(DataDirectory.resolve(Path.of("x"), null, work, root).path()).isEqualTo(work.resolve("x"));
    }

    @Test
    void repositoryRootComesFromThePropertyOrTheClassLocation() {
        String old = System.getProperty("hsiq.root");
        try {
            System.setProperty("hsiq.root", tmp.toString());
            assertThat(DataDirectory.repositoryRoot()).isEqualTo(tmp);
            System.clearProperty("hsiq.root");
            Path found = DataDirectory.repositoryRoot();
            // Tests run from training/target/classes inside the checkout, which has pom.xml and ./hsiq.
            assertThat(found).isNotNull();
            assertThat(found.resolve("hsiq")).isRegularFile();
            assertThat(found.resolve("training/pom.xml")).isRegularFile();
        } finally {
            if (old == null) {
                System.clearProperty("hsiq.root");
            } else {
                System.setProperty("hsiq.root", old);
            }
        }
    }
}
