/*
 * `hsiq train --bits ...` end to end on a tiny spectral network and the real Botswana
 * spectra (skipped with the reason when the shared data is absent): a float model, then a
 * 2/1 fine-tune from it with --grad tanh, whose report carries the quantization fields and
 * whose model file records the bit widths and clip levels; `hsiq eval` reproduces its OA
 * through the integer semantics; --ewgs is recorded in the report and the model's metadata;
 * QAT options without --bits and bad values fail in one line.
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.json.Json;
import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.training.data.DataDirectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.hsiq.training.cli.TrainEvalClassifyCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class QatTrainCommandTest {

    static final String TINY = """
            {"name": "tiny-spectral", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 6, "kernel": 7},
              {"type": "batchnorm"}, {"type": "act"}, {"type": "maxpool1d", "kernel": 4},
              {"type": "dense", "out": 16}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}
            """;

    @TempDir
    static Path dir;

    static Path data;
    static Path spec;

    @BeforeAll
    static void sharedData() throws IOException {
        DataDirectory shared = DataDirectory.resolve(null);
        Assumptions.assumeTrue(Files.isRegularFile(shared.file("botswana/labeled_only/BOTSWANA.mat")),
                () -> "skipped: shared data not found at " + shared);
        data = shared.path();
        spec = dir.resolve("tiny.json");
        Files.writeString(spec, TINY);
    }

    @Test
    void fineTunesAFloatModelTo2Over1AndEvalAgrees() throws IOException {
        Path floatDir = dir.resolve("float");
        var f = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--train-ratio", "0.1", "--seed", "2", "--epochs", "4", "--data", data.toString(), "--quiet",
                "--out", floatDir.toString());
        assertThat(f.exit()).as(f.err()).isZero();

        Path q = dir.resolve("q");
        var t = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--train-ratio", "0.1", "--seed", "2", "--epochs", "2", "--bits", "2/1", "--grad", "tanh",
                "--init", floatDir.resolve("model.hsiq").toString(), "--data", data.toString(), "--quiet",
                "--out", q.toString());
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.out()).contains("tiny-spectral on Botswana-spectra (2/1): OA ");

        Map<String, Object> report = Json.parseObject(Files.readString(q.resolve("report.json")));
        assertThat(report).containsEntry("bits", "2/1").containsEntry("grad", "tanh").containsEntry("input_bits", 8L)
                .containsEntry("clip", "learnable").containsEntry("last_layer", "8")
                .containsKeys("weight_bytes_packed", "weight_bytes_fp32", "memory_ratio", "fake_quant_oa");
        assertThat(((Number) report.get("memory_ratio")).doubleValue()).isGreaterThan(5);
        assertThat((String) report.get("init")).endsWith("model.hsiq");

        Model m = ModelFile.read(q.resolve("model.hsiq"));
        assertThat(m.spec().inputBits()).isEqualTo(8);
        assertThat(m.qweight("conv1.weight").format()).isEqualTo(WeightFormat.BINARY);
        assertThat(m.qweight("dense2.weight").format()).isEqualTo(WeightFormat.ofInt(8));
        assertThat(m.param("act1.clip").data()[0]).isPositive();
        assertThat(m.metadata()).containsEntry("bits", "2/1").containsEntry("grad", "tanh").containsKey("split");

        Path ev = dir.resolve("q-eval");
        var e = run(new EvalCommand(), "--model", q.resolve("model.hsiq").toString(), "--data", data.toString(),
                "--out", ev.toString());
        assertThat(e.exit()).as(e.err()).isZero();
        Map<String, Object> evalReport = Json.parseObject(Files.readString(ev.resolve("report.json")));
        assertThat(evalReport.get("oa")).isEqualTo(report.get("oa"));
        // the integer engine eval now runs scores exactly what the reference executor scores
        assertThat(((Number) evalReport.get("oa")).doubleValue())
                .isEqualTo(TrainEvalClassifyCommandTest.oracleOa(q.resolve("model.hsiq"), data));
    }

    @Test
    void gradientScalingIsRecordedInTheReportAndTheModel() throws IOException {
        Path q = dir.resolve("ewgs");
        var t = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--train-ratio", "0.1", "--seed", "3", "--epochs", "1", "--bits", "2/2", "--first-layer", "8",
                "--first-activation", "8", "--clip", "lsq", "--grad", "constant", "--ewgs", "0.05", "--data", data.toString(), "--quiet",
                "--out", q.toString());
        assertThat(t.exit()).as(t.err()).isZero();
        Map<String, Object> report = Json.parseObject(Files.readString(q.resolve("report.json")));
        assertThat(report).containsEntry("gradient_scaling", "0.05").containsEntry("first_layer", "8")
                .containsEntry("first_activation", 8L).containsEntry("clip", "lsq");
        var model = ModelFile.read(q.resolve("model.hsiq"));
        assertThat(model.metadata()).containsEntry("gradient_scaling", "0.05").containsEntry("first_activation", 8L);
        // the activation after the first layer is 8-bit in the model file, the next ones 2-bit
        List<Integer> actBits = model.spec().layers().stream().filter(l -> l instanceof LayerSpec.Act)
                .map(l -> ((LayerSpec.Act) l).bits()).toList();
        assertThat(actBits.get(0)).isEqualTo(8);
        assertThat(actBits.subList(1, actBits.size())).isNotEmpty().containsOnly(2);
    }

    @Test
    void quantizationOptionsAreChecked() {
        var noBits = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--grad", "tanh", "--data", data.toString(), "--out", dir.resolve("a").toString());
        assertThat(noBits.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(noBits.err()).startsWith("hsiq: --grad applies to quantized training; add --bits");

        var badBits = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--bits", "3", "--data", data.toString(), "--out", dir.resolve("b").toString());
        assertThat(badBits.err()).startsWith("hsiq: --bits '3'");

        var badGrad = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--bits", "2/2", "--grad", "sigmoid", "--data", data.toString(), "--out", dir.resolve("c").toString());
        assertThat(badGrad.err()).startsWith("hsiq: gradient mode 'sigmoid'");

        var badInput = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--bits", "2/2", "--input-bits", "9", "--data", data.toString(), "--out", dir.resolve("d").toString());
        assertThat(badInput.err()).startsWith("hsiq: --input-bits 9 must be in 2..8");

        var badLast = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--bits", "2/2", "--last-layer", "4", "--data", data.toString(), "--out", dir.resolve("e").toString());
        assertThat(badLast.err()).startsWith("hsiq: --last-layer '4' must be 8 or float");

        var badFirst = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--bits", "2/2", "--first-layer", "4", "--data", data.toString(), "--out", dir.resolve("g").toString());
        assertThat(badFirst.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(badFirst.err()).startsWith("hsiq: --first-layer '4' must be 8 or the --bits weight format 2");

        var firstNoBits = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--first-layer", "8", "--data", data.toString(), "--out", dir.resolve("h").toString());
        assertThat(firstNoBits.err()).startsWith("hsiq: --first-layer applies to quantized training");

        var badFirstAct = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--bits", "2/2", "--first-activation", "9", "--data", data.toString(), "--out", dir.resolve("j").toString());
        assertThat(badFirstAct.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(badFirstAct.err()).startsWith("hsiq: --first-activation 9 must be in 1..8");

        var firstActNoBits = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--first-activation", "8", "--data", data.toString(), "--out", dir.resolve("k").toString());
        assertThat(firstActNoBits.err()).startsWith("hsiq: --first-activation applies to quantized training");

        var badEwgs = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--bits", "2/2", "--ewgs", "2.5", "--data", data.toString(), "--out", dir.resolve("i").toString());
        assertThat(badEwgs.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(badEwgs.err()).startsWith("hsiq: --ewgs 2.5 must be in (0, 2)");

        var ewgsTanh = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--bits", "2/2", "--grad", "tanh", "--ewgs", "0.05", "--data", data.toString(), "--out",
                dir.resolve("j").toString());
        assertThat(ewgsTanh.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(ewgsTanh.err()).startsWith("hsiq: --ewgs scales the constant gradient");

        var ewgsNoBits = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--ewgs", "0.05", "--data", data.toString(), "--out", dir.resolve("k").toString());
        assertThat(ewgsNoBits.err()).startsWith("hsiq: --ewgs applies to quantized training");

        var missingInit = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--bits", "2/2", "--init", dir.resolve("nope.hsiq").toString(), "--data", data.toString(),
                "--out", dir.resolve("f").toString());
        assertThat(missingInit.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(missingInit.err()).startsWith("hsiq: --init ").contains("nope.hsiq");
    }

    @Test
    void refusesAnInitModelOfAnotherNetwork() throws IOException {
        Path other = dir.resolve("other.json");
        Files.writeString(other, TINY.replace("\"out\": 6", "\"out\": 5"));
        Path floatDir = dir.resolve("float-other");
        var f = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", other.toString(),
                "--train-ratio", "0.1", "--seed", "2", "--epochs", "1", "--data", data.toString(), "--quiet",
                "--out", floatDir.toString());
        assertThat(f.exit()).as(f.err()).isZero();
        var t = run(new TrainCommand(), "--dataset", "Botswana-spectra", "--model", spec.toString(),
                "--train-ratio", "0.1", "--seed", "2", "--epochs", "1", "--bits", "2/2",
                "--init", floatDir.resolve("model.hsiq").toString(), "--data", data.toString(), "--quiet",
                "--out", dir.resolve("g").toString());
        assertThat(t.exit()).isEqualTo(CommandLines.EXIT_INPUT);
        assertThat(t.err()).startsWith("hsiq: --init ").contains("conv1.weight").contains("does not fit");
    }
}
