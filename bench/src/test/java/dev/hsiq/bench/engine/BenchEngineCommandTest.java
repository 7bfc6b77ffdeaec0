/*
 * `hsiq bench engine` end to end on a small patch-cnn (16 bands, 4 classes, batches of 16):
 * the JSON holds one patch and one scene record for 1 thread with positive rates, and with
 * --steps one record per step of each plan (input stage + every layer) in each mode, whose
 * shares add up to 1 per plan and mode. --rounds and --warmup set the timing (recorded in each
 * record's env) and are checked before anything runs.
 */
package dev.hsiq.bench.engine;

import dev.hsiq.bench.cli.HsiqMain;
import dev.hsiq.engine.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchEngineCommandTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void writesSpeedRecordsAndTheTimeOfEachStep() throws Exception {
        Path out = dir.resolve("bench.json");
        StringWriter err = new StringWriter();
        int exit = HsiqMain.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "bench", "engine",
                "--model", "patch-cnn", "--bands", "16", "--classes", "4", "--batch", "16", "--quick", "--steps",
                "--out", out.toString());
        assertThat(exit).as(err.toString()).isZero();
        List<Map<String, Object>> records = (List<Map<String, Object>>) Json.parse(Files.readString(out));
        List<Map<String, Object>> speed = records.stream().filter(r -> !"steps".equals(r.get("mode"))).toList();
        assertThat(speed).extracting(r -> r.get("mode")).containsExactly("patch", "scene");
        assertThat(speed).allSatisfy(r -> {
            assertThat(((Number) r.get("patches_per_s")).doubleValue()).isPositive();
            assertThat(((Number) r.get("float_patches_per_s")).doubleValue()).isPositive();
            assertThat(r.get("labels_identical")).isEqualTo(true);
            assertThat(((Number) r.get("warmup_s")).doubleValue()).isGreaterThanOrEqualTo(3.0);
        });
        List<Map<String, Object>> steps = records.stream().filter(r -> "steps".equals(r.get("mode"))).toList();
        for (String plan : List.of("quantized", "float")) {
            for (String run : List.of("patch", "scene")) {
                List<Map<String, Object>> rows = steps.stream()
                        .filter(r -> plan.equals(r.get("plan")) && run.equals(r.get("run"))).toList();
                assertThat(rows).as(plan + " " + run).isNotEmpty();
                assertThat(rows.get(0).get("step")).isEqualTo("input");
                assertThat(rows).extracting(r -> r.get("step")).contains("conv1", "fc2");
                String key = run.equals("patch") ? "us_per_patch" : "ms_per_scene";
                assertThat(rows).allSatisfy(r -> assertThat(((Number) r.get(key)).doubleValue()).isNotNegative());
                double shares = rows.stream().mapToDouble(r -> ((Number) r.get("share")).doubleValue()).sum();
                assertThat(shares).as(plan + " " + run).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void roundsAndWarmupSetTheTimingAndAreRecorded() throws Exception {
        Path out = dir.resolve("rounds.json");
        StringWriter err = new StringWriter();
        int exit = HsiqMain.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "bench", "engine",
                "--model", "patch-cnn", "--bands", "16", "--classes", "4", "--batch", "16", "--rounds", "3",
                "--warmup", "0", "--out", out.toString());
        assertThat(exit).as(err.toString()).isZero();
        List<Map<String, Object>> records = (List<Map<String, Object>>) Json.parse(Files.readString(out));
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(((Map<String, Object>) r.get("env")).get("timing"))
                .asString().contains("after 0 s warm-up, median of 3 rounds"));
    }

    @Test
    void impossibleRoundsOrWarmupAreOneLineErrorsNamingTheOption() {
        for (String[] bad : new String[][]{{"--rounds", "0"}, {"--warmup", "-1"}}) {
            Path out = dir.resolve("bad.json");
            StringWriter err = new StringWriter();
            int exit = HsiqMain.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "bench",
                    "engine", "--model", "spectral-cnn", "--bands", "12", "--classes", "3", bad[0], bad[1],
                    "--out", out.toString());
            assertThat(exit).isNotZero();
            assertThat(err.toString()).contains(bad[0] + " " + bad[1]);
            assertThat(out).doesNotExist();
        }
    }
}
