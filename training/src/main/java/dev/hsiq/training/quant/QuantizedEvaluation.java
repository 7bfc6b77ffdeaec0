/*
 * Evaluates a quantized Model with its integer semantics: ReferenceExecutor, the plain-loop
 * oracle of the integer engine (issue 4 item 5), not the float fake-quant forward of the
 * training network. The two agree except where float rounding puts an activation on the
 * other side of a level boundary (QatForwardAgreementTest measures how often).
 *
 * Samples given already normalized (LabeledSamples, as training holds them) run through a
 * copy of the model whose normalization is the identity (low 0, high 1: (x - 0) / 1 = x
 * exactly in float), which gives bit for bit what the model computes on the raw values when
 * the data were normalized by Normalization.apply's formula (NormalizationFit and
 * SpectrumExtractor do exactly that).
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.reference.ReferenceExecutor;
import dev.hsiq.training.train.LabeledSamples;

import java.util.Arrays;

public final class QuantizedEvaluation {

    private QuantizedEvaluation() {
    }

    /** {@code model} with the identity normalization, for samples that are normalized already. */
    public static Model forNormalizedInput(Model model) {
        float[] low = new float[model.bands()];
        float[] high = new float[model.bands()];
        Arrays.fill(high, 1f);
        return new Model(model.spec(), model.bands(), model.classNames(), new Normalization(low, high),
                model.params(), model.qweights(), model.metadata());
    }

    /** Integer-semantics labels (0-based) of normalized samples. */
    public static int[] predict(Model model, LabeledSamples normalized) {
        ReferenceExecutor ex = new ReferenceExecutor(forNormalizedInput(model));
        int size = normalized.shape().size();
        int[] out = new int[normalized.count()];
        float[] x = new float[size];
        float[] data = normalized.data();
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(data, i * size, x, 0, size);
            out[i] = ex.label(x);
        }
        return out;
    }

    /** Fraction of normalized samples the integer semantics classify correctly. */
    public static double accuracy(Model model, LabeledSamples normalized) {
        if (normalized.count() == 0) {
            return Double.NaN;
        }
        int[] p = predict(model, normalized);
        long correct = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == normalized.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / p.length;
    }
}
