/* Round trips of float and quantized models (every weight format), the byte layout, code packing. */
package dev.hsiq.engine.io;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.engine.reference.ReferenceExecutor;
import dev.hsiq.engine.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ModelFileRoundTripTest {

    static final String TINY = """
            {"name": "tiny", "input": "spectrum", "layers": [
              {"type": "conv1d", "out": 5, "kernel": 3}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "maxpool1d", "kernel": 2},
              {"type": "dense", "out": 7}, {"type": "batchnorm"}, {"type": "act"},
              {"type": "dense", "out": "classes"}]}""";

    static Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", "IndianPines-spectra");
        m.put("seed", 3L);
        m.put("train_ratio", 0.1);
        m.put("grad", "tanh");
        m.put("resumed", Boolean.FALSE);
        m.put("oa_per_epoch", List.of(0.5, 0.75));
        m.put("split", Map.of("train", 1024L, "test", 9225L));
        m.put("note", "unicode \u00e9\u4e2d\ud83d\ude00 and \"quotes\"\n");
        return m;
    }

    static void assertRoundTrip(Model m) {
        byte[] bytes = ModelFile.toBytes(m);
        Model back = ModelFile.fromBytes(bytes, "model.hsiq");
        assertThat(back).isEqualTo(m);
        assertThat(ModelFile.toBytes(back)).as("writing is deterministic").isEqualTo(bytes);
    }

    @Test
    void floatModels() {
        assertRoundTrip(TestModels.withMetadata(
                TestModels.random(ModelSpec.spectralCnn().resolve(9, null), 103, 1, false), metadata()));
        assertRoundTrip(TestModels.random(ModelSpec.patchCnn(9).resolve(5, null), 10, 2, false));
        assertRoundTrip(TestModels.random(ModelSpec.fromJson(TINY, "tiny.json").resolve(3, null), 12, 3, false));
    }

    @Test
    void metadataNumbersKeepTheirTypes() {
        // found by fuzzing (docs/fuzzing.md): 0.0 was written as 0 and read back as a Long
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("oa", 1.0);
        m.put("loss", 0.0);
        m.put("delta", -0.0);
        m.put("big", 1e300);
        m.put("seed", Long.MAX_VALUE);
        m.put("history", List.of(0.0, 2.0, 0.5));
        m.put("name", "lone \ud800 surrogate");
        assertRoundTrip(TestModels.withMetadata(
                TestModels.random(ModelSpec.fromJson(TINY, "tiny.json").resolve(3, null), 12, 3, false), m));
    }

    @Test
    void quantizedModelsInEveryWeightFormat() {
        List<String> bits = new ArrayList<>(List.of("1/1", "2/1", "2/t", "3/t"));
        for (int m = 2; m <= 8; m++) bits.add("2/" + m);
        for (String b : bits) {
            QuantSettings q = QuantSettings.parseBits(b).withInputBits(4 + b.length() % 5);
            Model m = TestModels.withMetadata(
                    TestModels.random(ModelSpec.fromJson(TINY, "tiny.json").resolve(4, q), 17, b.hashCode(), false), metadata());
            assertRoundTrip(m);
            // the model read back computes exactly the same logits
            Model back = ModelFile.fromBytes(ModelFile.toBytes(m), "m.hsiq");
            float[][] samples = TestModels.samples(m, 5, new Random(1));
            assertThat(new ReferenceExecutor(back).logits(samples)).isEqualTo(new ReferenceExecutor(m).logits(samples));
        }
        assertRoundTrip(TestModels.random(ModelSpec.fromJson(TINY, "tiny.json")
                .resolve(4, QuantSettings.parseBits("2/1").withLastWeights(WeightFormat.FLOAT)), 17, 5, false));
        assertRoundTrip(TestModels.random(ModelSpec.patchCnn(9).resolve(6, QuantSettings.parseBits("2/1")), 8, 6, false));
        assertRoundTrip(TestModels.random(ModelSpec.spectralCnn().resolve(6, QuantSettings.parseBits("4/4")), 103, 7, false));
    }

    @Test
    void layoutMatchesTheDocumentation() {
        Model m = TestModels.random(ModelSpec.fromJson(TINY, "tiny.json").resolve(3, QuantSettings.parseBits("2/1")), 12, 8, false);
        byte[] f = ModelFile.toBytes(m);
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(java.util.Arrays.copyOf(f, 8)).containsExactly(0x89, 'H', 'S', 'I', 'Q', '\r', '\n', 0x1A);
        assertThat(b.getInt(8)).isEqualTo(1);
        assertThat(b.getInt(12)).isZero();
        assertThat(b.getLong(16)).isEqualTo(f.length);
        int params = m.params().size() + m.qweights().size();
        assertThat(b.getInt(24)).isEqualTo(2 + params);
        List<RawModelFile.Section> sections = RawModelFile.parse(f);
        assertThat(sections.get(0).tag()).isEqualTo("HEAD");
        assertThat(sections.get(0).name()).isEqualTo("header");
        assertThat(new String(sections.get(0).body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"format\": \"hsiq-model\"").contains("\"quantization\": \"hsiq-quant-1\"");
        assertThat(sections.get(1).tag()).isEqualTo("NORM");
        List<String> names = sections.subList(2, sections.size()).stream().map(RawModelFile.Section::name).toList();
        assertThat(names).isSorted().hasSize(params);
        RawModelFile.Section w = sections.stream().filter(s -> s.name().equals("conv1.weight")).findFirst().orElseThrow();
        assertThat(w.tag()).isEqualTo("QWTS");
        ByteBuffer body = ByteBuffer.wrap(w.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(body.get()).isEqualTo((byte) 1);  // binary
        assertThat(body.get()).isEqualTo((byte) 1);  // 1 bit
        assertThat(body.get()).isEqualTo((byte) 4);  // rank
        assertThat(body.get()).isEqualTo((byte) 0);  // reserved
        assertThat(new int[]{body.getInt(), body.getInt(), body.getInt(), body.getInt()}).containsExactly(5, 1, 1, 3);
        // 5 scales, then 15 one-bit codes in 2 bytes
        assertThat(w.body().length).isEqualTo(4 + 16 + 20 + 2);
        // the same file, rebuilt by the test's own layout code, is byte for byte identical
        assertThat(RawModelFile.build(sections)).isEqualTo(f);
    }

    @Test
    void codePackingBitLayout() {
        byte[] bin = CodePacking.pack(new byte[]{1, -1, 1, 1, -1, -1, -1, -1, 1}, WeightFormat.BINARY);
        assertThat(bin).containsExactly(0x0D, 0x01);
        byte[] ter = CodePacking.pack(new byte[]{-1, 0, 1, -1}, WeightFormat.TERNARY);
        assertThat(ter).containsExactly(0xD3);
        byte[] int3 = CodePacking.pack(new byte[]{3, -3, 1}, WeightFormat.ofInt(3));  // 011, 101, 001
        assertThat(int3).containsExactly(0b01_101_011, 0b0);  // bits 0-2, 3-5, 6-8
        assertThat(CodePacking.pack(new byte[]{-127, 127}, WeightFormat.ofInt(8))).containsExactly(0x81, 0x7F);
    }

    @Test
    void codePackingRoundTripsOddLengths() {
        Random rnd = new Random(4);
        WeightFormat[] formats = {WeightFormat.BINARY, WeightFormat.TERNARY, WeightFormat.ofInt(2), WeightFormat.ofInt(3),
                WeightFormat.ofInt(5), WeightFormat.ofInt(7), WeightFormat.ofInt(8)};
        for (WeightFormat f : formats) {
            int max = dev.hsiq.engine.model.QuantizedWeights.maxCode(f);
            for (int n = 1; n <= 70; n++) {
                byte[] codes = new byte[n];
                for (int i = 0; i < n; i++) {
                    codes[i] = f == WeightFormat.BINARY ? (byte) (rnd.nextBoolean() ? 1 : -1)
                            : (byte) (rnd.nextInt(2 * max + 1) - max);
                }
                byte[] packed = CodePacking.pack(codes, f);
                assertThat((long) packed.length).isEqualTo(CodePacking.packedBytes(n, f));
                LittleEndianInput in = new LittleEndianInput(packed, 0, packed.length, "t", "s");
                assertThat(CodePacking.unpack(in, n, f, "codes")).as("%s n=%d", f, n).isEqualTo(codes);
                in.expectEnd("");
            }
        }
    }

    @Test
    void writeAndReadAFile(@TempDir Path dir) throws IOException {
        Model m = TestModels.withMetadata(
                TestModels.random(ModelSpec.fromJson(TINY, "tiny.json").resolve(3, QuantSettings.parseBits("2/t")), 12, 9, false),
                metadata());
        Path file = dir.resolve("model.hsiq");
        ModelFile.write(m, file);
        assertThat(ModelFile.read(file)).isEqualTo(m);
        try (var list = Files.list(dir)) {
            assertThat(list.toList()).containsExactly(file);
        }
        // overwriting replaces the content
        Model other = TestModels.random(ModelSpec.fromJson(TINY, "tiny.json").resolve(3, null), 12, 10, false);
        ModelFile.write(other, file);
        assertThat(ModelFile.read(file)).isEqualTo(other);
        try (var list = Files.list(dir)) {
            assertThat(list.toList()).containsExactly(file);
        }
    }
}
