/*
 * Coverage-guided fuzz targets for the .hsiq model reader (issue 7 item 2), each call
 * within ReaderLimits (only the project's exceptions, under 1 s, bounded allocation):
 *   anyBytes:      the bytes as they are. Nearly every mutation breaks a CRC32C, so this
 *                  target mostly exercises the fixed header and the checksum stage.
 *   resealedBytes: the bytes after ModelFile.resealed, which recomputes every CRC the
 *                  structure allows, so that mutations reach the content checks (section
 *                  table, names, JSON header, spec, shapes, codes, normalization).
 * A model that reads must write back to bytes that read to an equal model.
 * Seeds: tiny models written by ModelFile (float, every quantized weight format, metadata
 * of every JSON type). Inputs that once failed are kept under
 * src/test/resources/dev/hsiq/engine/io/ModelFileFuzzTestInputs/<method>/. How to fuzz for
 * longer: docs/fuzzing.md.
 */
package dev.hsiq.engine.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.testing.TestModels;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

class ModelFileFuzzTest {

    static final String FILE = "fuzz.hsiq";

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "60s")
    void anyBytes(byte[] input) {
        read(input);
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "60s")
    void resealedBytes(byte[] input) {
        read(ModelFile.resealed(input));
    }

    private static void read(byte[] bytes) {
        Model[] model = new Model[1];
        ReaderLimits.check("read", FILE, bytes.length, () -> {
            model[0] = ModelFile.fromBytes(bytes, FILE);
            return 0;
        });
        if (model[0] != null) {
            Model back = ModelFile.fromBytes(ModelFile.toBytes(model[0]), FILE);
            if (!back.equals(model[0])) {
                throw new AssertionError("a model read from a fuzzed file does not survive writing and reading");
            }
        }
    }

    static Stream<Arguments> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(ModelFile.toBytes(ModelFileCorruptionTest.tinyModel()));
        ModelSpec tiny = ModelSpec.fromJson(ModelFileRoundTripTest.TINY, "tiny.json");
        seeds.add(ModelFile.toBytes(TestModels.withMetadata(TestModels.random(tiny.resolve(3, null), 6, 1, false),
                ModelFileRoundTripTest.metadata())));
        int seed = 2;
        for (String bits : List.of("1/1", "2/t", "2/3", "4/8")) {
            QuantSettings q = QuantSettings.parseBits(bits).withInputBits(4);
            seeds.add(ModelFile.toBytes(TestModels.random(tiny.resolve(3, q), 6, seed++, false)));
        }
        ModelSpec patch = ModelSpec.fromJson("""
                {"name": "tiny-patch", "input": "patch", "patch_size": 3, "layers": [
                  {"type": "conv2d", "out": 4, "kernel": 3, "padding": [1, 1]}, {"type": "batchnorm"},
                  {"type": "act", "bits": 2}, {"type": "maxpool2d", "kernel": 3}, {"type": "flatten"},
                  {"type": "dropout", "p": 0.5}, {"type": "dense", "out": "classes"}]}""", "tiny-patch.json");
        seeds.add(ModelFile.toBytes(TestModels.random(patch.resolve(2, QuantSettings.parseBits("2/1")), 3, seed, false)));
        return seeds.stream().map(b -> Arguments.of((Object) b));
    }
}
