/*
 * Scores a predictor on chosen samples of a dataset: extracts their raw inputs in chunks
 * (a patch test set would not fit in memory whole: 9,000 patches of 200 x 9 x 9 floats are
 * 580 MB), predicts, and accumulates the confusion matrix.
 */
package dev.hsiq.training.run;

import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.training.data.LabeledData;
import dev.hsiq.training.protocol.ConfusionMatrix;
import dev.hsiq.training.protocol.EvaluationMetrics;

public final class Evaluator {

    /** Samples per chunk. */
    public static final int CHUNK = 1024;

    private Evaluator() {
    }

    /** Metrics of {@code predictor} on samples {@code idx} of {@code data} (labels 1..K). */
    public static EvaluationMetrics evaluate(Predictor predictor, ModelSpec spec, LabeledData data, int[] idx) {
        SampleSource raw = SampleSource.of(spec, data, null);
        ConfusionMatrix cm = new ConfusionMatrix(data.classCount());
        int[] labels = data.labels();
        float[] buf = new float[Math.multiplyExact(Math.min(CHUNK, Math.max(1, idx.length)), raw.length())];
        for (int from = 0; from < idx.length; from += CHUNK) {
            int n = Math.min(CHUNK, idx.length - from);
            raw.extract(idx, from, n, buf, 0);
            int[] pred = predictor.predict(buf, n);
            for (int i = 0; i < n; i++) {
                cm.add(labels[idx[from + i]] - 1, pred[i]);
            }
        }
        return cm.metrics(data.classNames());
    }

    /** Predictions for every sample in {@code idx}, in order. */
    public static int[] predictAll(Predictor predictor, ModelSpec spec, LabeledData data, int[] idx) {
        SampleSource raw = SampleSource.of(spec, data, null);
        int[] out = new int[idx.length];
        float[] buf = new float[Math.multiplyExact(Math.min(CHUNK, Math.max(1, idx.length)), raw.length())];
        for (int from = 0; from < idx.length; from += CHUNK) {
            int n = Math.min(CHUNK, idx.length - from);
            raw.extract(idx, from, n, buf, 0);
            System.arraycopy(predictor.predict(buf, n), 0, out, from, n);
        }
        return out;
    }
}
