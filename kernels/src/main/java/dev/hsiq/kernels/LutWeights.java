/*
 * Binary convolution weights prepared by a LutConv implementation: the +-1 codes in
 * [out][in][kh][kw] order (what the scalar reference reads) and the implementation's own
 * packed form (the vector kernel's table indices; see PanamaLutConv).
 */
package dev.hsiq.kernels;

public final class LutWeights {

    private final ConvGeometry geometry;
    private final byte[] codes;
    private final Object packed;

    public LutWeights(ConvGeometry geometry, byte[] codes, Object packed) {
        if (codes.length != geometry.weightSize()) {
            throw new IllegalArgumentException("binary weights: " + codes.length + " codes, geometry needs "
                    + geometry.weightSize());
        }
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] != 1 && codes[i] != -1) {
                throw new IllegalArgumentException("binary weight code " + codes[i] + " at index " + i
                        + " is not -1 or +1");
            }
        }
        this.geometry = geometry;
        this.codes = codes.clone();
        this.packed = packed;
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    /** +-1 codes [out][in][kh][kw]; shared, read-only. */
    public byte[] codesShared() {
        return codes;
    }

    /** The implementation-specific packed form, or null. */
    public Object packed() {
        return packed;
    }
}
