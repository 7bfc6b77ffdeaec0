package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.training.protocol.SplitMix64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnviTest {

    @TempDir
    Path dir;

    /** Values a type holds exactly, including its extremes. */
    private static float[] valuesFor(EnviDataType type, int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[] v = new float[n];
        float[] extremes = switch (type) {
            case UINT8 -> new float[]{0, 255, 127, 128};
            case INT16 -> new float[]{-32768, 32767, -1, 0};
            case UINT16 -> new float[]{0, 65535, 32767, 32768};
            case INT32 -> new float[]{-2147483648f, 16777216, -1, 0};
            case FLOAT32, FLOAT64 -> new float[]{-1.5e30f, 3.25e-7f, -0f, 1e30f};
        };
        for (int i = 0; i < n; i++) {
            if (i < extremes.length) {
                v[i] = extremes[i];
                continue;
            }
            v[i] = switch (type) {
                case UINT8 -> rng.nextInt(256);
                case INT16 -> rng.nextInt(65536) - 32768;
                case UINT16 -> rng.nextInt(65536);
                case INT32 -> rng.nextInt(1 << 24) - (1 << 23);
                case FLOAT32, FLOAT64 -> (float) (rng.nextGaussian() * 1000);
            };
        }
        return v;
    }

    @Test
    void roundTripsEveryInterleaveDataTypeAndByteOrder() {
        int lines = 5;
        int samples = 7;
        int bands = 3;
        int i = 0;
        for (EnviInterleave interleave : EnviInterleave.values()) {
            for (EnviDataType type : EnviDataType.values()) {
                for (ByteOrder order : new ByteOrder[]{ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                    {
                        long offset = (i % 3 == 1) ? 17 : 0; // a header offset in a third of the cases
                        float[] bip = valuesFor(type, lines * samples * bands, i);
                        EnviHeader h = EnviHeader.of(samples, lines, bands, type, interleave).withByteOrder(order)
                                .withHeaderOffset(offset)
                                .withWavelengths(new float[]{450.5f, 550f, 650.25f}, "Nanometers")
                                .withBandNames(List.of("blue", "green", "red"));
                        Path bin = dir.resolve("img" + i++ + ".img");
                        EnviWriter.write(bin, h, bip);
                        Cube c = EnviReader.read(bin);
                        String what = interleave + " " + type + " " + order + " offset " + offset;
                        assertThat(c.rows()).as(what).isEqualTo(lines);
                        assertThat(c.cols()).as(what).isEqualTo(samples);
                        assertThat(c.bands()).as(what).isEqualTo(bands);
                        assertThat(c.data()).as(what).containsExactly(bip);
                        assertThat(c.wavelengths()).containsExactly(450.5f, 550f, 650.25f);
                        assertThat(c.bandNames()).containsExactly("blue", "green", "red");
                        assertThat(EnviReader.read(EnviWriter.headerPath(bin)).data()).as("via header").containsExactly(bip);
                    }
                }
            }
        }
    }

    @Test
    void readsHandWrittenFilesInEachInterleave() throws IOException {
        // 2 lines x 3 samples x 2 bands, value = 100*line + 10*sample + band, laid out by hand.
        int lines = 2;
        int samples = 3;
        int bands = 2;
        for (EnviInterleave il : EnviInterleave.values()) {
            ByteBuffer bb = ByteBuffer.allocate(lines * samples * bands * 2).order(ByteOrder.BIG_ENDIAN);
            switch (il) {
                case BSQ -> {
                    for (int b = 0; b < bands; b++) {
                        for (int r = 0; r < lines; r++) {
                            for (int c = 0; c < samples; c++) {
                                bb.putShort((short) (100 * r + 10 * c + b));
                            }
                        }
                    }
                }
                case BIL -> {
                    for (int r = 0; r < lines; r++) {
                        for (int b = 0; b < bands; b++) {
                            for (int c = 0; c < samples; c++) {
                                bb.putShort((short) (100 * r + 10 * c + b));
                            }
                        }
                    }
                }
                case BIP -> {
                    for (int r = 0; r < lines; r++) {
                        for (int c = 0; c < samples; c++) {
                            for (int b = 0; b < bands; b++) {
                                bb.putShort((short) (100 * r + 10 * c + b));
                            }
                        }
                    }
                }
            }
            Path bin = dir.resolve("hand_" + il.key());
            Files.write(bin, bb.array());
            Files.writeString(dir.resolve("hand_" + il.key() + ".hdr"), """
                    ENVI
                    description = {hand made,
                      two lines}
                    ; a comment line
                    Samples = 3
                    LINES   = 2
                    bands = 2
                    header offset = 0
                    file type = ENVI Standard
                    data type = 12
                    interleave = %s
                    byte order = 1
                    wavelength units = Micrometers
                    wavelength = {
                      0.45,
                      0.55 }
                    """.formatted(il.key().toUpperCase()));
            Cube c = EnviReader.read(bin);
            for (int r = 0; r < lines; r++) {
                for (int s = 0; s < samples; s++) {
                    for (int b = 0; b < bands; b++) {
                        assertThat(c.get(r, s, b)).as("%s (%d,%d,%d)", il, r, s, b).isEqualTo(100 * r + 10 * s + b);
                    }
                }
            }
            assertThat(c.wavelengths()).containsExactly(0.45f, 0.55f);
            EnviHeader h = EnviHeader.read(dir.resolve("hand_" + il.key() + ".hdr"));
            assertThat(h.extra()).containsEntry("file type", "ENVI Standard");
            assertThat(h.extra().get("description")).startsWith("{hand made,").endsWith("two lines}");
            assertThat(h.wavelengthUnits()).isEqualTo("Micrometers");
        }
    }

    @Test
    void headerErrorsNameTheFileAndKey() {
        String ok = """
                ENVI
                samples = 4
                lines = 3
                bands = 2
                data type = 4
                interleave = bsq
                """;
        assertThat(EnviHeader.parse(ok, "h.hdr").dataType()).isEqualTo(EnviDataType.FLOAT32);
        expectHeaderError(ok.replace("samples = 4\n", ""), "h.hdr: samples: missing");
        expectHeaderError(ok.replace("samples = 4", "samples = four"), "h.hdr: samples: 'four' is not an integer");
        expectHeaderError(ok.replace("lines = 3", "lines = 0"), "h.hdr: lines: must be a positive integer");
        expectHeaderError(ok.replace("data type = 4", "data type = 6"), "h.hdr: data type: unsupported code 6");
        expectHeaderError(ok.replace("data type = 4\n", ""), "h.hdr: data type: missing");
        expectHeaderError(ok.replace("bsq", "bxx"), "h.hdr: interleave: 'bxx' is not bsq, bil or bip");
        expectHeaderError(ok + "byte order = 2\n", "h.hdr: byte order: must be 0");
        expectHeaderError(ok + "header offset = -4\n", "h.hdr: header offset: must be >= 0");
        expectHeaderError(ok + "wavelength = {1, 2, 3}\n", "h.hdr: wavelength: 3 values for 2 bands");
        expectHeaderError(ok + "wavelength = {1, x}\n", "h.hdr: wavelength: value 2 'x' is not a number");
        expectHeaderError(ok + "band names = {a}\n", "h.hdr: band names: 1 names for 2 bands");
        expectHeaderError(ok + "wavelength = {1,\n 2\n", "h.hdr: wavelength: '{' without a closing '}'");
        expectHeaderError(ok + "this line has no equals sign\n", "h.hdr: line 7: expected 'key = value'");
        expectHeaderError("ENVY\n" + ok.substring(5), "h.hdr: ENVI: first line is 'ENVY'");
        // found by fuzzing (docs/fuzzing.md): such lists parsed but could not be written back
        expectHeaderError(ok + "band names = {a, b} c = {d}\n", "h.hdr: band names: text after the closing '}' of "
                + "the list: 'c = {d}'");
        expectHeaderError(ok + "band names = {a, {b}}\n", "h.hdr: band names: unexpected '{' inside the list");
        expectHeaderError(ok + "band names = a}, b\n", "h.hdr: band names: unexpected '}' inside the list");
        // a data type code beyond 32 bits is not read as its low 32 bits (4294967297 is not type 1)
        expectHeaderError(ok.replace("data type = 4", "data type = 4294967297"),
                "h.hdr: data type: unsupported code 4294967297");
    }

    @Test
    void longBraceListsParseInLinearTime() {
        // an open list spanning many lines used to rescan the whole value at every line: minutes
        // for this 1.3 MB header. A hang check with a wide margin, not a speed measurement.
        StringBuilder text = new StringBuilder("ENVI\nsamples = 1\nlines = 1\nbands = 200000\ndata type = 1\n"
                + "wavelength = {\n");
        for (int i = 0; i < 200_000; i++) {
            text.append(i).append(i < 199_999 ? ",\n" : "}\n");
        }
        long t0 = System.nanoTime();
        EnviHeader h = EnviHeader.parse(text.toString(), "long.hdr");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(h.wavelengths()).hasSize(200_000).endsWith(199_999f);
        assertThat(ms).as("parse time in ms").isLessThan(2000);
    }

    @Test
    void aFileTooLargeForAHeaderIsNamedAsSuch() throws IOException {
        Path big = dir.resolve("cube.hdr");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0}), EnviHeader.MAX_HEADER_BYTES); // sparse: one byte past the limit
        }
        assertThatThrownBy(() -> EnviHeader.read(big)).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(big + ": file of " + (EnviHeader.MAX_HEADER_BYTES + 1) + " bytes is too large "
                        + "for an ENVI header")
                .hasMessageContaining("is this the binary image rather than its .hdr?");
    }

    private static void expectHeaderError(String text, String message) {
        assertThatThrownBy(() -> EnviHeader.parse(text, "h.hdr")).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void binarySizeIsCheckedAgainstTheHeaderBeforeAllocating() throws IOException {
        EnviHeader h = EnviHeader.of(4, 3, 2, EnviDataType.INT16, EnviInterleave.BIL);
        Path bin = dir.resolve("x.img");
        EnviWriter.write(bin, h, new float[24]);
        byte[] full = Files.readAllBytes(bin);
        assertThat(full).hasSize(48);
        Files.write(bin, java.util.Arrays.copyOf(full, 47));
        assertThatThrownBy(() -> EnviReader.read(bin)).isInstanceOf(BadFileException.class)
                .hasMessageStartingWith(bin.toString())
                .hasMessageContaining("= 48 bytes, but the file has 47 (truncated?)");
        Files.write(bin, java.util.Arrays.copyOf(full, 50));
        assertThatThrownBy(() -> EnviReader.read(bin)).isInstanceOf(BadFileException.class)
                .hasMessageContaining("has 50 (wrong samples, lines, bands or data type?)");
        // A header declaring a gigantic image next to a tiny file: error, not OutOfMemoryError.
        Files.writeString(dir.resolve("x.hdr"), "ENVI\nsamples = 100000\nlines = 100000\nbands = 200\n"
                + "data type = 4\ninterleave = bip\n");
        assertThatThrownBy(() -> EnviReader.read(bin)).isInstanceOf(BadFileException.class)
                .hasMessageContaining("samples/lines/bands")
                .hasMessageContaining("more than one Java array holds");
        Files.writeString(dir.resolve("x.hdr"), "ENVI\nsamples = 1000\nlines = 1000\nbands = 200\n"
                + "data type = 4\ninterleave = bip\n");
        assertThatThrownBy(() -> EnviReader.read(bin)).isInstanceOf(BadFileException.class)
                .hasMessageContaining("800000000 bytes, but the file has 50");
    }

    @Test
    void pairsHeaderAndBinaryByName() throws IOException {
        EnviHeader h = EnviHeader.of(2, 2, 1, EnviDataType.UINT8, EnviInterleave.BSQ);
        Path plain = dir.resolve("scene");
        EnviWriter.write(plain, h, new float[]{1, 2, 3, 4});
        assertThat(EnviWriter.headerPath(plain)).isEqualTo(dir.resolve("scene.hdr"));
        assertThat(EnviReader.locate(dir.resolve("scene.hdr")).binary()).isEqualTo(plain);
        assertThat(EnviReader.read(plain).data()).containsExactly(1, 2, 3, 4);
        Path dat = dir.resolve("other.dat");
        EnviWriter.write(dat, h, new float[]{5, 6, 7, 8});
        assertThat(EnviReader.read(dir.resolve("other.hdr")).data()).containsExactly(5, 6, 7, 8);
        Files.writeString(dir.resolve("lonely.hdr"), h.format(), StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> EnviReader.read(dir.resolve("lonely.hdr"))).isInstanceOf(HsiqException.class)
                .hasMessageContaining("no binary file next to this ENVI header");
        Files.write(dir.resolve("nohdr.img"), new byte[4]);
        assertThatThrownBy(() -> EnviReader.read(dir.resolve("nohdr.img"))).isInstanceOf(HsiqException.class)
                .hasMessageContaining("no ENVI header found");
    }

    @Test
    void writerRefusesValuesTheTypeCannotHold() {
        EnviHeader h = EnviHeader.of(2, 1, 1, EnviDataType.UINT8, EnviInterleave.BSQ);
        Path bin = dir.resolve("bad.img");
        assertThatThrownBy(() -> EnviWriter.write(bin, h, new float[]{3, 256}))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("value 256.0 at (line 0, sample 1, band 0) does not fit ENVI data type 1");
        assertThat(bin).doesNotExist();
    }

    @Test
    void headerFormatParsesBackToTheSameHeader() {
        EnviHeader h = EnviHeader.of(3, 2, 2, EnviDataType.FLOAT64, EnviInterleave.BIP)
                .withByteOrder(ByteOrder.BIG_ENDIAN).withHeaderOffset(64)
                .withWavelengths(new float[]{1.5f, 2.5f}, "Nanometers").withBandNames(List.of("a b", "c"))
                .withExtra(Map.of("file type", "ENVI Standard", "description", "{test}", "data ignore value", "-1"));
        assertThat(EnviHeader.parse(h.format(), "x.hdr")).isEqualTo(h);
    }
}
