/*
 * Copies whole spectra (the 1 x 1 x B input of the spectral model; contiguous B values per
 * sample) of chosen samples into a batch, optionally normalized on the way exactly as
 * Normalization.apply does. Samples come from any sample-major array (a scene's BIP cube or
 * a LabeledSpectra's rows).
 */
package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.training.data.LabeledData;

public final class SpectrumExtractor {

    private final float[] data;
    private final int bands;
    private final int samples;
    private final float[] low;
    private final float[] range;

    public SpectrumExtractor(LabeledData data, Normalization norm) {
        this(data.data(), data.bands(), norm);
    }

    /** Spectra of sample-major {@code data} with {@code bands} values each; norm may be null. */
    public SpectrumExtractor(float[] data, int bands, Normalization norm) {
        if (bands <= 0 || data.length % bands != 0) {
            throw new BadInputException(data.length + " values are not whole spectra of " + bands + " bands");
        }
        if (norm != null && norm.bands() != bands) {
            throw new BadInputException("normalization has " + norm.bands() + " bands, the data " + bands);
        }
        this.data = data;
        this.bands = bands;
        this.samples = data.length / bands;
        this.low = norm == null ? null : norm.low();
        this.range = norm == null ? null : NormalizationFit.ranges(norm);
    }

    public int bands() {
        return bands;
    }

    /** Writes the spectrum of {@code sample} at out[offset .. offset+bands). */
    public void extract(int sample, float[] out, int offset) {
        if (sample < 0 || sample >= samples) {
            throw new BadInputException("sample " + sample + " is outside 0.." + (samples - 1));
        }
        int src = sample * bands;
        if (low == null) {
            System.arraycopy(data, src, out, offset, bands);
        } else {
            for (int b = 0; b < bands; b++) {
                out[offset + b] = (data[src + b] - low[b]) / range[b];
            }
        }
    }

    /** Spectra of samples[from .. from+count) one after another at out[outOffset...]. */
    public void extractBatch(int[] samples, int from, int count, float[] out, int outOffset) {
        for (int i = 0; i < count; i++) {
            extract(samples[from + i], out, outOffset + i * bands);
        }
    }

    public float[] extractBatch(int[] samples, int from, int count) {
        float[] out = new float[Math.multiplyExact(count, bands)];
        extractBatch(samples, from, count, out, 0);
        return out;
    }
}
