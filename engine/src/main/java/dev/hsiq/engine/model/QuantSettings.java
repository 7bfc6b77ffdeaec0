/*
 * Network-wide bit widths of a quantized model (DESIGN section 1), as given by
 * --bits A/W, --input-bits and the last-layer choice. Per-layer overrides in a spec win.
 *
 *   actBits     k of every step activation (1..8)
 *   weights     format of every conv/dense weight but the last layer's
 *   inputBits   bits of the first layer's input codes (2..8; the normalized spectra)
 *   lastWeights the last layer's weights: 8-bit by default, or float
 */
package dev.hsiq.engine.model;

public record QuantSettings(int actBits, WeightFormat weights, int inputBits, WeightFormat lastWeights) {

    public QuantSettings {
        if (actBits < 1 || actBits > 8) {
            throw new IllegalArgumentException("activation bits " + actBits + " must be in 1..8");
        }
        if (weights == null || weights.isFloat()) {
            throw new IllegalArgumentException("quantized weights must be binary, ternary or 2..8 bits");
        }
        if (inputBits < 1 || inputBits > 8) {
            throw new IllegalArgumentException("input bits " + inputBits + " must be in 1..8");
        }
        if (lastWeights == null) {
            throw new IllegalArgumentException("last layer weight format missing");
        }
    }

    /** Parses "A/W" such as 8/8, 4/4, 2/2, 2/1, 1/1, 2/t; input 8 bits, last layer 8 bits. */
    public static QuantSettings parseBits(String aw) {
        String[] parts = aw.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--bits '" + aw + "' must look like A/W, for example 2/1 or 4/4");
        }
        int a;
        try {
            a = Integer.parseInt(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--bits '" + aw + "': activation bits '" + parts[0] + "' is not a number");
        }
        WeightFormat w = WeightFormat.parse(parts[1]);
        return new QuantSettings(a, w, 8, WeightFormat.ofInt(8));
    }

    public QuantSettings withInputBits(int bits) {
        return new QuantSettings(actBits, weights, bits, lastWeights);
    }

    public QuantSettings withLastWeights(WeightFormat w) {
        return new QuantSettings(actBits, weights, inputBits, w);
    }

    /** "A/W", the label used in reports: 2/1, 4/4, 2/t. */
    public String label() {
        return actBits + "/" + weights;
    }
}
