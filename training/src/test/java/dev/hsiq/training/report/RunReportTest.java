/* report.json of a run: the fields scripts rely on, and reading it back for caches. */
package dev.hsiq.training.report;

import dev.hsiq.engine.json.Json;
import dev.hsiq.training.protocol.ConfusionMatrix;
import dev.hsiq.training.protocol.EvaluationMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunReportTest {

    static RunReport sample() {
        ConfusionMatrix cm = ConfusionMatrix.of(3, new int[]{0, 0, 1, 2, 2, 2}, new int[]{0, 1, 1, 2, 2, 0});
        EvaluationMetrics m = cm.metrics(List.of("a", "b", "c"));
        return new RunReport("D", "canonical", "spectral-cnn", "2/1", "tanh", 8, 0.1, 3, 10, 6, m, 50, 12.5, 1234,
                400, 4936, 400, Map.of("note", "x"));
    }

    @Test
    void jsonRoundTripKeepsEveryField(@TempDir Path dir) throws Exception {
        RunReport r = sample();
        r.write(dir);
        Map<String, Object> json = Json.parseObject(Files.readString(dir.resolve("report.json")));
        assertThat(json).containsEntry("bits", "2/1").containsEntry("grad", "tanh").containsEntry("memory_ratio", 12.34)
                .containsEntry("weight_bytes_packed", 400L).containsEntry("note", "x");
        RunReport back = RunReport.fromJson(json, "report.json");
        assertThat(back.metrics().oa()).isEqualTo(r.metrics().oa());
        assertThat(back.metrics().kappa()).isEqualTo(r.metrics().kappa());
        assertThat(back.metrics().confusion()).isDeepEqualTo(r.metrics().confusion());
        assertThat(back.metrics().perClass()).isEqualTo(r.metrics().perClass());
        assertThat(Json.write(back.toJson())).isEqualTo(Json.write(r.toJson()));
        assertThat(Files.readString(dir.resolve("report.md"))).contains("| 66.67 |").contains("Quantization: bits 2/1");
    }
}
