/*
 * End-to-end runs of `hsiq train`, `hsiq eval` and `hsiq classify` on tiny configurations
 * of the real shared data (skipped with the reason when it is absent): a small spectral
 * network on Botswana-spectra and a small patch network on the SalinasA-synthetic stand-in
 * scene, plus the one-line errors for bad input.
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.json.Json;
import dev.hsiq.engine.model.Model;
import dev.hsiq.training.data.DataDirectory;
import dev.hsiq.training.data.LabeledData;
import dev.hsiq.training.protocol.Split;
import dev.hsiq.training.protocol.StratifiedSplitter;
import dev.hsiq.training.run.Evaluator;
import dev.hsiq.training.run.ModelInfo;
import dev.hsiq.training.run.Predictors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainEvalClassifyCommandTest {

    static final String TINY_SPECTRAL = """
            {"name": "tiny-spectral", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 4, "kernel": 7},
              {"type": "batchnorm"}, {"type": "act"}, {"type": "maxpool1d", "kernel": 4},
              {"type": "dense", "out": 16}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}
            """;

    static final String TINY_PATCH = """
            {"name": "tiny-patch", "input": "patch", "patch_size": 3, "layers": [
              {"type": "conv2d", "out": 8, "kernel": 3},
              {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}
            """;

    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void sharedData() {
        DataDirectory shared = DataDirectory.resolve(null);
        Assumptions.assumeTrue(Files.isRegularFile(shared.file("botswana/labeled_only/BOTSWANA.mat"))
                        && Files.isRegularFile(shared.file("salinas_a/SalinasA_gt.mat")),
                () -> "skipped: shared data not found at " + shared);
        data = shared.path();
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.create(command, args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path spec(String name, String json) throws IOException {
        Path p = dir.resolve(name + ".json");
        Files.writeString(p, json);
        return p;
    }

    /** OA of the test oracle (Predictors.oracle: the pre-engine eval path) on the model's recorded test split. */
    static double oracleOa(Path modelFile, Path dataDir) throws IOException {
        Model model = ModelFile.read(modelFile);
        ModelInfo info = ModelInfo.of(model);
        LabeledData d = TrainCommand.load(dataOption(dataDir), info.dataset(), model.spec());
        Split split = StratifiedSplitter.split(d, info.splitSpec());
        assertThat(split.fingerprintHex()).isEqualTo(info.splitFingerprint());
        return Evaluator.evaluate(Predictors.oracle(model), model.spec(), d, split.test()).oa();
    }

    static DataDirOption dataOption(Path dataDir) {
        DataDirOption o = new DataDirOption();
        o.dir = dataDir;
        return o;
    }

    @Test
    void trainEvalAndClassifyASpectralModel() throws IOException {
        Path out = dir.resolve("spectral");
        Run t = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec("s", TINY_SPECTRAL).toString(),
                "--train-ratio", "0.1", "--seed", "3", "--epochs", "3", "--data", data.toString(), "--quiet",
                "--out", out.toString());
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.out()).contains("tiny-spectral on Botswana-spectra (fp32): OA ");

        Map<String, Object> report = Json.parseObject(Files.readString(out.resolve("report.json")));
        assertThat(report).containsKeys("dataset", "model", "bits", "train_ratio", "seed", "n_train", "n_test", "oa",
                "aa", "kappa", "per_class", "confusion", "epochs", "train_seconds", "params", "weight_bytes");
        assertThat(report.get("bits")).isEqualTo("fp32");
        assertThat(report.get("n_train")).isEqualTo(326L);
        assertThat(report.get("n_test")).isEqualTo(2922L);
        assertThat(((Number) report.get("oa")).doubleValue()).isBetween(0.2, 1.0);
        assertThat(Files.readString(out.resolve("report.md"))).contains("| OA | AA | kappa");
        Model m = ModelFile.read(out.resolve("model.hsiq"));
        assertThat(m.bands()).isEqualTo(145);
        assertThat(m.classes()).isEqualTo(14);

        // eval rebuilds the training split from the model file and reproduces the report's scores
        Path ev = dir.resolve("spectral-eval");
        Run e = run(new EvalCommand(), "--model", out.resolve("model.hsiq").toString(), "--data", data.toString(),
                "--out", ev.toString());
        assertThat(e.exit()).as(e.err()).isZero();
        Map<String, Object> evalReport = Json.parseObject(Files.readString(ev.resolve("report.json")));
        assertThat(evalReport.get("oa")).isEqualTo(report.get("oa"));
        assertThat(evalReport.get("same_split_as_training")).isEqualTo(Boolean.TRUE);
        // the compiled engine eval now runs scores what the training network (the old eval path) scores
        assertThat(((Number) evalReport.get("oa")).doubleValue()).isEqualTo(oracleOa(out.resolve("model.hsiq"), data));
        Run e1 = run(new EvalCommand(), "--model", out.resolve("model.hsiq").toString(), "--data", data.toString(),
                "--threads", "1", "--out", dir.resolve("spectral-eval-1").toString());
        assertThat(e1.exit()).as(e1.err()).isZero();
        assertThat(Json.parseObject(Files.readString(dir.resolve("spectral-eval-1/report.json"))).get("oa"))
                .isEqualTo(evalReport.get("oa"));
        Run zero = run(new EvalCommand(), "--model", out.resolve("model.hsiq").toString(), "--data", data.toString(),
                "--threads", "0", "--out", dir.resolve("spectral-eval-0").toString());
        assertThat(zero.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(zero.err()).isEqualTo("hsiq: --threads 0 must be at least 1" + System.lineSeparator());

        // a scene with another band count is refused with both numbers
        Run c = run(new ClassifyCommand(), "--model", out.resolve("model.hsiq").toString(), "--scene",
                "SalinasA-synthetic", "--data", data.toString(), "--out", dir.resolve("bad").toString());
        assertThat(c.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(c.err()).startsWith("hsiq: ").contains("204").contains("145");
    }

    @Test
    void trainAndClassifyAPatchModelOnAStandInScene() throws IOException {
        Path out = dir.resolve("patch");
        Run t = run(new TrainCommand(), "--dataset", "SalinasA-synthetic", "--model", spec("p", TINY_PATCH).toString(),
                "--seed", "1", "--epochs", "2", "--data", data.toString(), "--quiet", "--out", out.toString());
        assertThat(t.exit()).as(t.err()).isZero();
        Map<String, Object> report = Json.parseObject(Files.readString(out.resolve("report.json")));
        assertThat(report.get("train_ratio")).isEqualTo(0.05);
        assertThat((String) report.get("provenance")).contains("stand-in");

        Path map = dir.resolve("patch-map");
        Run c = run(new ClassifyCommand(), "--model", out.resolve("model.hsiq").toString(), "--scene",
                "SalinasA-synthetic", "--data", data.toString(), "--out", map.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("classified 83 x 86 pixels of SalinasA-synthetic").contains("dense scene pass");

        // eval on the compiled engine scores what the training network (the old eval path) scores
        Path ev = dir.resolve("patch-eval");
        Run e = run(new EvalCommand(), "--model", out.resolve("model.hsiq").toString(), "--data", data.toString(),
                "--threads", "2", "--out", ev.toString());
        assertThat(e.exit()).as(e.err()).isZero();
        Map<String, Object> evalReport = Json.parseObject(Files.readString(ev.resolve("report.json")));
        assertThat(evalReport.get("oa")).isEqualTo(report.get("oa"));
        assertThat(((Number) evalReport.get("oa")).doubleValue()).isEqualTo(oracleOa(out.resolve("model.hsiq"), data));
        assertThat(map.resolve("classmap.png")).isRegularFile();
        assertThat(map.resolve("groundtruth.png")).isRegularFile();
        assertThat(map.resolve("classmap.hdr")).content().contains("ENVI Classification");
    }

    @Test
    void badInputGetsOneLineErrors() throws IOException {
        Run unknown = run(new TrainCommand(), "--dataset", "IndianPinez", "--model", "spectral-cnn", "--data",
                data.toString(), "--out", dir.resolve("x").toString());
        assertThat(unknown.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(unknown.err()).startsWith("hsiq: unknown dataset 'IndianPinez'").contains("IndianPines-spectra");
        assertThat(unknown.err().lines().count()).isEqualTo(1);

        Run patchOnSpectra = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", "patch-cnn",
                "--data", data.toString(), "--out", dir.resolve("y").toString());
        assertThat(patchOnSpectra.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(patchOnSpectra.err()).contains("Botswana-spectra").contains("pixel positions");

        Run badRatio = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", "spectral-cnn",
                "--train-ratio", "1.5", "--data", data.toString(), "--out", dir.resolve("z").toString());
        assertThat(badRatio.err()).startsWith("hsiq: --train-ratio 1.5 must be between 0 and 1");

        Path corrupt = dir.resolve("corrupt.hsiq");
        Files.write(corrupt, new byte[]{1, 2, 3});
        Run badModel = run(new EvalCommand(), "--model", corrupt.toString(), "--data", data.toString(), "--out",
                dir.resolve("w").toString());
        assertThat(badModel.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(badModel.err()).startsWith("hsiq: ").contains("corrupt.hsiq");

        Path badSpec = spec("bad", "{\"layers\": [{\"type\": \"conv3d\"}]}");
        Run spec = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", badSpec.toString(),
                "--data", data.toString(), "--out", dir.resolve("v").toString());
        assertThat(spec.err()).startsWith("hsiq: ").contains("bad.json").contains("conv3d");

        Run missingOption = run(new TrainCommand(), "--model", "spectral-cnn");
        assertThat(missingOption.exit()).isEqualTo(CommandLines.EXIT_USAGE);
        assertThat(missingOption.err()).contains("Missing required options");
    }
}
