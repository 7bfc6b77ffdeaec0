/*
 * A bad JSON model spec given to the command line (`--model FILE.json`) ends in one line
 * "hsiq: FILE...: PROBLEM" naming the file once, exit code 1 and no stack trace: malformed
 * JSON, an unknown layer type, a field out of range. (JsonException is an HsiqException.)
 * The spec is checked before any dataset is read, so no data is needed.
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.engine.json.JsonException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BadSpecCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "truncated | {\"layers\": [{\"type\": \"conv1d\", \"out\": 4, \"kernel\": 3}, | JSON: expected a value at offset",
            "unknown-layer | {\"layers\": [{\"type\": \"conv3d\"}]} | layers[0]: unknown layer type 'conv3d'",
            "bad-patch | {\"input\": \"patch\", \"patch_size\": 0, \"layers\": []} | field 'patch_size' must be an integer in 1..255",
            "not-an-object | [1, 2] | expected a JSON object at the top level"})
    void aBadSpecIsOneLineNamingTheFile(String name, String json, String problem) throws IOException {
        Path spec = dir.resolve(name + ".json");
        Files.writeString(spec, json);
        var run = TrainEvalClassifyCommandTest.run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model",
                spec.toString(), "--data", dir.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
        String line = run.err().lines().findFirst().orElseThrow();
        assertThat(line).startsWith("hsiq: " + spec).contains(problem);
        assertThat(line.indexOf(spec.toString())).as("the file is named once").isEqualTo(line.lastIndexOf(spec.toString()));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @org.junit.jupiter.api.Test
    void jsonExceptionIsAProjectException() {
        assertThat(new JsonException("x.json: field 'a' must be a number")).isInstanceOf(HsiqException.class)
                .isNotInstanceOf(IllegalArgumentException.class);
    }
}
