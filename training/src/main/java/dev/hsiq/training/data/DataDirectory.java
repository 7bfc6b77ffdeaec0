/*
 * Where the data files live. Resolution order (first that applies wins):
 *   1. --data DIR given on the command line;
 *   2. the environment variable HSIQ_DATA, if set and non-empty;
 *   3. ../shared/data relative to the working directory, if it is a directory;
 *   4. ../shared/data relative to the repository root, if that is a directory; the root
 *      is the system property hsiq.root if set, else found from where these classes were
 *      loaded (the nearest ancestor directory holding both pom.xml and the hsiq launcher);
 *   5. ./data relative to the working directory (whether or not it exists yet).
 * Under it the layout is the shared one: indian_pines/Indian_pines_gt.mat,
 * indian_pines/labeled_only/INDIANPINES.mat, ...; downloaded cubes go next to their gt.
 */
package dev.hsiq.training.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

public record DataDirectory(Path path, String source) {

    public DataDirectory {
        path = path.toAbsolutePath().normalize();
    }

    /** A data directory given explicitly (tests, embedding code). */
    public static DataDirectory of(Path dir) {
        return new DataDirectory(dir, "given");
    }

    /** Resolves as the command line does, with {@code option} the --data value or null. */
    public static DataDirectory resolve(Path option) {
        return resolve(option, System.getenv("HSIQ_DATA"), Path.of("").toAbsolutePath(), repositoryRoot());
    }

    /** The resolution rule with every input explicit (testable). */
    public static DataDirectory resolve(Path option, String env, Path workingDir, Path repositoryRoot) {
        if (option != null) {
            return new DataDirectory(workingDir.resolve(option), "--data");
        }
        if (env != null && !env.isBlank()) {
            return new DataDirectory(workingDir.resolve(env.strip()), "$HSIQ_DATA");
        }
        Path shared = workingDir.resolve("../shared/data");
        if (Files.isDirectory(shared)) {
            return new DataDirectory(shared, "../shared/data");
        }
        if (repositoryRoot != null) {
            Path fromRoot = repositoryRoot.resolve("../shared/data");
            if (Files.isDirectory(fromRoot)) {
                return new DataDirectory(fromRoot, "../shared/data from the repository root " + repositoryRoot
                        .toAbsolutePath().normalize());
            }
        }
        return new DataDirectory(workingDir.resolve("data"), "./data (default)");
    }

    /** The repository root: system property hsiq.root, else found from the class location, else null. */
    public static Path repositoryRoot() {
        String prop = System.getProperty("hsiq.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        try {
            CodeSource cs = DataDirectory.class.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                return null;
            }
            Path p = Path.of(cs.getLocation().toURI()).toAbsolutePath();
            for (int i = 0; i < 6 && p != null; i++, p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("hsiq"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
        return null;
    }

    /** A path inside the data directory ('/'-separated relative path). */
    public Path file(String relative) {
        return path.resolve(relative);
    }

    public boolean exists() {
        return Files.isDirectory(path);
    }

    @Override
    public String toString() {
        return path + " (" + source + ")";
    }
}
