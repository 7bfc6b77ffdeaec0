/*
 * The predictor used for a model by eval, classify and the training commands' test
 * scores: a float model runs on the float training network (SIMD GEMM kernels); a
 * quantized model runs through the reference executor, whose integer semantics are the
 * definition of what the quantized model computes.
 */
package dev.hsiq.training.run;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.reference.ReferenceExecutor;
import dev.hsiq.training.nn.Network;

public final class Predictors {

    private Predictors() {
    }

    /** The predictor for {@code model}. */
    public static Predictor forModel(Model model) {
        if (!model.spec().isQuantized()) {
            return network(Network.fromModel(model), model.normalization(), model.spec());
        }
        return reference(model);
    }

    /** Runs raw samples through the reference executor. */
    public static Predictor reference(Model model) {
        ReferenceExecutor ref = new ReferenceExecutor(model);
        int len = ref.sampleLength();
        return (raw, count) -> {
            int[] out = new int[count];
            float[] one = new float[len];
            for (int i = 0; i < count; i++) {
                System.arraycopy(raw, i * len, one, 0, len);
                out[i] = ref.label(one);
            }
            return out;
        };
    }

    /** Normalizes raw samples as the model does, then runs the float network in eval mode. */
    public static Predictor network(Network net, Normalization norm, ModelSpec spec) {
        int len = net.inputShape().size();
        int plane = net.inputShape().height() * net.inputShape().width();
        boolean spectrum = spec.input() == ModelSpec.InputKind.SPECTRUM;
        float[] low = norm.low();
        float[] high = norm.high();
        return (raw, count) -> {
            float[] x = new float[count * len];
            for (int s = 0; s < count; s++) {
                int base = s * len;
                for (int i = 0; i < len; i++) {
                    int band = spectrum ? i : i / plane;
                    // the same float operations as Normalization.apply
                    x[base + i] = (raw[base + i] - low[band]) / (high[band] - low[band]);
                }
            }
            return net.predict(x, count);
        };
    }
}
