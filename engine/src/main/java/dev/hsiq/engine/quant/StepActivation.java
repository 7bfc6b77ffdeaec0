/*
 * The k-bit step activation (DESIGN section 1) and the input quantizer, as ONE exact float
 * computation that training's forward pass, the reference executor and the compiled engine
 * all use, so that they produce the same codes bit for bit.
 *
 * Math: L = 2^k - 1 levels above zero, clip a > 0, step D = a / L,
 *     q = round(clip(x, 0, a) / D)  in {0..L},  rounding half up (x >= 0, so = half away from 0),
 *     y = D * q.
 * Equivalently q = #{ i in 1..L : x >= t_i } with boundaries t_i = (i - 1/2) * D.
 *
 * Exact float operations (the definition; every implementation must do exactly these):
 *     float perUnit = (float) L / a;                  // one float division, once per layer
 *     float c = Math.min(Math.max(x, 0f), a);         // clip; NaN stays NaN
 *     float p = c * perUnit;                          // one float multiply, p in [0, L (1 + 2^-23)]
 *     int q = Math.min(Math.round(p), L);             // round half up of p (Java's Math.round)
 * Math.round(float) is exact: the nearest int, ties toward +infinity. Its vector-friendly
 * equivalent for p >= 0 is  t = (int) p;  q = t + (p - t >= 0.5f ? 1 : 0)  (p - t is exact in
 * float), which the tests check against it. NOT (int) (p + 0.5f): that addition rounds
 * p = 0.5 - 2^-25 up to 1.0 (the floor(x + 1/2) trap). The min with L is a guard only.
 * NaN input: Math.round(NaN) = 0, so NaN maps to code 0 (callers that care reject NaN earlier).
 * The output value is y = q * D with float D = a / L.
 *
 * Input quantization (the first layer): the per-band normalized input x' = (x - low) / (high -
 * low) is quantized by this same rule with a = 1, k = inputBits: perUnit = L exactly.
 *
 * Integer folding (ThresholdFolding) works in double with the exact boundaries
 * t_i = (i - 1/2) * a / L (boundary(i)); for values not within float rounding of a boundary
 * the float rule above and the boundaries agree (tested).
 */
package dev.hsiq.engine.quant;

public record StepActivation(int bits, float clip) {

    public StepActivation {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("step activation bits " + bits + " must be in 1..8");
        }
        if (!(clip > 0) || !Float.isFinite(clip)) {
            throw new IllegalArgumentException("step activation clip level " + clip + " must be finite and > 0");
        }
    }

    /** The input quantizer: clip level 1 on the normalized input, {@code bits} bits. */
    public static StepActivation forInput(int bits) {
        return new StepActivation(bits, 1f);
    }

    /** L = 2^k - 1, the largest code. */
    public int levels() {
        return (1 << bits) - 1;
    }

    /** D = a / L in float: the real value of one code step, as the float forward uses it. */
    public float step() {
        return clip / levels();
    }

    /** L / a in float: the factor the code computation multiplies by. */
    public float perUnit() {
        return levels() / clip;
    }

    /** D = a / L in double: the step used by integer folding. */
    public double exactStep() {
        return (double) clip / levels();
    }

    /** The exact boundary t_i = (i - 1/2) * a / L in double, i in 1..L: q >= i iff x >= t_i. */
    public double boundary(int i) {
        if (i < 1 || i > levels()) {
            throw new IllegalArgumentException("boundary index " + i + " outside 1.." + levels());
        }
        return (i - 0.5) * clip / levels();
    }

    /** The code of x (see the file comment for the exact float operations). */
    public int code(float x) {
        float c = Math.min(Math.max(x, 0f), clip);
        return Math.min(Math.round(c * perUnit()), levels());
    }

    /** The step activation's output y = q * D (float). */
    public float value(float x) {
        return code(x) * step();
    }

    /** The real value of a code: q * D (float). */
    public float valueOf(int code) {
        return code * step();
    }
}
