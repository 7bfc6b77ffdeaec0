/*
 * The checkpoint file format: every value type round-trips exactly (NaN payloads and
 * negative zeros included); every truncation and every single-bit flip of a small
 * checkpoint is refused with a message naming the file; the CRC covers every byte but its
 * own; and a write is atomic (no temporary file left behind, the old file replaced whole).
 */
package dev.hsiq.training.checkpoint;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.HsiqException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointFileTest {

    @TempDir
    Path dir;

    static CheckpointData sample() {
        CheckpointData d = new CheckpointData("x");
        d.putString("fingerprint", "a = 1\nb = é\n");
        d.putFloats("net/conv1.weight", new float[]{1.5f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc00001), 3e-39f});
        d.putInts("trainer/order", new int[]{2, 0, 1});
        d.putLongs("rng/shuffle", new long[]{Long.MIN_VALUE, 0x9e3779b97f4a7c15L});
        d.putDoubles("trainer/history", new double[]{1, 2.5, Double.NaN});
        d.putInt("trainer/epoch", 3);
        d.putFloats("empty", new float[0]);
        return d;
    }

    @Test
    void everyValueRoundTripsExactly() throws IOException {
        Path f = dir.resolve("checkpoint.bin");
        CheckpointFile.write(sample(), f);
        CheckpointData back = CheckpointFile.read(f);
        assertThat(back.entries().keySet()).containsExactlyElementsOf(sample().entries().keySet());
        float[] w = back.floats("net/conv1.weight");
        float[] expected = sample().floats("net/conv1.weight");
        for (int i = 0; i < w.length; i++) {
            assertThat(Float.floatToRawIntBits(w[i])).isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
        assertThat(back.string("fingerprint")).isEqualTo("a = 1\nb = é\n");
        assertThat(back.ints("trainer/order")).containsExactly(2, 0, 1);
        assertThat(back.longs("rng/shuffle")).containsExactly(Long.MIN_VALUE, 0x9e3779b97f4a7c15L);
        assertThat(back.doubles("trainer/history")).containsExactly(1, 2.5, Double.NaN);
        assertThat(back.intValue("trainer/epoch")).isEqualTo(3);
        assertThat(back.floats("empty")).isEmpty();
        assertThat(Files.readAllBytes(f)).startsWith(0x89, 'H', 'S', 'I', 'Q', 'C', 'K', 0x1A);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f); // no temporary file left
        }
    }

    @Test
    void everyTruncationIsRefusedNamingTheFile() {
        byte[] bytes = CheckpointFile.toBytes(sample());
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> CheckpointFile.fromBytes(cut, "/runs/a/checkpoint.bin"))
                    .as("length " + len).isInstanceOf(BadFileException.class)
                    .hasMessageStartingWith("/runs/a/checkpoint.bin: ");
        }
        assertThatThrownBy(() -> CheckpointFile.fromBytes(Arrays.copyOf(bytes, 40), "c.bin"))
                .hasMessageContaining("truncated");
    }

    @Test
    void everySingleBitFlipIsRefused() {
        byte[] bytes = CheckpointFile.toBytes(sample());
        for (int i = 0; i < bytes.length * 8; i++) {
            byte[] flipped = bytes.clone();
            flipped[i / 8] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> CheckpointFile.fromBytes(flipped, "c.bin")).as("bit " + i)
                    .isInstanceOf(BadFileException.class).hasMessageStartingWith("c.bin: ");
        }
    }

    @Test
    void aMissingOrForeignFileAndAMissingEntryGiveClearErrors() throws IOException {
        assertThatThrownBy(() -> CheckpointFile.read(dir.resolve("none.bin"))).isInstanceOf(HsiqException.class)
                .hasMessageEndingWith("none.bin: no such checkpoint file");
        Path text = dir.resolve("text.bin");
        Files.writeString(text, "this is not a checkpoint, just some text of 40+ bytes");
        assertThatThrownBy(() -> CheckpointFile.read(text)).hasMessage(text + ": not an hsiq training checkpoint "
                + "(bad magic)");
        CheckpointData d = CheckpointFile.fromBytes(CheckpointFile.toBytes(sample()), "c.bin");
        assertThatThrownBy(() -> d.floats("net/dense1.weight")).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith("c.bin: net/dense1.weight: missing");
        assertThatThrownBy(() -> d.floats("trainer/order")).hasMessage("c.bin: trainer/order: is not a float array");
        assertThatThrownBy(() -> d.floats("net/conv1.weight", 4))
                .hasMessage("c.bin: net/conv1.weight: has 5 values, expected 4");
    }

    @Test
    void aRewriteReplacesTheOldCheckpointWhole() {
        Path f = dir.resolve("checkpoint.bin");
        CheckpointFile.write(sample(), f);
        CheckpointData next = new CheckpointData("y");
        next.putInt("trainer/epoch", 4);
        CheckpointFile.write(next, f);
        assertThat(CheckpointFile.read(f).entries().keySet()).containsExactly("trainer/epoch");
    }
}
