/*
 * Locates the shared data directory for tests exactly as the command line does
 * (DataDirectory.resolve with no --data), and skips the calling test with a clear reason
 * when the directory or the file it needs is absent.
 */
package dev.hsiq.training.data;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

final class SharedData {

    private SharedData() {
    }

    static DataDirectory directory() {
        return DataDirectory.resolve(null);
    }

    /** The path of a file of the shared data; skips the test if it is not there. */
    static Path require(String relative) {
        DataDirectory dir = directory();
        Path p = dir.file(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), () -> "skipped: " + relative + " not found in data directory "
                + dir + "; set HSIQ_DATA or run from a checkout next to ../shared/data");
        return p;
    }

    static Datasets datasets(String... requiredFiles) {
        for (String f : requiredFiles) {
            require(f);
        }
        return new Datasets(directory());
    }
}
