/*
 * A dataset made ready for one training run: the data, its stratified split, the
 * normalization fitted on the training samples only, and the normalized training (and
 * validation) inputs in the model's layout with 0-based labels.
 */
package dev.hsiq.training.run;

import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.training.data.LabeledData;
import dev.hsiq.training.protocol.NormalizationFit;
import dev.hsiq.training.protocol.Split;
import dev.hsiq.training.protocol.SplitSpec;
import dev.hsiq.training.protocol.StratifiedSplitter;
import dev.hsiq.training.train.LabeledSamples;

public record PreparedData(LabeledData data, ModelSpec spec, Split split, Normalization normalization,
                           LabeledSamples train, LabeledSamples validation) {

    /** Splits {@code data}, fits the normalization on the training part, extracts the inputs. */
    public static PreparedData prepare(LabeledData data, ModelSpec spec, SplitSpec splitSpec) {
        Split split = StratifiedSplitter.split(data, splitSpec);
        Normalization norm = NormalizationFit.fit(data, split.train());
        SampleSource source = SampleSource.of(spec, data, norm);
        LabeledSamples train = samples(source, data, split.train());
        LabeledSamples validation = split.validation().length == 0 ? null : samples(source, data, split.validation());
        return new PreparedData(data, spec, split, norm, train, validation);
    }

    private static LabeledSamples samples(SampleSource source, LabeledData data, int[] idx) {
        float[] x = source.extract(idx, 0, idx.length);
        int[] labels = new int[idx.length];
        int[] all = data.labels();
        for (int i = 0; i < idx.length; i++) {
            labels[i] = all[idx[i]] - 1;
        }
        return new LabeledSamples(x, labels, source.shape());
    }

    /** The split as model metadata (so eval can rebuild the same test set and check it). */
    public java.util.Map<String, Object> splitMetadata() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        SplitSpec s = split.spec();
        m.put("by", s.byRatio() ? "ratio" : "count");
        m.put("ratio", s.ratio());
        m.put("count_per_class", (long) s.countPerClass());
        m.put("min_per_class", (long) s.minPerClass());
        m.put("validation_fraction", s.validationFraction());
        m.put("seed", s.seed());
        m.put("n_train", (long) split.train().length);
        m.put("n_validation", (long) split.validation().length);
        m.put("n_test", (long) split.test().length);
        m.put("fingerprint", split.fingerprintHex());
        return m;
    }
}
