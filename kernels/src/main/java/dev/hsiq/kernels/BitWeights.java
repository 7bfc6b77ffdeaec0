/*
 * Weights of a conv or dense layer packed as bit planes for BitSerialGemm.
 *
 * Codings (DESIGN section 1) and the value w of a weight with plane bits b_j:
 *   BINARY     1 plane,  w = 2 b_0 - 1                  (bit 1 means +1, bit 0 means -1)
 *   TERNARY    2 planes, w = b_plus - b_minus           (plane 0 "plus", plane 1 "minus";
 *              never both set). Chosen over magnitude + sign because each plane then enters
 *              the popcount identity with a plain +-1 factor: no extra AND per word and no
 *              correction term, exactly two popcounts per activation plane.
 *   SIGNED(m)  m planes, two's complement, w = sum_{j<m-1} 2^j b_j - 2^(m-1) b_{m-1}.
 *
 * Layout of data: [word][plane][paddedChannels], paddedChannels = channels rounded up to 8,
 * so 8 output channels sit side by side in one 512-bit LongVector (or two 256-bit ones): a
 * kernel loads one weight word for 8 channels with one vector load and ANDs it with the
 * broadcast activation word. Bit b of word w is reduction index 64 w + b in the order of the
 * WindowLayout the weights were packed with. Padded channels and reduction bits are zero.
 */
package dev.hsiq.kernels;

public record BitWeights(Coding coding, int bits, int channels, int paddedChannels, int kWords, long[] data) {

    /** How weight codes map to bit planes; see the type comment. */
    public enum Coding { BINARY, TERNARY, SIGNED }

    public BitWeights {
        switch (coding) {
            case BINARY -> require(bits == 1, "binary weights have 1 bit, not " + bits);
            case TERNARY -> require(bits == 2, "ternary weights have 2 planes, not " + bits);
            case SIGNED -> require(bits >= 2 && bits <= 8, "signed weights have 2..8 bits, not " + bits);
        }
        require(channels > 0 && kWords > 0, "weights of " + channels + " channels x " + kWords + " words are empty");
        require(paddedChannels == roundUpChannels(channels), "padded channels " + paddedChannels + " != "
                + roundUpChannels(channels));
        require((long) kWords * bits * paddedChannels == data.length, "weight data holds " + data.length
                + " words, layout needs " + (long) kWords * bits * paddedChannels);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Channels rounded up to a multiple of 8 (one 512-bit vector of longs). */
    public static int roundUpChannels(int channels) {
        return (channels + 7) & ~7;
    }

    /** Number of bit planes of a coding: 1, 2 or m. */
    public int planes() {
        return bits;
    }

    /** Largest |w| of the coding: 1, 1 or 2^(m-1). */
    public int maxAbsWeight() {
        return coding == Coding.SIGNED ? 1 << (bits - 1) : 1;
    }

    /** Smallest code allowed when packing. */
    public static int minCode(Coding coding, int bits) {
        return coding == Coding.SIGNED ? -(1 << (bits - 1)) : -1;
    }

    /** Largest code allowed when packing. */
    public static int maxCode(Coding coding, int bits) {
        return coding == Coding.SIGNED ? (1 << (bits - 1)) - 1 : 1;
    }

    /** Long words of one plane of one reduction word: the distance between planes. */
    public int planeStride() {
        return paddedChannels;
    }

    /** Long words per reduction word (all planes). */
    public int wordStride() {
        return paddedChannels * bits;
    }
}
