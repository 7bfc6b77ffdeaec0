/*
 * Coverage-guided fuzz targets for the ENVI reader (issue 7 item 2), each call within
 * ReaderLimits (only the project's exceptions, under 1 s, bounded allocation):
 *   header:        any bytes as header text (ISO-8859-1, as EnviHeader.read decodes a file).
 *                  A header that parses must also write back (format) and parse again to the
 *                  same samples, lines, bands, offset, type, interleave, byte order,
 *                  wavelengths and band names.
 *   headerAndData: header text, a NUL byte, then the binary. The binary is read as given,
 *                  and also resized to exactly the size the header describes (when that is
 *                  small), so that mutations reach the decoder and not only the size check;
 *                  a decoded cube is then made an unlabeled scene (the NaN/Inf check).
 * Seeds: headers written by EnviHeader.format and by hand, and images written by EnviWriter
 * in every interleave, several data types, both byte orders, with and without an offset.
 * Inputs that once failed are kept under
 * src/test/resources/dev/hsiq/training/data/EnviFuzzTestInputs/<method>/. How to fuzz for
 * longer: docs/fuzzing.md.
 */
package dev.hsiq.training.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

class EnviFuzzTest {

    static final String HEADER = "fuzz.hdr";
    static final String BINARY = "fuzz.img";
    /** Both names start with it; a message about either file contains it. */
    static final String STEM = "fuzz.";
    /** The largest resized binary the data target builds: the decoder's paths need few values. */
    private static final long MAX_FITTED = 1 << 16;

    @MethodSource("headerSeeds")
    @FuzzTest(maxDuration = "60s")
    void header(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        EnviHeader[] parsed = new EnviHeader[1];
        ReaderLimits.check("parse", HEADER, input.length, () -> {
            parsed[0] = EnviHeader.parse(text, HEADER);
            return 0;
        });
        EnviHeader h = parsed[0];
        if (h == null) {
            return;
        }
        EnviHeader again = EnviHeader.parse(h.format(), HEADER);
        boolean same = again.samples() == h.samples() && again.lines() == h.lines() && again.bands() == h.bands()
                && again.headerOffset() == h.headerOffset() && again.dataType() == h.dataType()
                && again.interleave() == h.interleave() && again.byteOrder().equals(h.byteOrder())
                && Arrays.equals(again.wavelengths(), h.wavelengths())
                && java.util.Objects.equals(again.bandNames(), h.bandNames())
                && java.util.Objects.equals(again.wavelengthUnits(), h.wavelengthUnits());
        if (!same || !EnviHeader.parse(again.format(), HEADER).equals(again)) {
            throw new AssertionError("header does not survive format and parse:\n" + text + "\n--- written as ---\n"
                    + h.format());
        }
    }

    @MethodSource("imageSeeds")
    @FuzzTest(maxDuration = "60s")
    void headerAndData(byte[] input) {
        int nul = 0;
        while (nul < input.length && input[nul] != 0) {
            nul++;
        }
        String text = new String(input, 0, nul, StandardCharsets.ISO_8859_1);
        byte[] binary = Arrays.copyOfRange(input, Math.min(nul + 1, input.length), input.length);
        EnviHeader[] parsed = new EnviHeader[1];
        ReaderLimits.check("parse", STEM, nul, () -> {
            parsed[0] = EnviHeader.parse(text, HEADER);
            return 0;
        });
        EnviHeader h = parsed[0];
        if (h == null) {
            return;
        }
        readAsScene(h, binary);
        long described = h.headerOffset() + h.dataBytes();
        if (described != binary.length && described <= MAX_FITTED) {
            readAsScene(h, Arrays.copyOf(binary, (int) described));
        }
    }

    private static void readAsScene(EnviHeader h, byte[] binary) {
        Cube[] cube = new Cube[1];
        ReaderLimits.check("read " + binary.length + " bytes", STEM, binary.length, () -> {
            cube[0] = EnviReader.read(h, binary, BINARY, HEADER);
            return 4L * cube[0].data().length;
        });
        if (cube[0] != null) { // the scene's input is the decoded cube
            ReaderLimits.check("scene", STEM, 4L * cube[0].data().length, () -> {
                SceneFiles.unlabeled(BINARY, cube[0], "fuzz input");
                return 0;
            });
        }
    }

    static Stream<Arguments> headerSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (EnviHeader h : sampleHeaders()) {
            seeds.add(h.format().getBytes(StandardCharsets.ISO_8859_1));
        }
        seeds.add("""
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
                interleave = BIL
                byte order = 1
                wavelength units = Micrometers
                wavelength = {
                  0.45,
                  0.55 }
                band names = {a, b}
                class names = {Unclassified, x}
                """.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        seeds.add("ENVI\nsamples = 1\nlines = 1\nbands = 1\ndata type = 4\n".getBytes(StandardCharsets.ISO_8859_1));
        return seeds.stream().map(b -> Arguments.of((Object) b));
    }

    static Stream<Arguments> imageSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        try {
            Path dir = Files.createTempDirectory("hsiq-envi-seeds");
            try {
                int i = 0;
                for (EnviHeader h : sampleHeaders()) {
                    float[] values = new float[h.samples() * h.lines() * h.bands()];
                    for (int v = 0; v < values.length; v++) {
                        values[v] = (v * 37) % 200;
                    }
                    Path bin = dir.resolve("img" + i++ + ".img");
                    Path hdr = EnviWriter.write(bin, h, values);
                    ByteArrayOutputStream seed = new ByteArrayOutputStream();
                    seed.writeBytes(Files.readAllBytes(hdr));
                    seed.write(0);
                    seed.writeBytes(Files.readAllBytes(bin));
                    seeds.add(seed.toByteArray());
                }
            } finally {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seeds.stream().map(b -> Arguments.of((Object) b));
    }

    /** Small headers covering every interleave and data type, both byte orders, offsets, lists. */
    static List<EnviHeader> sampleHeaders() {
        List<EnviHeader> out = new ArrayList<>();
        int i = 0;
        for (EnviInterleave il : EnviInterleave.values()) {
            for (EnviDataType type : EnviDataType.values()) {
                EnviHeader h = EnviHeader.of(3, 2, 2, type, il)
                        .withByteOrder(i % 2 == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                if (i % 3 == 1) {
                    h = h.withHeaderOffset(5).withWavelengths(new float[]{450.5f, 0.55e3f}, "Nanometers");
                }
                if (i % 4 == 2) {
                    h = h.withBandNames(List.of("Band 1", "Band 2"))
                            .withExtra(Map.of("description", "{seed " + i + "}", "sensor type", "AVIRIS"));
                }
                out.add(h);
                i++;
            }
        }
        return out;
    }
}
