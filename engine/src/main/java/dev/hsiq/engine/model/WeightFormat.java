/*
 * How a conv or dense layer's weights are represented in the forward pass.
 *
 *   FLOAT    full precision (the float network, or a float last layer)
 *   BINARY   w = s_c * sign(w), s_c = mean |w| over output channel c (XNOR-Net); 1 bit
 *   TERNARY  w in s_c * {-1, 0, +1} with the TWN threshold 0.7 * mean |w|; 2 bit planes
 *   INT      symmetric m-bit, w = s_c * code, code in [-(2^(m-1) - 1), 2^(m-1) - 1], m in 2..8
 */
package dev.hsiq.engine.model;

import java.util.Locale;

public record WeightFormat(Kind kind, int bits) {

    public enum Kind { FLOAT, BINARY, TERNARY, INT }

    public static final WeightFormat FLOAT = new WeightFormat(Kind.FLOAT, 32);
    public static final WeightFormat BINARY = new WeightFormat(Kind.BINARY, 1);
    public static final WeightFormat TERNARY = new WeightFormat(Kind.TERNARY, 2);

    public WeightFormat {
        switch (kind) {
            case FLOAT -> {
                if (bits != 32) throw new IllegalArgumentException("float weights have 32 bits, not " + bits);
            }
            case BINARY -> {
                if (bits != 1) throw new IllegalArgumentException("binary weights have 1 bit, not " + bits);
            }
            case TERNARY -> {
                if (bits != 2) throw new IllegalArgumentException("ternary weights take 2 bit planes, not " + bits);
            }
            case INT -> {
                if (bits < 2 || bits > 8) {
                    throw new IllegalArgumentException("integer weights take 2 to 8 bits, not " + bits);
                }
            }
        }
    }

    /** Symmetric m-bit integer weights, m in 2..8. */
    public static WeightFormat ofInt(int bits) {
        return new WeightFormat(Kind.INT, bits);
    }

    /**
     * Parses the names used on the command line and in specs: {@code float}/{@code 32},
     * {@code 1}/{@code binary}, {@code ternary}/{@code t}, {@code 2}..{@code 8}.
     */
    public static WeightFormat parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "float", "fp32", "32" -> FLOAT;
            case "1", "binary" -> BINARY;
            case "t", "ternary" -> TERNARY;
            default -> {
                int bits;
                try {
                    bits = Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("weight format '" + text
                            + "' is not one of float, binary (1), ternary (t), 2..8");
                }
                yield ofInt(bits);
            }
        };
    }

    public boolean isFloat() {
        return kind == Kind.FLOAT;
    }

    /** The canonical short name: fp32, 1, t, 2..8. */
    @Override
    public String toString() {
        return switch (kind) {
            case FLOAT -> "fp32";
            case BINARY -> "1";
            case TERNARY -> "t";
            case INT -> Integer.toString(bits);
        };
    }
}
