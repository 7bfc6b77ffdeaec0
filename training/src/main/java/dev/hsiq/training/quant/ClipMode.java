/*
 * Whether a step activation's clip level a is trained (--clip learnable, PACT: dy/da = 1
 * where x > a, else 0) or stays at its calibrated value (--clip fixed). Either way it
 * starts from ClipCalibration.
 */
package dev.hsiq.training.quant;

import java.util.Locale;

public enum ClipMode {
    LEARNABLE, FIXED;

    /** Parses "learnable" or "fixed" (case-insensitive). */
    public static ClipMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "learnable", "learned", "pact" -> LEARNABLE;
            case "fixed" -> FIXED;
            default -> throw new IllegalArgumentException("clip mode '" + text + "' is not one of learnable, fixed");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
