/*
 * Renders a ClassMap as a PNG: the map (each pixel the ClassPalette color of its label,
 * scaled up by an integer factor so small scenes are at least about 300 pixels on their
 * long side), a title line above, and a legend on the right with one swatch and name per
 * class ("k name", plus the original id where it differs from k, and "0 unlabeled" when
 * the map has unlabeled pixels). java.awt in headless mode; written atomically. If the
 * runtime has no usable fonts, the image is still written, with swatches but no text.
 */
package dev.hsiq.training.output;

import dev.hsiq.engine.io.AtomicFiles;

import dev.hsiq.engine.error.HsiqException;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class ClassMapImage {

    private static final int MARGIN = 8;
    private static final int ROW = 16;
    private static final int SWATCH = 12;
    private static final int TITLE = 20;
    private static final int TARGET_LONG_SIDE = 300;

    private ClassMapImage() {
    }

    /** Integer upscaling factor for a map of rows x cols. */
    static int scale(int rows, int cols) {
        return Math.max(1, TARGET_LONG_SIDE / Math.max(rows, cols));
    }

    /** The rendered image (map, title, legend). */
    public static BufferedImage render(ClassMap map) {
        int s = scale(map.rows(), map.cols());
        int mapW = map.cols() * s;
        int mapH = map.rows() * s;
        long[] counts = map.pixelCounts();
        List<String> entries = new ArrayList<>();
        List<Integer> entryClass = new ArrayList<>();
        if (counts[0] > 0) {
            entries.add("0 unlabeled");
            entryClass.add(0);
        }
        int[] ids = map.classIds();
        for (int k = 1; k <= map.classCount(); k++) {
            String id = ids[k - 1] != k ? " (id " + ids[k - 1] + ")" : "";
            entries.add(k + " " + map.classNames().get(k - 1) + id);
            entryClass.add(k);
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        int textW = 160;
        boolean text = true;
        try {
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = probe.createGraphics();
            FontMetrics fm = g.getFontMetrics(font);
            textW = 0;
            for (String e : entries) {
                textW = Math.max(textW, fm.stringWidth(e));
            }
            g.dispose();
        } catch (RuntimeException | Error e) { // no fonts (e.g. fontconfig missing): draw without text
            text = false;
        }
        int legendW = MARGIN + SWATCH + 6 + textW + MARGIN;
        int legendH = entries.size() * ROW + MARGIN;
        int width = Math.max(MARGIN + mapW + legendW, 200);
        int height = TITLE + Math.max(mapH, legendH) + MARGIN;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int[] labels = map.labels();
            int cols = map.cols();
            for (int r = 0; r < map.rows(); r++) {
                for (int c = 0; c < cols; c++) {
                    int rgb = ClassPalette.rgb(labels[r * cols + c]);
                    for (int dy = 0; dy < s; dy++) {
                        for (int dx = 0; dx < s; dx++) {
                            img.setRGB(MARGIN + c * s + dx, TITLE + r * s + dy, rgb);
                        }
                    }
                }
            }
            int lx = MARGIN + mapW + MARGIN;
            for (int i = 0; i < entries.size(); i++) {
                int y = TITLE + i * ROW;
                g.setColor(new Color(ClassPalette.rgb(entryClass.get(i))));
                g.fillRect(lx, y + 2, SWATCH, SWATCH);
                g.setColor(Color.GRAY);
                g.drawRect(lx, y + 2, SWATCH, SWATCH);
            }
            if (text) {
                try {
                    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                    g.setFont(font);
                    g.setColor(Color.BLACK);
                    g.drawString(map.title(), MARGIN, TITLE - 6);
                    for (int i = 0; i < entries.size(); i++) {
                        g.drawString(entries.get(i), lx + SWATCH + 6, TITLE + i * ROW + 2 + SWATCH - 1);
                    }
                } catch (RuntimeException | Error e) {
                    // keep the image without text rather than failing the whole command
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders {@code map} and writes it to {@code png} atomically. */
    public static void write(Path png, ClassMap map) {
        BufferedImage img = render(map);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new HsiqException("no PNG writer available in this Java runtime");
            }
        });
    }
}
