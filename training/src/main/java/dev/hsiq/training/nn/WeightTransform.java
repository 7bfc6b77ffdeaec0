/*
 * The hook by which a conv or dense layer's forward weights can differ from the float
 * "shadow" weights the optimizer updates: quantization-aware training plugs a weight
 * quantizer in here (binary, ternary, m-bit with per-output-channel scales) and gets the
 * straight-through update for free:
 *
 *   forward:   w_eff = T(w)                 (computed once per forward pass)
 *   backward:  dL/dw += T'(w) * dL/dw_eff   (for a straight-through estimator, T' = 1, or
 *                                            1 on the unclipped range)
 *
 * Weights are row-major with outChannels rows of equal length (conv [out, in, kh, kw],
 * dense [out, in]), so a per-output-channel scale is per row. The float network uses
 * IDENTITY, which the layers recognise and skip (no copy).
 */
package dev.hsiq.training.nn;

public interface WeightTransform {

    /** True for the identity: the layer uses the shadow weights directly. */
    boolean isIdentity();

    /** effective[0..shadow.length) = T(shadow). */
    void forward(float[] shadow, int outChannels, float[] effective);

    /** gradShadow += T'(shadow) * gradEffective (accumulate). */
    void backward(float[] shadow, int outChannels, float[] gradEffective, float[] gradShadow);

    /** The float network's transform. */
    WeightTransform IDENTITY = new WeightTransform() {
        @Override
        public boolean isIdentity() {
            return true;
        }

        @Override
        public void forward(float[] shadow, int outChannels, float[] effective) {
            System.arraycopy(shadow, 0, effective, 0, shadow.length);
        }

        @Override
        public void backward(float[] shadow, int outChannels, float[] gradEffective, float[] gradShadow) {
            for (int i = 0; i < shadow.length; i++) {
                gradShadow[i] += gradEffective[i];
            }
        }

        @Override
        public String toString() {
            return "identity";
        }
    };
}
