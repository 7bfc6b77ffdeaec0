/*
 * The surrogate gradient of the step activation's backward pass (DESIGN section 1; the
 * paper's two modes), chosen with --grad:
 *
 *   CONSTANT  clipped straight-through estimator: dy/dx = 1 for 0 <= x <= a, else 0
 *   TANH      the derivative of the soft staircase s(x) (SoftStaircase), whose temperature
 *             grows over training (TemperatureSchedule)
 *
 * The forward pass is the exact staircase in both modes.
 */
package dev.hsiq.training.quant;

import java.util.Locale;

public enum GradientMode {
    CONSTANT, TANH;

    /** Parses "constant" or "tanh" (case-insensitive). */
    public static GradientMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "constant", "ste" -> CONSTANT;
            case "tanh" -> TANH;
            default -> throw new IllegalArgumentException("gradient mode '" + text + "' is not one of constant, tanh");
        };
    }

    /** The name used on the command line and in reports: "constant" or "tanh". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
