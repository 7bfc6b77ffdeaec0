package dev.hsiq.training.output;

import dev.hsiq.engine.io.AtomicFiles;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.training.data.Cube;
import dev.hsiq.training.data.EnviHeader;
import dev.hsiq.training.data.EnviReader;
import dev.hsiq.training.data.Scene;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputsTest {

    @TempDir
    Path dir;

    /** 6 x 9 map: label = (r + c) % 4, classes a, b, c with ids 1, 10, 11 (Salinas-A style). */
    static ClassMap map() {
        int[] labels = new int[6 * 9];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i / 9 + i % 9) % 4;
        }
        return new ClassMap("test map", 6, 9, labels, List.of("alpha", "beta, with comma", "gamma"),
                new int[]{1, 10, 11});
    }

    @Test
    void paletteIsFixedBlackForZeroAndDistinct() {
        assertThat(ClassPalette.rgb(0)).isZero();
        Set<Integer> colors = new HashSet<>();
        for (int k = 0; k < 40; k++) {
            colors.add(ClassPalette.rgb(k));
            assertThat(ClassPalette.rgb(k)).isEqualTo(ClassPalette.rgb(k)).isBetween(0, 0xffffff);
        }
        assertThat(colors).hasSize(40);
        assertThat(ClassPalette.red(1)).isEqualTo(255);
        assertThat(ClassPalette.green(2)).isEqualTo(255);
    }

    @Test
    void pngShowsTheMapInPaletteColorsAndALegend() throws IOException {
        ClassMap m = map();
        Path png = dir.resolve("map.png");
        ClassMapImage.write(png, m);
        BufferedImage img = ImageIO.read(png.toFile());
        int s = ClassMapImage.scale(6, 9);
        assertThat(s).isEqualTo(33);
        assertThat(img.getWidth()).isGreaterThan(9 * s);
        assertThat(img.getHeight()).isGreaterThanOrEqualTo(6 * s);
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 9; c++) {
                int rgb = img.getRGB(8 + c * s + s / 2, 20 + r * s + s / 2) & 0xffffff;
                assertThat(rgb).as("(%d, %d)", r, c).isEqualTo(ClassPalette.rgb(m.labels()[r * 9 + c]));
            }
        }
        // legend swatches right of the map, one row per entry (unlabeled + 3 classes)
        int lx = 8 + 9 * s + 8 + 6;
        for (int i = 0; i < 4; i++) {
            assertThat(img.getRGB(lx, 20 + i * 16 + 8) & 0xffffff).isEqualTo(ClassPalette.rgb(i));
        }
        // some dark text pixels in the legend area
        int dark = 0;
        for (int x = lx + 12; x < img.getWidth(); x++) {
            for (int y = 20; y < 20 + 4 * 16; y++) {
                if ((img.getRGB(x, y) & 0xff) < 100) {
                    dark++;
                }
            }
        }
        assertThat(dark).as("legend text pixels").isGreaterThan(50);
        assertNoTempFiles();
    }

    @Test
    void enviClassificationReadsBackWithClassNamesAndColors() throws IOException {
        ClassMap m = map();
        Path hdr = EnviClassification.write(dir.resolve("classes.img"), m);
        assertThat(hdr).isEqualTo(dir.resolve("classes.hdr"));
        Cube c = EnviReader.read(dir.resolve("classes.img"));
        assertThat(c.rows()).isEqualTo(6);
        assertThat(c.cols()).isEqualTo(9);
        assertThat(c.bands()).isEqualTo(1);
        for (int i = 0; i < m.labels().length; i++) {
            assertThat(c.data()[i]).isEqualTo(m.labels()[i]);
        }
        EnviHeader h = EnviHeader.read(hdr);
        assertThat(h.extra()).containsEntry("file type", "ENVI Classification").containsEntry("classes", "4");
        List<String> lookup = EnviHeader.listItems("h", "class lookup", h.extra().get("class lookup"));
        assertThat(lookup).hasSize(12);
        assertThat(lookup.subList(0, 6)).containsExactly("0", "0", "0", "255", "0", "0");
        assertThat(EnviHeader.listItems("h", "class names", h.extra().get("class names")))
                .containsExactly("Unclassified", "alpha", "beta; with comma", "gamma");
        assertThat(Files.readString(hdr)).contains("interleave = bsq").contains("data type = 1");
        assertNoTempFiles();
    }

    @Test
    void csvLegendAndAllOutputsTogether() throws IOException {
        ClassMap m = map();
        String csv = ClassTableCsv.format(m);
        long[] n = m.pixelCounts();
        assertThat(csv.lines().toList()).containsExactly(
                "index,original_id,name,red,green,blue,pixels",
                "0,0,unlabeled,0,0,0," + n[0],
                "1,1,alpha,255,0,0," + n[1],
                "2,10,\"beta, with comma\",0,255,0," + n[2],
                "3,11,gamma,0,0,255," + n[3]);
        List<Path> files = ClassMapOutputs.writeAll(dir.resolve("out"), "classmap", m);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("classmap.png", "classmap.img", "classmap.hdr", "classmap_classes.csv");
        for (Path p : files) {
            assertThat(p).isRegularFile();
        }
        assertNoTempFiles();
    }

    @Test
    void titlesNameStandIns() {
        Scene s = new Scene("PaviaU-synthetic", 1, 2, 1, new float[]{1, 2}, new int[]{1, 0}, List.of("Asphalt"),
                new int[]{1}, "synthetic stand-in for PaviaU: ...");
        assertThat(ClassMap.groundTruth(s).title()).isEqualTo("PaviaU-synthetic ground truth (stand-in scene)");
        assertThat(ClassMap.prediction(s, new int[]{1, 1}, "patch-cnn 4-bit").title())
                .isEqualTo("PaviaU-synthetic (stand-in scene) classified by patch-cnn 4-bit");
        assertThatThrownBy(() -> new ClassMap("x", 1, 2, new int[]{0, 2}, List.of("a"), new int[]{1}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("label 2 at (row 0, col 1)");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            many.add("c" + i);
        }
        ClassMap big = new ClassMap("x", 1, 1, new int[]{0}, many, new int[256]);
        assertThatThrownBy(() -> EnviClassification.write(dir.resolve("big.img"), big))
                .isInstanceOf(BadInputException.class).hasMessageContaining("at most 255 classes");
    }

    @Test
    void atomicWriteLeavesTheOldFileWhenWritingFails() throws IOException {
        Path target = dir.resolve("keep.txt");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            throw new IOException("disk full");
        })).isInstanceOf(HsiqException.class).hasMessageContaining("disk full").hasMessageContaining("keep.txt");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertNoTempFiles();
        AtomicFiles.write(target, "new".getBytes());
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".part")).toList()).isEmpty();
        }
    }
}
