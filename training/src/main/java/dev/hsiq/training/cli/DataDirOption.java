/*
 * The --data option shared by every command that reads datasets (picocli mixin):
 * `@Mixin DataDirOption data;` then `data.datasets()`. Without --data the directory is
 * resolved as DataDirectory documents ($HSIQ_DATA, ../shared/data, ./data).
 */
package dev.hsiq.training.cli;

import dev.hsiq.training.data.DataDirectory;
import dev.hsiq.training.data.Datasets;
import picocli.CommandLine.Option;

import java.nio.file.Path;

public final class DataDirOption {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory (default: $HSIQ_DATA, else ../shared/data, else ./data).")
    Path dir;

    public Path value() {
        return dir;
    }

    public DataDirectory resolve() {
        return DataDirectory.resolve(dir);
    }

    public Datasets datasets() {
        return new Datasets(resolve());
    }
}
