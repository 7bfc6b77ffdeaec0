/*
 * What a saved model says about itself, read back from its spec and metadata: dataset,
 * split rule and fingerprint, bit widths, gradient mode, training time, sizes. Missing
 * metadata (a model written by another tool) gives nulls and zeros, not errors.
 */
package dev.hsiq.training.run;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.reference.PackedSize;
import dev.hsiq.training.protocol.SplitSpec;

import java.util.Map;

public record ModelInfo(String dataset, SplitSpec splitSpec, String splitFingerprint, String bits, String grad,
                        int epochs, double trainSeconds, long params, long weightBytes, long weightBytesFp32) {

    public static ModelInfo of(Model model) {
        Map<String, Object> meta = model.metadata();
        String dataset = meta.get("dataset") instanceof String s ? s : null;
        SplitSpec spec = null;
        String fingerprint = null;
        if (meta.get("split") instanceof Map<?, ?> m) {
            try {
                double ratio = num(m.get("ratio"), 0);
                int count = (int) num(m.get("count_per_class"), 0);
                long seed = (long) num(m.get("seed"), 1);
                spec = "count".equals(m.get("by")) ? SplitSpec.count(count, seed) : SplitSpec.ratio(ratio, seed);
                spec = spec.withMinPerClass((int) num(m.get("min_per_class"), SplitSpec.DEFAULT_MIN_PER_CLASS))
                        .withValidation(num(m.get("validation_fraction"), 0));
            } catch (RuntimeException e) {
                spec = null; // metadata of an unknown form: eval falls back to the options
            }
            fingerprint = m.get("fingerprint") instanceof String f ? f : null;
        }
        String bitsLabel = meta.get("bits") instanceof String b ? b : bits(model);
        String grad = meta.get("grad") instanceof String g ? g : model.spec().isQuantized() ? "unknown" : "none";
        PackedSize size = PackedSize.of(model.spec(), model.bands());
        long fp32 = size.weightBytesFp32();
        long packed = model.spec().isQuantized() ? size.weightBytesPacked() : fp32;
        return new ModelInfo(dataset, spec, fingerprint, bitsLabel, grad, (int) num(meta.get("epochs"), 0),
                num(meta.get("train_seconds"), 0), model.spec().parameterCount(model.bands()), packed, fp32);
    }

    /** "fp32" for a float model, else "A/W" of its hidden layers (e.g. "2/1"). */
    public static String bits(Model model) {
        if (!model.spec().isQuantized()) {
            return "fp32";
        }
        int act = 0;
        String w = "?";
        int weighted = 0;
        for (LayerSpec l : model.spec().layers()) {
            if (l instanceof LayerSpec.Act a && a.bits() > 0 && act == 0) {
                act = a.bits();
            }
            if ((l instanceof LayerSpec.Conv || l instanceof LayerSpec.Dense) && weighted++ == 0) {
                w = l instanceof LayerSpec.Conv c ? c.weights().toString() : ((LayerSpec.Dense) l).weights().toString();
            }
        }
        return act + "/" + w;
    }

    private static double num(Object o, double fallback) {
        return o instanceof Number n ? n.doubleValue() : fallback;
    }
}
