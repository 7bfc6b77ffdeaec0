/*
 * The reproduction end to end on the real Botswana labeled spectra (../shared/data; the test
 * is skipped where that file is absent), with a small plan (4 configurations, few epochs):
 * a run writes report.md, report.json with the documented fields, and valid PNG plots; a
 * second run reads every model from the cache (an interrupted reproduction resumes the same
 * way) and reports the same accuracy. Through the command line: a dataset without its files
 * is skipped with a line saying how to get it; bad options are one-line errors.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.bench.cli.HsiqMain;
import dev.hsiq.engine.json.Json;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.training.data.DataDirectory;
import dev.hsiq.training.data.Datasets;
import dev.hsiq.training.quant.GradientMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class ReproduceCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run hsiq(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HsiqMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * A small plan over the real Botswana spectra: float, 2/1 with both gradients, 2/1 with 8-bit
     * first-layer weights, the LSQ clip and an 8-bit first activation, 1/1; few epochs.
     */
    static ReproducePlan smallPlan() {
        List<ReproducePlan.Config> configs = List.of(ReproducePlan.Config.FLOAT,
                new ReproducePlan.Config("2/1", GradientMode.CONSTANT, 8),
                new ReproducePlan.Config("2/1", GradientMode.TANH, 8),
                new ReproducePlan.Config("2/1", GradientMode.CONSTANT, 8, WeightFormat.parse("8")).withFirstActivation(8),
                new ReproducePlan.Config("1/1", GradientMode.CONSTANT, 8));
        return new ReproducePlan("test", List.of(1L), List.of(
                new ReproducePlan.Study("Botswana-spectra", "spectral-cnn", 0.1, 4, 2, 0, configs, false)));
    }

    static List<ConfigResult> reproduce(Path out, StringWriter log) {
        Datasets shared = new Datasets(DataDirectory.resolve(null));
        ReproduceProgress progress = new ReproduceProgress(new PrintWriter(log, true), false);
        return new Reproduction(smallPlan(), shared, out, progress,
                new EngineSpeed.Budget(200_000_000L, 3, 1, 1)).run(Instant.now());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunWritesTheReportAndARerunResumesFromItsCache(@TempDir Path dir) throws Exception {
        Datasets shared = new Datasets(DataDirectory.resolve(null));
        assumeThat(shared.available("Botswana-spectra")).as("Botswana labeled spectra in the data directory").isTrue();
        Path out = dir.resolve("rep");
        StringWriter log = new StringWriter();
        List<ConfigResult> rows = reproduce(out, log);
        assertThat(rows).hasSize(5);
        assertThat(log.toString()).contains("Botswana-spectra spectral-cnn 2/1 tanh seed 1: OA ")
                .doesNotContain("(cached)").doesNotContain("measuring in this JVM");

        Map<String, Object> report = Json.parseObject(Files.readString(out.resolve("report.json")));
        List<Map<String, Object>> results = (List<Map<String, Object>>) report.get("results");
        assertThat(results).hasSize(5);
        for (Map<String, Object> r : results) {
            assertThat(r).containsKeys("oa", "aa", "kappa", "memory_ratio", "speedup", "patches_per_s", "scene_ms",
                    "bits", "grad", "seeds");
            double oa = ((Number) ((Map<String, Object>) r.get("oa")).get("mean")).doubleValue();
            assertThat(oa).isBetween(0.2, 1.0);
            assertThat(((Number) r.get("patches_per_s")).doubleValue()).isPositive();
            assertThat(((Number) r.get("speedup")).doubleValue()).isPositive();
        }
        Map<String, Object> twoOne = results.stream()
                .filter(r -> "2/1".equals(r.get("bits")) && "constant".equals(r.get("grad")) && r.get("first_layer") == null)
                .findFirst().orElseThrow();
        assertThat(((Number) twoOne.get("memory_ratio")).doubleValue()).isGreaterThan(10);
        Map<String, Object> firstLayer = results.stream().filter(r -> "8".equals(r.get("first_layer"))).findFirst()
                .orElseThrow();
        assertThat(firstLayer.get("bits")).isEqualTo("2/1");
        assertThat(firstLayer.get("first_activation")).isEqualTo(8L);
        assertThat(twoOne.get("first_activation")).isNull();
        // 8-bit first-layer weights weigh more than binary ones
        assertThat(((Number) firstLayer.get("memory_ratio")).doubleValue())
                .isLessThan(((Number) twoOne.get("memory_ratio")).doubleValue());
        assertThat((List<Object>) report.get("claims")).isNotEmpty();

        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## Botswana-spectra", "| 2/1 | tanh |", "| 2/1 (8-bit first layer, LSQ, EWGS 0.05, 8-bit first activation) | constant |",
                "verdict", "Machine:");
        List<String> plots = (List<String>) report.get("plots");
        assertThat(plots).hasSize(2);
        for (String p : plots) {
            BufferedImage image = ImageIO.read(out.resolve(p).toFile());
            assertThat(image).as(p).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(100);
        }

        StringWriter log2 = new StringWriter();
        List<ConfigResult> again = reproduce(out, log2);
        assertThat(log2.toString().lines().filter(l -> l.endsWith("(cached)")).count()).isEqualTo(5);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(again.get(i).accuracy().oa().mean()).isEqualTo(rows.get(i).accuracy().oa().mean());
        }
    }

    @Test
    void aDatasetWithoutItsFilesIsSkippedWithAHint(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("data"));
        Run r = hsiq("reproduce", "--quick", "--only", "PaviaU", "--data", empty.toString(), "--out",
                dir.resolve("rep").toString(), "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipping PaviaU: ").contains("hsiq data fetch PaviaU");
        String md = Files.readString(dir.resolve("rep/report.md"));
        assertThat(md).contains("Skipped: PaviaU");
    }

    @Test
    void unknownOrForeignDatasetsAreOneLineErrors(@TempDir Path dir) {
        Run r = hsiq("reproduce", "--only", "Nope", "--out", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("hsiq: --only Nope: no such dataset (see 'hsiq data list')");
        Run s = hsiq("reproduce", "--only", "KSC", "--out", dir.toString());
        assertThat(s.exit()).isEqualTo(1);
        assertThat(s.err()).startsWith("hsiq: --only KSC: not part of the reproduction");
        Run z = hsiq("reproduce", "--seeds", "0", "--out", dir.toString());
        assertThat(z.exit()).isEqualTo(1);
        assertThat(z.err()).contains("--seeds 0 must be between 1 and 100");
    }
}
