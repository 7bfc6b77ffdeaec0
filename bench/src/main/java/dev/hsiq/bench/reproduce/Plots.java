/*
 * The PNG figures of the reproduction report:
 *   oa_vs_bits.png        test OA (mean over seeds, error bars = std) against the
 *                         configuration, one line per dataset and gradient mode, with the
 *                         float OA of each dataset as the leftmost point;
 *   speed_memory_vs_bits.png  engine speedup over the float plan and memory ratio against
 *                         the configuration, one line per network;
 *   maps_DATASET.png      ground truth beside the float and the 2/1 class maps of a scene.
 * Written with JFreeChart (headless AWT) through AtomicFiles.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.engine.io.AtomicFiles;
import dev.hsiq.training.output.ClassMap;
import dev.hsiq.training.output.ClassMapImage;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

public final class Plots {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private Plots() {
    }

    /**
     * The configuration order of the x axes: fp32 first, then the network-wide bit widths as they
     * come, then the variants (4-bit input, 8-bit first layer), so the lines over the bit widths
     * are not broken up by them.
     */
    static List<String> categories(List<ConfigResult> rows) {
        Set<String> cats = new LinkedHashSet<>();
        cats.add("fp32");
        for (ConfigResult r : rows) {
            if (r.plain()) {
                cats.add(r.label());
            }
        }
        for (ConfigResult r : rows) {
            cats.add(r.label());
        }
        return new ArrayList<>(cats);
    }

    /** OA against configuration, one series per dataset x gradient mode (float point shared). */
    public static Path oaVsBits(Path dir, List<ConfigResult> rows) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        List<String> cats = categories(rows);
        Set<String> grads = new LinkedHashSet<>();
        rows.stream().filter(r -> !r.isFloat()).forEach(r -> grads.add(r.grad()));
        for (String cat : cats) {
            for (ConfigResult r : rows) {
                if (!r.label().equals(cat)) {
                    continue;
                }
                if (r.isFloat()) {
                    for (String g : grads) {
                        data.add(100 * r.accuracy().oa().mean(), 100 * r.accuracy().oa().std(),
                                series(r, g), cat);
                    }
                } else {
                    data.add(100 * r.accuracy().oa().mean(), 100 * r.accuracy().oa().std(), series(r, r.grad()), cat);
                }
            }
        }
        JFreeChart chart = ChartFactory.createLineChart("Test OA against bit width (activations/weights)",
                "configuration", "overall accuracy (%)", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        style(chart);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        return write(dir.resolve("oa_vs_bits.png"), chart);
    }

    private static String series(ConfigResult r, String grad) {
        return r.dataset() + " / " + r.model() + " / " + grad + (r.firstLayer() != null ? " / " + r.firstLayer() + "-bit first layer, LSQ, EWGS "
                + ReproducePlan.VARIANT_EWGS : "") + (r.firstActivation() != 0 ? " / " + r.firstActivation()
                + "-bit first activation" : "");
    }

    /** Speedup over the float plan and memory ratio against configuration, per network. */
    public static Path speedMemoryVsBits(Path dir, List<ConfigResult> rows) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Set<String> seen = new LinkedHashSet<>();
        for (String cat : categories(rows)) {
            for (ConfigResult r : rows) {
                if (!r.label().equals(cat)) {
                    continue;
                }
                String key = r.model() + "|" + cat;
                if (!seen.add(key)) {
                    continue; // speed and memory depend on the network and bits, not on the dataset's seeds
                }
                if (Double.isFinite(r.speedup())) {
                    data.addValue(r.speedup(), r.model() + " speedup (1 thread)", cat);
                }
                if (Double.isFinite(r.memoryRatio())) {
                    data.addValue(r.memoryRatio(), r.model() + " memory ratio", cat);
                }
            }
        }
        JFreeChart chart = ChartFactory.createLineChart("Engine speedup and memory ratio against float",
                "configuration", "x float", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis log = new LogAxis("x float (log scale)");
        log.setBase(2);
        log.setSmallestValue(0.25);
        plot.setRangeAxis(log);
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        style(chart);
        return write(dir.resolve("speed_memory_vs_bits.png"), chart);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(200, 200, 200));
        plot.setDomainGridlinesVisible(true);
        plot.setDomainGridlinePaint(new Color(225, 225, 225));
        CategoryAxis x = plot.getDomainAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        for (int i = 0; i < plot.getDataset().getRowCount(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
    }

    private static Path write(Path png, JFreeChart chart) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(bytes, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(png, bytes.toByteArray());
        return png;
    }

    /** Class maps side by side (each rendered with its legend), under one title. */
    public static Path maps(Path png, String title, List<ClassMap> maps) {
        List<BufferedImage> images = new ArrayList<>();
        for (ClassMap m : maps) {
            images.add(ClassMapImage.render(m));
        }
        int gap = 16;
        int titleHeight = 30;
        int w = gap;
        int h = 0;
        for (BufferedImage im : images) {
            w += im.getWidth() + gap;
            h = Math.max(h, im.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h + titleHeight + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, gap, 21);
        int x = gap;
        for (BufferedImage im : images) {
            g.drawImage(im, x, titleHeight, null);
            x += im.getWidth() + gap;
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(out, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(png, bytes.toByteArray());
        return png;
    }
}
