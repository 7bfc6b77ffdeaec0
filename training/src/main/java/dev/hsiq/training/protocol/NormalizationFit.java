/*
 * Fits the per-band input normalization on training samples only and applies it.
 * low[b] and high[b] are robust extremes: the 0.5th and 99.5th percentiles of band b over
 * the training samples, with linear interpolation between order statistics (numpy's
 * default: position p/100 * (n-1)), so a few saturated or dead pixels do not squeeze
 * the useful range. Guard: if high <= low (a band constant over the central 99% of the
 * training samples) the band's training min and max are used instead, and if those are
 * equal too, high = low + max(|low| * 1e-3, 1e-3), so that x' = (x - low) / (high - low)
 * is always defined (such a band then maps to about 0). Values outside [low, high] map
 * outside [0, 1]; the quantized first layer clips them.
 */
package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.training.data.LabeledData;

import java.util.Arrays;

public final class NormalizationFit {

    public static final double LOW_PERCENTILE = 0.5;
    public static final double HIGH_PERCENTILE = 99.5;

    private NormalizationFit() {
    }

    /** Fits on the training samples {@code train} (indices into the data) of {@code data}. */
    public static Normalization fit(LabeledData data, int[] train) {
        return fit(data.data(), data.bands(), train, LOW_PERCENTILE, HIGH_PERCENTILE);
    }

    /** Fits on samples {@code indices} of sample-major {@code values} with the given percentiles. */
    public static Normalization fit(float[] values, int bands, int[] indices, double lowPercentile,
                                    double highPercentile) {
        if (indices.length == 0) {
            throw new BadInputException("cannot fit a normalization on zero training samples");
        }
        if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100)) {
            throw new BadInputException("percentiles must satisfy 0 <= low < high <= 100, got " + lowPercentile
                    + " and " + highPercentile);
        }
        int n = indices.length;
        float[] low = new float[bands];
        float[] high = new float[bands];
        float[] column = new float[n];
        for (int b = 0; b < bands; b++) {
            for (int i = 0; i < n; i++) {
                column[i] = values[indices[i] * bands + b];
            }
            Arrays.sort(column);
            float lo = percentileOfSorted(column, lowPercentile);
            float hi = percentileOfSorted(column, highPercentile);
            if (!(hi > lo)) {
                lo = column[0];
                hi = column[n - 1];
            }
            if (!(hi > lo)) {
                hi = lo + Math.max(Math.abs(lo) * 1e-3f, 1e-3f);
            }
            low[b] = lo;
            high[b] = hi;
        }
        return new Normalization(low, high);
    }

    /** Linear-interpolated percentile p (0..100) of an ascending array (numpy "linear"). */
    public static float percentileOfSorted(float[] sorted, double p) {
        double pos = p / 100.0 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        double frac = pos - i;
        return (float) (sorted[i] + (sorted[j] - (double) sorted[i]) * frac);
    }

    /** A normalized copy of sample-major {@code values}. */
    public static float[] apply(Normalization norm, float[] values, int bands) {
        float[] out = values.clone();
        applyInPlace(norm, out, bands);
        return out;
    }

    /**
     * Normalizes sample-major {@code values} in place, computing exactly what
     * Normalization.apply computes ((x - low) / (high - low), a division, not a multiply by
     * the reciprocal), so training and the engine see bit-identical inputs.
     */
    public static void applyInPlace(Normalization norm, float[] values, int bands) {
        if (norm.bands() != bands) {
            throw new BadInputException("normalization has " + norm.bands() + " bands, the data " + bands);
        }
        float[] low = norm.low();
        float[] range = ranges(norm);
        for (int i = 0; i < values.length; i += bands) {
            for (int b = 0; b < bands; b++) {
                values[i + b] = (values[i + b] - low[b]) / range[b];
            }
        }
    }

    /** high - low per band. */
    static float[] ranges(Normalization norm) {
        float[] low = norm.low();
        float[] high = norm.high();
        float[] r = new float[low.length];
        for (int b = 0; b < r.length; b++) {
            r[b] = high[b] - low[b];
        }
        return r;
    }
}
