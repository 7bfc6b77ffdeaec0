/* The outcome of a training run: the model to save and the report of its test scores. */
package dev.hsiq.training.run;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.training.report.RunReport;

import java.nio.file.Path;

public record TrainedModel(Model model, RunReport report) {

    /** Writes DIR/model.hsiq, DIR/report.json and DIR/report.md, each atomically. */
    public void write(Path dir) {
        ModelFile.write(model, dir.resolve("model.hsiq"));
        report.write(dir);
    }
}
