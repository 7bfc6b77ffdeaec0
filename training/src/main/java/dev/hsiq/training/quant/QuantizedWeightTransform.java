/*
 * The weight quantizer of a conv or dense layer in quantization-aware training, plugged
 * into the layer's WeightTransform hook (DESIGN section 1, "Weights"):
 *
 *   forward   w_eff = s_c * code (float products, as QuantizedWeights.dequantize), with codes
 *             and per-output-channel scales from the WeightScaleRule (binary: XNOR-Net sign
 *             and mean |w|; ternary: TWN threshold 0.7 mean |w| and the mean of the kept |w|;
 *             m-bit: symmetric, the engine's rounding, the scale by the rule). These are
 *             exactly the codes and scales the exported model stores (QatExport calls the
 *             same function on the same shadow weights).
 *   backward  straight-through: dL/dw += dL/dw_eff for every weight.
 *
 * No gradient is zeroed outside the quantizer's range: the m-bit scale max |w| / Q never
 * clips a weight, and the sign of binary / ternary codes has no range to leave; weight decay
 * on the shadow weights (TrainConfig) keeps them from drifting. (BinaryConnect's rule of
 * zeroing where |w| > 1 would never fire here: trained weights are far below 1.)
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.QuantizedWeights;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.training.nn.WeightTransform;

public final class QuantizedWeightTransform implements WeightTransform {

    private final WeightFormat format;
    private final WeightScaleRule rule;

    public QuantizedWeightTransform(WeightFormat format, WeightScaleRule rule) {
        if (format.isFloat()) {
            throw new IllegalArgumentException("a float layer uses WeightTransform.IDENTITY, not a quantizer");
        }
        this.format = format;
        this.rule = rule;
    }

    public WeightScaleRule rule() {
        return rule;
    }

    public WeightFormat format() {
        return format;
    }

    /** Codes and scales of {@code shadow} ([outChannels, rest] row-major). */
    public QuantizedWeights quantize(float[] shadow, int[] shape) {
        return rule.quantize(format, shape, shadow);
    }

    @Override
    public boolean isIdentity() {
        return false;
    }

    @Override
    public void forward(float[] shadow, int outChannels, float[] effective) {
        QuantizedWeights q;
        try {
            q = rule.quantize(format, new int[]{outChannels, shadow.length / outChannels}, shadow);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot quantize the weights (" + e.getMessage()
                    + "); training diverged, lower the learning rate", e);
        }
        byte[] codes = q.codes();
        float[] scales = q.scales();
        int per = shadow.length / outChannels;
        for (int c = 0; c < outChannels; c++) {
            float s = scales[c];
            int base = c * per;
            for (int i = 0; i < per; i++) {
                effective[base + i] = s * codes[base + i];
            }
        }
    }

    @Override
    public void backward(float[] shadow, int outChannels, float[] gradEffective, float[] gradShadow) {
        for (int i = 0; i < shadow.length; i++) {
            gradShadow[i] += gradEffective[i];
        }
    }

    @Override
    public String toString() {
        return "quantize(" + format + ", " + rule + ")";
    }
}
