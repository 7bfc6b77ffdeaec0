/*
 * The range the quantized network's input quantizer covers, and the first-layer fold that
 * lets a model fine-tune from one normalized otherwise.
 *
 * Why. The normalization (NormalizationFit) maps a band's robust extremes, the 0.5th and
 * 99.5th training percentiles, to 0 and 1. A float network reads values outside [0, 1] as
 * they are; the quantized network's input quantizer (code = round(clip(v, 0, 1) * L)) clips
 * them. On IndianPines-spectra (seeds 1-5, 10% training) a third of the test spectra have a
 * band outside [0, 1], and clipping and rounding the input to 8 bits alone cost the float
 * models 0.20 OA points on average (0.04-0.46 per seed); with a margin of 0.1 the same models
 * lost nothing (-0.04 to +0.09 per seed, +0.01 on average). On Botswana-spectra neither
 * mattered (+0.01 on average), but a margin of 0.25 cost 0.12 there (coarser steps), hence
 * 0.1 (the InputClipping driver in the tests; training/QAT.md, "Input range").
 *
 * What. The quantized network is normalized with the range widened by a margin m on each
 * side, low' = low - m r and high' = high + m r (r = high - low), so its normalized input is
 * v' = (v + m) / (1 + 2m): values up to m r beyond the training extremes keep their codes,
 * at 1 + 2m times the step (8 bits: 1.2 / 255 instead of 1 / 255 at m = 0.1).
 *
 * Fold. A model normalized with (low0, high0) reads v0 = a v + c of a new normalization's v,
 * per band b: a_b = r_b / r0_b, c_b = (low_b - low0_b) / r0_b (r = high - low). The first
 * conv or dense layer computes z = bias + sum w v0, so with
 *     w'[o][i] = a_band(i) w[o][i],   bias'[o] = bias[o] + sum_i c_band(i) w[o][i]
 * it computes the same z from v (exactly, up to float rounding, when the layer has no zero
 * padding: a padded tap reads 0 in either normalization). Pools, flatten and dropout before it
 * commute with a positive affine map. Bands are input channels of a patch network (any a, c);
 * a spectrum network slides one weight vector along the bands, so there the fold needs the
 * same a and c for every band, which a uniform margin gives. Otherwise nothing is folded and
 * the fine-tuning has to adapt (a note says so).
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.train.LabeledSamples;

public record InputRange(double margin) {

    /** The default margin: the smallest measured that removed the clipping loss (see the type comment). */
    public static final double DEFAULT_MARGIN = 0.1;

    /** Largest margin accepted: beyond it the step grows past 20 times the unwidened one. */
    public static final double MAX_MARGIN = 10;

    /**
     * Bands whose a or c differ by more than this are not one uniform affine map (float
     * rounding of a widened low / high moves them by up to ulp(low) / r, about 1e-4 for a band
     * whose range is 1e-3 of its level, NormalizationFit's floor).
     */
    private static final double UNIFORM_TOLERANCE = 1e-3;

    public InputRange {
        if (!(margin >= 0 && margin <= MAX_MARGIN)) {
            throw new IllegalArgumentException("input margin " + margin + " must be in [0, " + MAX_MARGIN + "]");
        }
    }

    /** The widened normalization: low - m r, high + m r per band. */
    public Normalization widen(Normalization n) {
        if (margin == 0) {
            return n;
        }
        float[] low = n.low().clone();
        float[] high = n.high().clone();
        for (int b = 0; b < low.length; b++) {
            double r = (double) high[b] - low[b];
            low[b] = (float) (low[b] - margin * r);
            high[b] = (float) (high[b] + margin * r);
        }
        return new Normalization(low, high);
    }

    /** Samples normalized with the unwidened normalization, rescaled to the widened one: (v + m) / (1 + 2m). */
    public LabeledSamples rescale(LabeledSamples s) {
        if (margin == 0 || s == null) {
            return s;
        }
        float[] x = s.data();
        float[] y = new float[x.length];
        double scale = 1 + 2 * margin;
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) ((x[i] + margin) / scale);
        }
        return new LabeledSamples(y, s.labels(), s.shape());
    }

    /**
     * Folds the change from normalization {@code from} to {@code to} into the first conv or
     * dense layer of {@code net} (type comment). Returns null when done (or nothing to do), else
     * why not.
     */
    public static String fold(Network net, Normalization from, Normalization to) {
        int bands = from.low().length;
        double[] a = new double[bands];
        double[] c = new double[bands];
        boolean identity = true;
        for (int b = 0; b < bands; b++) {
            double r0 = (double) from.high()[b] - from.low()[b];
            a[b] = ((double) to.high()[b] - to.low()[b]) / r0;
            c[b] = ((double) to.low()[b] - from.low()[b]) / r0;
            identity &= a[b] == 1 && c[b] == 0;
        }
        if (identity) {
            return null;
        }
        ModelSpec spec = net.spec();
        LayerSpec first = null;
        for (LayerSpec l : spec.layers()) {
            if (l instanceof LayerSpec.Conv || l instanceof LayerSpec.Dense) {
                first = l;
                break;
            }
            if (!(l instanceof LayerSpec.Pool || l instanceof LayerSpec.Flatten || l instanceof LayerSpec.Dropout)) {
                return "layer " + l.name() + " comes before the first conv or dense layer";
            }
        }
        if (first == null) {
            return "the network has no conv or dense layer";
        }
        boolean spectrum = spec.input() == ModelSpec.InputKind.SPECTRUM;
        if (spectrum) {
            if (!uniform(a, c)) {
                return "the bands of a spectrum network share weights, and the two normalizations differ by a "
                        + "different affine map per band";
            }
            a[0] = mean(a);
            c[0] = mean(c);
        }
        float[] w = net.param(first.name() + ".weight").value();
        float[] bias = net.param(first.name() + ".bias").value();
        int out = bias.length;
        int in = w.length / out;
        // input index i of a weight row -> its band: a spectrum network has one band for all (uniform);
        // a patch network's conv reads bands as channels [in][kh][kw], its dense [band][row][column]
        int perBand = spectrum ? in : in / bands;
        for (int o = 0; o < out; o++) {
            double shift = 0;
            for (int i = 0; i < in; i++) {
                int band = spectrum ? 0 : i / perBand;
                int k = o * in + i;
                shift += c[band] * w[k];
                w[k] = (float) (a[band] * w[k]);
            }
            bias[o] = (float) (bias[o] + shift);
        }
        return null;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static boolean uniform(double[] a, double[] c) {
        for (int b = 1; b < a.length; b++) {
            if (Math.abs(a[b] - a[0]) > UNIFORM_TOLERANCE * Math.abs(a[0])
                    || Math.abs(c[b] - c[0]) > UNIFORM_TOLERANCE * Math.max(1, Math.abs(c[0]))) {
                return false;
            }
        }
        return true;
    }
}
