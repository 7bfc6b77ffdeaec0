/*
 * Diagnostic driver (test scope, not shipped): how much a float model loses when only its
 * input goes through the quantized network's input quantizer, for several input margins
 * (training/QAT.md, "Input range"; the reason for InputRange).
 *
 * For each float model file given (a spectral model trained by `hsiq train`, which records its
 * dataset and split): rebuild the test split, then score the model on raw test spectra
 *   - as they are (the float model's OA);
 *   - clipped per band to the range [low - m r, high + m r] of its normalization widened by
 *     margin m (r = high - low) and rounded to `bits`-bit codes there, i.e. exactly what the
 *     quantized network's first layer would read, for each margin m;
 * and print, per margin, the OA, the fraction of test values outside the range and the
 * fraction of test spectra with at least one such band.
 *
 * Run (from the repository root, after `mvn -q -o -pl training -am test-compile`; CP as for
 * QatTuning):
 *   java --add-modules jdk.incubator.vector -cp kernels/target/classes:engine/target/classes:\
 *     training/target/classes:training/target/test-classes:$(cat CP) \
 *     -Dmargins=0,0.1,0.25 -Dbits=8 dev.hsiq.training.tuning.InputClipping FLOAT-1.hsiq FLOAT-2.hsiq ...
 * Properties: margins (0,0.1,0.25), bits (8), data (the data directory, default as the CLI).
 */
package dev.hsiq.training.tuning;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.training.data.Datasets;
import dev.hsiq.training.data.LabeledData;
import dev.hsiq.training.protocol.Split;
import dev.hsiq.training.protocol.StratifiedSplitter;
import dev.hsiq.training.quant.InputRange;
import dev.hsiq.training.run.Evaluator;
import dev.hsiq.training.run.ModelInfo;
import dev.hsiq.training.run.Predictors;

import java.nio.file.Path;
import java.util.Locale;

public final class InputClipping {

    private InputClipping() {
    }

    public static void main(String[] args) throws Exception {
        String[] margins = System.getProperty("margins", "0,0.1,0.25").split(",");
        int bits = Integer.getInteger("bits", 8);
        String dataDir = System.getProperty("data");
        Datasets datasets = Datasets.resolve(dataDir == null ? null : Path.of(dataDir));
        for (String file : args) {
            Model model = ModelFile.read(Path.of(file));
            ModelInfo info = ModelInfo.of(model);
            LabeledData d = datasets.loadSpectra(info.dataset());
            Split split = StratifiedSplitter.split(d, info.splitSpec());
            float[] raw = d.data().clone();
            double floatOa = Evaluator.evaluate(Predictors.forModel(model, 1), model.spec(), d, split.test()).oa();
            System.out.printf(Locale.ROOT, "%s (%s): float OA %.2f%n", file, info.dataset(), 100 * floatOa);
            for (String m : margins) {
                Normalization n = new InputRange(Double.parseDouble(m)).widen(model.normalization());
                int[] outside = quantizeInPlace(d.data(), raw, d.bands(), n, bits, split.test());
                double oa = Evaluator.evaluate(Predictors.forModel(model, 1), model.spec(), d, split.test()).oa();
                System.arraycopy(raw, 0, d.data(), 0, raw.length);
                System.out.printf(Locale.ROOT, "  margin %-5s %d-bit input: OA %.2f (%+.2f); test values outside the "
                                + "range %.2f%%, test spectra with such a band %.1f%%%n", m, bits, 100 * oa,
                        100 * (oa - floatOa), 100.0 * outside[0] / ((long) split.test().length * d.bands()),
                        100.0 * outside[1] / split.test().length);
            }
        }
    }

    /**
     * Replaces every value by its quantized reconstruction low + code / L * r in the range of
     * {@code n}; returns the test values outside the range and the test spectra with one.
     */
    private static int[] quantizeInPlace(float[] x, float[] raw, int bands, Normalization n, int bits, int[] test) {
        float levels = (1 << bits) - 1;
        for (int i = 0; i < raw.length; i++) {
            int b = i % bands;
            float low = n.low()[b];
            float r = n.high()[b] - low;
            float v = Math.min(Math.max((raw[i] - low) / r, 0f), 1f);
            x[i] = low + Math.round(v * levels) / levels * r;
        }
        int values = 0;
        int spectra = 0;
        for (int s : test) {
            boolean any = false;
            for (int b = 0; b < bands; b++) {
                float v = raw[s * bands + b];
                if (v < n.low()[b] || v > n.high()[b]) {
                    values++;
                    any = true;
                }
            }
            spectra += any ? 1 : 0;
        }
        return new int[]{values, spectra};
    }
}
