/*
 * ENVI sample interleave: BSQ (band sequential: one whole image per band), BIL (band
 * interleaved by line: for each line, one row of samples per band), BIP (band interleaved
 * by pixel: each pixel's bands together). fileIndex gives the position of sample
 * (line r, sample c, band b) in file order.
 */
package dev.hsiq.training.data;

import java.util.Locale;

public enum EnviInterleave {
    BSQ,
    BIL,
    BIP;

    /** Index of (r, c, b) in file order for an image of the given size. */
    public long fileIndex(int r, int c, int b, int lines, int samples, int bands) {
        return switch (this) {
            case BSQ -> ((long) b * lines + r) * samples + c;
            case BIL -> ((long) r * bands + b) * samples + c;
            case BIP -> ((long) r * samples + c) * bands + b;
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "bsq"/"bil"/"bip" in any case, or returns null. */
    public static EnviInterleave parse(String s) {
        for (EnviInterleave i : values()) {
            if (i.name().equalsIgnoreCase(s.strip())) {
                return i;
            }
        }
        return null;
    }
}
