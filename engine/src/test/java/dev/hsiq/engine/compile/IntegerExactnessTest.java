/*
 * The compiled integer engine equals the reference executor's integer semantics bit for bit:
 * logits (hence the last layer's int32 accumulators, and the thresholded codes of every
 * hidden layer before them) and labels, on random calibrated models of every supported bit
 * combination (1/1, 2/1, 2/t, 2/2, 4/4, 8/8), input bits 8 and 4, last layer 8-bit and float,
 * for spectral-cnn, patch-cnn and small custom specs (strides, padding, pooling variants,
 * float hidden layers, dropout, flatten), with the kernels the cost model picks and with each
 * kernel family forced on every layer it can run, on one and two threads.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class IntegerExactnessTest {

    static final String[] BITS = {"1/1", "2/1", "2/t", "2/2", "4/4", "8/8"};

    /** Strides, padding, max pooling with stride and a 2-D window, dense after flatten. */
    static final String STRIDED = """
            {"name": "strided", "input": "patch", "patch_size": 7, "layers": [
              {"type": "conv2d", "out": 24, "kernel": 3, "padding": 1}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "maxpool2d", "kernel": 2, "stride": 2},
              {"type": "conv2d", "out": 70, "kernel": [2, 3], "stride": [1, 2], "padding": [1, 0]},
              {"type": "batchnorm"}, {"type": "act"},
              {"type": "dropout", "p": 0.3}, {"type": "flatten"},
              {"type": "dense", "out": 40}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}""";

    /** Spectral convolutions with padding and stride, pooling with stride 1, no batch norm on one layer. */
    static final String SPECTRAL = """
            {"name": "spectral-small", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 16, "kernel": 5, "stride": 2, "padding": 2}, {"type": "batchnorm"},
              {"type": "act"}, {"type": "maxpool1d", "kernel": 3, "stride": 1},
              {"type": "conv1d", "out": 65, "kernel": 3}, {"type": "act"},
              {"type": "maxpool1d", "kernel": 2},
              {"type": "dense", "out": 33}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}""";

    /** A float hidden layer inside a quantized network (the reference's exact-float fallback). */
    static final String FLOAT_HIDDEN = """
            {"name": "float-hidden", "input": "patch", "patch_size": 5, "layers": [
              {"type": "conv2d", "out": 16, "kernel": 3}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "conv2d", "out": 12, "kernel": 3, "weights": "float"}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}""";

    static Stream<Arguments> configurations() {
        List<Arguments> out = new ArrayList<>();
        for (String bits : BITS) {
            for (int input : new int[]{8, 4}) {
                for (String last : new String[]{"8", "float"}) {
                    out.add(Arguments.of(bits, input, last));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "patch-cnn {0} input {1} last {2}")
    @MethodSource("configurations")
    void patchCnn(String bits, int input, String last) {
        QuantSettings q = Engines.settings(bits, input, last);
        Model m = Engines.quantized(ModelSpec.patchCnn(9), 6, q, 13, bits.hashCode() + input * 7L + last.length(),
                false);
        Engines.assertMatchesReference(m, CompiledModel.compile(m), 8, 5, "patch-cnn " + bits + " input " + input);
    }

    @ParameterizedTest(name = "spectral-cnn {0} input {1} last {2}")
    @MethodSource("configurations")
    void spectralCnn(String bits, int input, String last) {
        QuantSettings q = Engines.settings(bits, input, last);
        Model m = Engines.quantized(ModelSpec.spectralCnn(), 9, q, 103, bits.hashCode() + input + last.length(), false);
        Engines.assertMatchesReference(m, CompiledModel.compile(m), 12, 6, "spectral-cnn " + bits);
    }

    @ParameterizedTest(name = "custom specs {0} input {1} last {2}")
    @MethodSource("configurations")
    void customSpecs(String bits, int input, String last) {
        QuantSettings q = Engines.settings(bits, input, last);
        Model strided = Engines.quantized(ModelSpec.fromJson(STRIDED, "strided.json"), 5, q, 11, 17, false);
        Engines.assertMatchesReference(strided, CompiledModel.compile(strided), 12, 7, "strided " + bits);
        Model spectral = Engines.quantized(ModelSpec.fromJson(SPECTRAL, "spectral.json"), 4, q, 37, 18, false);
        Engines.assertMatchesReference(spectral, CompiledModel.compile(spectral), 12, 8, "spectral-small " + bits);
    }

    @Test
    void floatHiddenLayerRunsExactly() {
        for (String bits : new String[]{"2/1", "4/4", "8/8"}) {
            Model m = Engines.quantized(ModelSpec.fromJson(FLOAT_HIDDEN, "fh.json"), 4, Engines.settings(bits, 8, "8"),
                    6, 21, true);
            CompiledModel c = CompiledModel.compile(m);
            assertThat(c.layers()).anyMatch(l -> l.kernel().startsWith("exact float"));
            Engines.assertMatchesReference(m, c, 16, 9, "float hidden " + bits);
        }
    }

    @Test
    void everyKernelFamilyOnEveryLayerItCanRun() {
        for (KernelKind k : new KernelKind[]{KernelKind.BIT_SERIAL, KernelKind.INT8, KernelKind.LUT,
                KernelKind.FLOAT_CODES}) {
            for (String bits : new String[]{"1/1", "2/1", "2/t", "8/8"}) {
                for (String last : new String[]{"8", "float"}) {
                    if (last.equals("float") && !bits.equals("2/1")) {
                        continue;
                    }
                    QuantSettings q = Engines.settings(bits, 8, last);
                    CompileOptions o = CompileOptions.DEFAULT.force(CompileOptions.ALL_LAYERS, k);
                    Model patch = Engines.quantized(ModelSpec.patchCnn(9), 5, q, 13, 31, false);
                    CompiledModel c = CompiledModel.compile(patch, o);
                    if (k != KernelKind.LUT || bits.endsWith("/1")) {
                        assertThat(c.layers()).as("%s on %s", k, bits).anyMatch(l -> l.kernel().startsWith(switch (k) {
                            case BIT_SERIAL -> "bit-serial";
                            case INT8 -> "int8";
                            case FLOAT_CODES -> "float GEMM on codes";
                            default -> "table lookup";
                        }));
                    }
                    Engines.assertMatchesReference(patch, c, 8, 10, "patch-cnn " + bits + " forced " + k);
                    Model strided = Engines.quantized(ModelSpec.fromJson(STRIDED, "s.json"), 4, q, 11, 32, false);
                    Engines.assertMatchesReference(strided, CompiledModel.compile(strided, o), 8, 11,
                            "strided " + bits + " forced " + k);
                    Model spectral = Engines.quantized(ModelSpec.fromJson(SPECTRAL, "sp.json"), 4, q, 37, 33, false);
                    Engines.assertMatchesReference(spectral, CompiledModel.compile(spectral, o), 8, 12,
                            "spectral-small " + bits + " forced " + k);
                }
            }
        }
    }

    @Test
    void calibratedReferenceNetworks() {
        // batch norm calibrated on random data (TestModels): activations spread over every code
        Model patch = Engines.quantized(ModelSpec.patchCnn(9), 7, Engines.settings("2/1", 8, "8"), 20, 50, true);
        Engines.assertMatchesReference(patch, CompiledModel.compile(patch), 16, 14, "calibrated patch-cnn 2/1");
        Model spectral = Engines.quantized(ModelSpec.spectralCnn(), 9, Engines.settings("4/4", 8, "8"), 103, 51, true);
        Engines.assertMatchesReference(spectral, CompiledModel.compile(spectral), 24, 15, "calibrated spectral-cnn 4/4");
    }

    @Test
    void chunkSizeDoesNotChangeResults() {
        Model m = Engines.quantized(ModelSpec.patchCnn(9), 5, Engines.settings("2/1", 8, "8"), 13, 40, false);
        for (int chunk : new int[]{1, 3, 7, 64}) {
            Engines.assertMatchesReference(m, CompiledModel.compile(m, CompileOptions.DEFAULT.withSampleChunk(chunk)), 9,
                    13, "chunk " + chunk);
        }
    }
}
