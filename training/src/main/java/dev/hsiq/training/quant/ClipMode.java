/*
 * How a step activation's clip level a trains. Every mode starts from ClipCalibration.
 *
 *   LEARNABLE (--clip learnable, PACT): dy/da = 1 where x > a, else 0.
 *   LSQ       (--clip lsq, the gradient of Esser et al., "Learned Step Size Quantization"):
 *             with L = 2^k - 1, step s = a / L, y = s * R(x / s) and the surrogate
 *             derivative R' of the rounding (the layer's dy/dx, g(x)),
 *                 dy/da = (y - x * g(x)) / a,
 *             which is q/L - x/a for 0 <= x <= a with the straight-through g = 1 (the
 *             in-range term PACT drops), 1 for x > a and 0 for x < 0 (g = 0 there).
 *   FIXED     (--clip fixed): not trained; the calibrated level stays.
 */
package dev.hsiq.training.quant;

import java.util.Locale;

public enum ClipMode {
    LEARNABLE, FIXED, LSQ;

    /** Parses "learnable" (or "pact"), "lsq" or "fixed" (case-insensitive). */
    public static ClipMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "learnable", "learned", "pact" -> LEARNABLE;
            case "lsq" -> LSQ;
            case "fixed" -> FIXED;
            default -> throw new IllegalArgumentException("clip mode '" + text + "' is not one of learnable, lsq, fixed");
        };
    }

    /** Whether the clip level is a trained parameter. */
    public boolean trained() {
        return this != FIXED;
    }

    /** The name used on the command line and in model metadata: "learnable", "lsq" or "fixed". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
