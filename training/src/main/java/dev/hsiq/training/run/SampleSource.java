/*
 * The model inputs of chosen samples of a dataset, in the layout a model takes: whole
 * spectra (1 x 1 x B) for a spectrum network, B x P x P patches (CHW, mirror padded at the
 * border) for a patch network. With a Normalization the values come normalized (what the
 * training network reads); without, raw (what the engine and the reference executor read,
 * since a model applies its own normalization).
 */
package dev.hsiq.training.run;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.Shape;
import dev.hsiq.training.data.LabeledData;
import dev.hsiq.training.data.Scene;
import dev.hsiq.training.protocol.PatchExtractor;
import dev.hsiq.training.protocol.SpectrumExtractor;

public final class SampleSource {

    private final SpectrumExtractor spectra;
    private final PatchExtractor patches;
    private final Shape shape;

    private SampleSource(SpectrumExtractor spectra, PatchExtractor patches, Shape shape) {
        this.spectra = spectra;
        this.patches = patches;
        this.shape = shape;
    }

    /** Inputs of {@code spec} from {@code data}; {@code norm} may be null for raw values. */
    public static SampleSource of(ModelSpec spec, LabeledData data, Normalization norm) {
        Shape shape = spec.inputShape(data.bands());
        if (spec.input() == ModelSpec.InputKind.SPECTRUM) {
            return new SampleSource(new SpectrumExtractor(data, norm), null, shape);
        }
        if (!(data instanceof Scene scene)) {
            throw new BadInputException("model " + spec.name() + " reads " + spec.patchSize() + "x" + spec.patchSize()
                    + " patches, but dataset " + data.name() + " has labeled spectra without pixel positions; "
                    + "use a scene (for example " + data.name().replace("-spectra", "-semisynthetic") + ")");
        }
        return new SampleSource(null, new PatchExtractor(scene, spec.patchSize(), norm), shape);
    }

    /** The input shape of one sample. */
    public Shape shape() {
        return shape;
    }

    /** Values per sample. */
    public int length() {
        return shape.size();
    }

    /** Writes samples idx[from .. from+count) to out[offset ..], one after another. */
    public void extract(int[] idx, int from, int count, float[] out, int offset) {
        if (spectra != null) {
            spectra.extractBatch(idx, from, count, out, offset);
        } else {
            patches.extractBatch(idx, from, count, out, offset);
        }
    }

    /** A new array with samples idx[from .. from+count). */
    public float[] extract(int[] idx, int from, int count) {
        float[] out = new float[Math.multiplyExact(count, length())];
        extract(idx, from, count, out, 0);
        return out;
    }
}
