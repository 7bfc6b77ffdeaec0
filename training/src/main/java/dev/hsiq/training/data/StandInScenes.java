/*
 * Builds the stand-in scenes that take the place of the canonical cubes missing from the
 * data directory (DESIGN section 3). Both kinds keep the real ground-truth layout:
 *
 * Semisynthetic (Indian Pines, Botswana): every labeled pixel receives one real labeled
 * spectrum of its class from the labeled_only file; the per-class counts of the file and
 * the ground truth are equal, so this is a per-class permutation and the labeled pixels
 * hold exactly the real spectra. The permutation is not uniform: the pixels of a class are
 * visited along a Hilbert curve and given spectra in order of brightness (mean over bands)
 * perturbed by Gaussian rank noise (sd 0.15 of the class size). Neighbouring pixels thus
 * get different but similar spectra and fields vary smoothly, like real scenes, instead of
 * salt-and-pepper noise or repeated copies.
 *
 * Synthetic (the other scenes): each class has a smooth mean spectrum of the scene's band
 * count (a family baseline of Gaussian bumps, a slope and a red-edge step, shared by
 * about three classes, plus a class-specific perturbation and scale, in DN-like units
 * around 1000-8000), two smooth variation directions, and a pixel is mean*(1 + 0.06 g1) +
 * 0.04*level*(g2 d1 + g3 d2) + 1% noise, where g1..g3 mix a spatially smooth random field
 * (bilinear on a 12-pixel grid) with white noise.
 *
 * Unlabeled pixels, both kinds: each takes the class of its nearest labeled pixel
 * (8-connected breadth-first distance), gets a random sample of that class (a random real
 * spectrum, or a synthetic sample), then a 5 x 5 box average over that field (labeled
 * pixels contribute their own spectra), so class borders blend, plus Gaussian noise of 3%
 * of the per-band spread of the labeled spectra, clamped at 0.
 *
 * Everything is seeded from the dataset name (SplitMix64.seedOf), single-threaded, and
 * uses only the deterministic generator, so a name always builds the same scene. Nothing
 * is cached on disk.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.training.protocol.SplitMix64;

import java.util.Arrays;
import java.util.List;

public final class StandInScenes {

    private static final int BLUR_RADIUS = 2;
    private static final double RANK_JITTER = 0.15;
    private static final float UNLABELED_NOISE = 0.03f;

    private StandInScenes() {
    }

    /** The semisynthetic stand-in of a registry entry, from its contiguous labels and real spectra. */
    public static Scene semisynthetic(DatasetInfo info, int[] labels, LabeledSpectra spectra) {
        return semisynthetic(info.name(), info.rows(), info.cols(), labels, spectra, info.classNames(),
                info.classIds(), SplitMix64.seedOf(info.name()), info.provenance());
    }

    /**
     * Places real labeled spectra into a layout: labels (row-major, 0..K) must have exactly
     * as many pixels of each class as {@code spectra} has spectra of it.
     */
    public static Scene semisynthetic(String name, int rows, int cols, int[] labels, LabeledSpectra spectra,
                                      List<String> classNames, int[] classIds, long seed, String provenance) {
        int k = classNames.size();
        int bands = spectra.bands();
        if (labels.length != rows * cols) {
            throw new BadInputException(name + ": " + labels.length + " labels for " + rows + " x " + cols + " pixels");
        }
        int[] pixelCounts = counts(labels, k);
        int[] spectrumCounts = counts(spectra.labels(), k);
        for (int c = 0; c < k; c++) {
            if (pixelCounts[c] != spectrumCounts[c]) {
                throw new BadInputException(name + ": class " + (c + 1) + " " + classNames.get(c) + " has "
                        + pixelCounts[c] + " labeled pixels in the ground truth but " + spectrumCounts[c]
                        + " spectra in " + spectra.name() + "; a semisynthetic scene needs equal counts");
            }
        }
        float[] cube = new float[Math.multiplyExact(rows * cols, bands)];
        SplitMix64 rng = new SplitMix64(seed);
        int[][] pixelsOf = membersByClass(labels, k);
        int[][] spectraOf = membersByClass(spectra.labels(), k);
        float[] src = spectra.spectra();
        for (int c = 0; c < k; c++) {
            int[] pixels = hilbertOrder(pixelsOf[c], rows, cols);
            int[] order = brightnessOrder(spectraOf[c], src, bands, rng);
            for (int i = 0; i < pixels.length; i++) {
                System.arraycopy(src, order[i] * bands, cube, pixels[i] * bands, bands);
            }
        }
        ClassSampler sampler = (cls, r, c, g, out, off) -> {
            int[] pool = spectraOf[cls - 1];
            System.arraycopy(src, pool[g.nextInt(pool.length)] * bands, out, off, bands);
        };
        fillUnlabeled(cube, labels, rows, cols, bands, sampler, bandSpread(src, bands), rng);
        return new Scene(name, rows, cols, bands, cube, labels, classNames, classIds, provenance);
    }

    /** The synthetic stand-in of a registry entry, from its contiguous labels. */
    public static Scene synthetic(DatasetInfo info, int[] labels) {
        return synthetic(info.name(), info.rows(), info.cols(), info.bands(), labels, info.classNames(),
                info.classIds(), SplitMix64.seedOf(info.name()), info.provenance());
    }

    /** A synthetic scene of any layout (also handy for small test scenes). */
    public static Scene synthetic(String name, int rows, int cols, int bands, int[] labels, List<String> classNames,
                                  int[] classIds, long seed, String provenance) {
        int k = classNames.size();
        if (labels.length != rows * cols) {
            throw new BadInputException(name + ": " + labels.length + " labels for " + rows + " x " + cols + " pixels");
        }
        if (k == 0 || Arrays.stream(labels).noneMatch(l -> l > 0)) {
            throw new BadInputException(name + ": a synthetic scene needs at least one labeled pixel");
        }
        SplitMix64 rng = new SplitMix64(seed);
        SyntheticClasses model = new SyntheticClasses(k, bands, rng);
        SmoothField[] fields = {new SmoothField(rows, cols, rng), new SmoothField(rows, cols, rng),
                new SmoothField(rows, cols, rng)};
        float[] cube = new float[Math.multiplyExact(rows * cols, bands)];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int p = r * cols + c;
                if (labels[p] > 0) {
                    model.sample(labels[p] - 1, fields[0].at(r, c), fields[1].at(r, c), fields[2].at(r, c), rng,
                            cube, p * bands);
                }
            }
        }
        ClassSampler sampler = (cls, r, c, g, out, off) -> model.sample(cls - 1, fields[0].at(r, c),
                fields[1].at(r, c), fields[2].at(r, c), g, out, off);
        float[] spread = new float[bands];
        for (int b = 0; b < bands; b++) {
            spread[b] = model.spread(b);
        }
        fillUnlabeled(cube, labels, rows, cols, bands, sampler, spread, rng);
        return new Scene(name, rows, cols, bands, cube, labels, classNames, classIds, provenance);
    }

    /** Draws one sample of class {@code cls} (1..K) for pixel (r, c) into out[off, off+bands). */
    @FunctionalInterface
    private interface ClassSampler {
        void sample(int cls, int r, int c, SplitMix64 rng, float[] out, int off);
    }

    /** Nearest-class draw, 5 x 5 blur and noise for every unlabeled pixel (see the class comment). */
    private static void fillUnlabeled(float[] cube, int[] labels, int rows, int cols, int bands, ClassSampler sampler,
                                      float[] spread, SplitMix64 rng) {
        int[] nearest = nearestClass(labels, rows, cols);
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] == 0) {
                sampler.sample(nearest[p], p / cols, p % cols, rng, cube, p * bands);
            }
        }
        blurUnlabeled(cube, labels, rows, cols, bands);
        float[] table = gaussianTable(rng);
        float[] sd = new float[bands];
        for (int b = 0; b < bands; b++) {
            sd[b] = UNLABELED_NOISE * spread[b];
        }
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] != 0) {
                continue;
            }
            int off = p * bands;
            long bits = 0;
            for (int b = 0; b < bands; b++) {
                if ((b & 3) == 0) {
                    bits = rng.nextLong();
                }
                float g = table[(int) (bits & 0xffff)];
                bits >>>= 16;
                cube[off + b] = Math.max(0f, cube[off + b] + sd[b] * g);
            }
        }
    }

    /** Class (1..K) of the nearest labeled pixel by 8-connected breadth-first search. */
    static int[] nearestClass(int[] labels, int rows, int cols) {
        int n = labels.length;
        int[] nearest = new int[n];
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int p = 0; p < n; p++) {
            if (labels[p] > 0) {
                nearest[p] = labels[p];
                queue[tail++] = p;
            }
        }
        if (tail == 0) {
            throw new BadInputException("a stand-in scene needs at least one labeled pixel");
        }
        while (head < tail) {
            int p = queue[head++];
            int r = p / cols;
            int c = p % cols;
            for (int dr = -1; dr <= 1; dr++) {
                int rr = r + dr;
                if (rr < 0 || rr >= rows) {
                    continue;
                }
                for (int dc = -1; dc <= 1; dc++) {
                    int cc = c + dc;
                    if (cc < 0 || cc >= cols) {
                        continue;
                    }
                    int q = rr * cols + cc;
                    if (nearest[q] == 0) {
                        nearest[q] = nearest[p];
                        queue[tail++] = q;
                    }
                }
            }
        }
        return nearest;
    }

    /**
     * Replaces each unlabeled pixel by the mean of the (2R+1)^2 window around it (clipped at
     * the border). Separable running sums: each row's horizontal window sums go into a ring
     * of 2R+2 rows, computed just before the row first enters the vertical window, and the
     * vertical sums are updated by adding the entering row and subtracting the leaving one.
     * A cube row is overwritten only after its horizontal sums have been taken.
     */
    private static void blurUnlabeled(float[] cube, int[] labels, int rows, int cols, int bands) {
        int ringSize = 2 * BLUR_RADIUS + 2;
        int rowLen = cols * bands;
        float[][] ring = new float[ringSize][rowLen];
        float[] vertical = new float[rowLen];
        float[] acc = new float[bands];
        int computed = -1;
        for (int r = 0; r < rows; r++) {
            int enter = Math.min(rows - 1, r + BLUR_RADIUS);
            while (computed < enter) {
                computed++;
                float[] h = ring[computed % ringSize];
                horizontalSums(cube, computed, cols, bands, h, acc);
                for (int i = 0; i < rowLen; i++) {
                    vertical[i] += h[i];
                }
            }
            int leave = r - BLUR_RADIUS - 1;
            if (leave >= 0) {
                float[] h = ring[leave % ringSize];
                for (int i = 0; i < rowLen; i++) {
                    vertical[i] -= h[i];
                }
            }
            int r0 = Math.max(0, r - BLUR_RADIUS);
            int r1 = Math.min(rows - 1, r + BLUR_RADIUS);
            for (int c = 0; c < cols; c++) {
                int p = r * cols + c;
                if (labels[p] != 0) {
                    continue;
                }
                int c0 = Math.max(0, c - BLUR_RADIUS);
                int c1 = Math.min(cols - 1, c + BLUR_RADIUS);
                float inv = 1f / ((r1 - r0 + 1) * (c1 - c0 + 1));
                int src = c * bands;
                int dst = p * bands;
                for (int b = 0; b < bands; b++) {
                    cube[dst + b] = vertical[src + b] * inv;
                }
            }
        }
    }

    /** h[c] = sum of row r's spectra over columns c-R..c+R (clipped), by a running sum. */
    private static void horizontalSums(float[] cube, int r, int cols, int bands, float[] h, float[] acc) {
        int rowOff = r * cols * bands;
        java.util.Arrays.fill(acc, 0f);
        for (int cc = 0; cc <= Math.min(cols - 1, BLUR_RADIUS); cc++) {
            int src = rowOff + cc * bands;
            for (int b = 0; b < bands; b++) {
                acc[b] += cube[src + b];
            }
        }
        System.arraycopy(acc, 0, h, 0, bands);
        for (int c = 1; c < cols; c++) {
            int in = c + BLUR_RADIUS;
            int out = c - BLUR_RADIUS - 1;
            if (in < cols) {
                int src = rowOff + in * bands;
                for (int b = 0; b < bands; b++) {
                    acc[b] += cube[src + b];
                }
            }
            if (out >= 0) {
                int src = rowOff + out * bands;
                for (int b = 0; b < bands; b++) {
                    acc[b] -= cube[src + b];
                }
            }
            System.arraycopy(acc, 0, h, c * bands, bands);
        }
    }

    /** Per-band standard deviation over all given spectra (the scale of the added noise). */
    private static float[] bandSpread(float[] spectra, int bands) {
        int n = spectra.length / bands;
        double[] sum = new double[bands];
        double[] sq = new double[bands];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < bands; b++) {
                double v = spectra[i * bands + b];
                sum[b] += v;
                sq[b] += v * v;
            }
        }
        float[] out = new float[bands];
        for (int b = 0; b < bands; b++) {
            double mean = sum[b] / n;
            out[b] = (float) Math.sqrt(Math.max(0, sq[b] / n - mean * mean));
        }
        return out;
    }

    /** 65536 standard normal deviates; indexed by 16 random bits for fast, deterministic noise. */
    private static float[] gaussianTable(SplitMix64 rng) {
        float[] t = new float[1 << 16];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) rng.nextGaussian();
        }
        return t;
    }

    private static int[] counts(int[] labels, int k) {
        int[] counts = new int[k];
        for (int l : labels) {
            if (l > 0 && l <= k) {
                counts[l - 1]++;
            }
        }
        return counts;
    }

    /** For each class 1..K, the indices carrying it, ascending. */
    private static int[][] membersByClass(int[] labels, int k) {
        int[] counts = counts(labels, k);
        int[][] out = new int[k][];
        for (int c = 0; c < k; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[k];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l > 0) {
                out[l - 1][fill[l - 1]++] = i;
            }
        }
        return out;
    }

    /** The pixels sorted by their position along a Hilbert curve covering the scene. */
    static int[] hilbertOrder(int[] pixels, int rows, int cols) {
        int n = Integer.highestOneBit(Math.max(1, Math.max(rows, cols) - 1)) << 1;
        long[] keys = new long[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            keys[i] = (hilbertIndex(n, p % cols, p / cols) << 32) | p;
        }
        Arrays.sort(keys);
        int[] out = new int[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }

    /** Distance of (x, y) along the Hilbert curve of an n x n grid (n a power of two). */
    static long hilbertIndex(int n, int x, int y) {
        long d = 0;
        for (int s = n / 2; s > 0; s /= 2) {
            int rx = (x & s) > 0 ? 1 : 0;
            int ry = (y & s) > 0 ? 1 : 0;
            d += (long) s * s * ((3 * rx) ^ ry);
            if (ry == 0) { // rotate the quadrant so the sub-curve connects
                if (rx == 1) {
                    x = n - 1 - x;
                    y = n - 1 - y;
                }
                int t = x;
                x = y;
                y = t;
            }
        }
        return d;
    }

    /** Spectrum indices sorted by brightness rank plus Gaussian jitter. */
    private static int[] brightnessOrder(int[] members, float[] spectra, int bands, SplitMix64 rng) {
        int m = members.length;
        long[] byBrightness = new long[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            int off = members[i] * bands;
            for (int b = 0; b < bands; b++) {
                s += spectra[off + b];
            }
            // float bits made order-preserving for negative values too; index in the low half
            int bits = Float.floatToIntBits((float) (s / bands));
            bits ^= (bits >> 31) & 0x7fffffff;
            byBrightness[i] = ((long) bits << 32) | i;
        }
        Arrays.sort(byBrightness);
        double[] key = new double[m];
        Integer[] idx = new Integer[m];
        for (int rank = 0; rank < m; rank++) {
            int i = (int) byBrightness[rank];
            key[i] = (double) rank / Math.max(1, m) + RANK_JITTER * rng.nextGaussian();
            idx[rank] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(key[a], key[b]) != 0 ? Double.compare(key[a], key[b])
                : Integer.compare(a, b));
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = members[idx[i]];
        }
        return out;
    }

    /** Smooth random class spectra and their variation directions (see the class comment). */
    private static final class SyntheticClasses {
        private final int bands;
        private final float[][] mean;
        private final float[][] dir1;
        private final float[][] dir2;
        private final float[] noise;
        private final float[] table;

        SyntheticClasses(int k, int bands, SplitMix64 rng) {
            this.bands = bands;
            int families = Math.max(2, (k + 2) / 3);
            double[][] family = new double[families][];
            for (int f = 0; f < families; f++) {
                family[f] = smoothCurve(bands, rng, 0.10 + 0.25 * rng.nextDouble(), 4, 0.35, true);
            }
            mean = new float[k][bands];
            dir1 = new float[k][bands];
            dir2 = new float[k][bands];
            noise = new float[bands];
            double level = 0;
            for (int c = 0; c < k; c++) {
                double[] base = family[c % families];
                double[] own = smoothCurve(bands, rng, 0, 2, 0.05, false);
                double scale = 1 + 0.16 * (rng.nextDouble() - 0.5);
                double[] d1 = unit(smoothCurve(bands, rng, 0, 2, 1, false));
                double[] d2 = unit(smoothCurve(bands, rng, 0, 2, 1, false));
                double avg = 0;
                for (int b = 0; b < bands; b++) {
                    double v = Math.max(0.01, (base[b] + own[b]) * scale) * 6000;
                    mean[c][b] = (float) v;
                    avg += v / bands;
                }
                for (int b = 0; b < bands; b++) {
                    dir1[c][b] = (float) (0.04 * avg * d1[b]);
                    dir2[c][b] = (float) (0.04 * avg * d2[b]);
                }
                level += avg / k;
            }
            for (int b = 0; b < bands; b++) {
                noise[b] = (float) (0.01 * level);
            }
            table = gaussianTable(rng);
        }

        /** a + s*x + red-edge step + sum of Gaussian bumps, x = band / (bands - 1). */
        private static double[] smoothCurve(int bands, SplitMix64 rng, double offset, int bumps, double height,
                                            boolean withTrend) {
            double slope = withTrend ? 0.3 * (rng.nextDouble() - 0.33) : 0;
            double edgeAt = 0.3 + 0.25 * rng.nextDouble();
            double edge = withTrend ? 0.35 * rng.nextDouble() : 0;
            double[] mu = new double[bumps];
            double[] w = new double[bumps];
            double[] h = new double[bumps];
            for (int i = 0; i < bumps; i++) {
                mu[i] = rng.nextDouble();
                w[i] = 0.03 + 0.17 * rng.nextDouble();
                h[i] = height * (2 * rng.nextDouble() - (withTrend ? 0.6 : 1));
            }
            double[] out = new double[bands];
            for (int b = 0; b < bands; b++) {
                double x = bands == 1 ? 0 : (double) b / (bands - 1);
                double v = offset + slope * x + edge / (1 + Math.exp(-(x - edgeAt) / 0.02));
                for (int i = 0; i < bumps; i++) {
                    double z = (x - mu[i]) / w[i];
                    v += h[i] * Math.exp(-0.5 * z * z);
                }
                out[b] = v;
            }
            return out;
        }

        private static double[] unit(double[] v) {
            double m = 0;
            for (double x : v) {
                m = Math.max(m, Math.abs(x));
            }
            if (m > 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] /= m;
                }
            }
            return v;
        }

        float spread(int b) {
            double s = 0;
            double s2 = 0;
            for (float[] m : mean) {
                s += m[b];
                s2 += (double) m[b] * m[b];
            }
            double mu = s / mean.length;
            return (float) Math.sqrt(Math.max(s2 / mean.length - mu * mu, 0) + noise[b] * noise[b]);
        }

        void sample(int cls, float f1, float f2, float f3, SplitMix64 rng, float[] out, int off) {
            float g1 = 0.7f * f1 + 0.7f * (float) rng.nextGaussian();
            float g2 = 0.7f * f2 + 0.7f * (float) rng.nextGaussian();
            float g3 = 0.7f * f3 + 0.7f * (float) rng.nextGaussian();
            float scale = 1 + 0.06f * g1;
            float[] m = mean[cls];
            float[] d1 = dir1[cls];
            float[] d2 = dir2[cls];
            long bits = 0;
            for (int b = 0; b < bands; b++) {
                if ((b & 3) == 0) {
                    bits = rng.nextLong();
                }
                float e = table[(int) (bits & 0xffff)];
                bits >>>= 16;
                out[off + b] = Math.max(0f, m[b] * scale + g2 * d1[b] + g3 * d2[b] + noise[b] * e);
            }
        }
    }

    /** A smooth random field: N(0,1) values on a 12-pixel grid, bilinearly interpolated. */
    private static final class SmoothField {
        private static final int STEP = 12;
        private final int gridCols;
        private final float[] grid;

        SmoothField(int rows, int cols, SplitMix64 rng) {
            int gridRows = rows / STEP + 2;
            gridCols = cols / STEP + 2;
            grid = new float[gridRows * gridCols];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = (float) rng.nextGaussian();
            }
        }

        float at(int r, int c) {
            int gr = r / STEP;
            int gc = c / STEP;
            float fr = (r % STEP) / (float) STEP;
            float fc = (c % STEP) / (float) STEP;
            int i = gr * gridCols + gc;
            float top = grid[i] * (1 - fc) + grid[i + 1] * fc;
            float bottom = grid[i + gridCols] * (1 - fc) + grid[i + gridCols + 1] * fc;
            return top * (1 - fr) + bottom * fr;
        }
    }
}
