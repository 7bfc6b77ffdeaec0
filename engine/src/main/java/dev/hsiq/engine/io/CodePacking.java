/*
 * Packs quantized weight codes at their bit width for the model file, and unpacks them.
 *
 * Field width b: 1 for binary, 2 for ternary, m for m-bit integers. Codes are taken in the
 * weight's row-major order; code j occupies bits [j*b, j*b + b) of a little-endian bit
 * stream (stream bit t is bit t mod 8 of byte t / 8), so n codes take ceil(n*b / 8) bytes
 * and the unused high bits of the last byte are zero.
 *
 * Field values: binary 1 = +1, 0 = -1. Ternary and m-bit: b-bit two's complement, so
 * ternary -1, 0, +1 are 11, 00, 01. The field value -2^(b-1) is not a valid code (ternary
 * 10, m-bit -2^(m-1): the formats are symmetric) and is rejected when reading, as are
 * non-zero unused bits.
 */
package dev.hsiq.engine.io;

import dev.hsiq.engine.model.WeightFormat;

final class CodePacking {

    private CodePacking() {
    }

    /** Bits per code in the file. */
    static int fieldBits(WeightFormat f) {
        return switch (f.kind()) {
            case BINARY -> 1;
            case TERNARY -> 2;
            case INT -> f.bits();
            case FLOAT -> throw new IllegalArgumentException("float weights are not packed");
        };
    }

    /** Bytes taken by n codes of format f. */
    static long packedBytes(long n, WeightFormat f) {
        return (n * fieldBits(f) + 7) / 8;
    }

    static byte[] pack(byte[] codes, WeightFormat f) {
        int b = fieldBits(f);
        int mask = (1 << b) - 1;
        byte[] out = new byte[(int) packedBytes(codes.length, f)];
        boolean binary = f.kind() == WeightFormat.Kind.BINARY;
        for (int j = 0; j < codes.length; j++) {
            int field = binary ? (codes[j] > 0 ? 1 : 0) : codes[j] & mask;
            long bit = (long) j * b;
            for (int k = 0; k < b; k++, bit++) {
                if ((field >>> k & 1) != 0) {
                    out[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }
        return out;
    }

    /**
     * Reads n packed codes of format f from the cursor (after checking their bytes are there)
     * and rejects invalid field values and non-zero unused bits, naming {@code field}.
     */
    static byte[] unpack(LittleEndianInput in, int n, WeightFormat f, String field) {
        int b = fieldBits(f);
        long bytes = packedBytes(n, f);
        int offset = in.skip(bytes, field);
        byte[] data = in.data();
        boolean binary = f.kind() == WeightFormat.Kind.BINARY;
        int signBit = 1 << (b - 1);
        byte[] codes = new byte[n];
        long bit = (long) offset * 8;
        for (int j = 0; j < n; j++) {
            int value = 0;
            for (int k = 0; k < b; k++, bit++) {
                value |= (data[(int) (bit >>> 3)] >>> (bit & 7) & 1) << k;
            }
            if (binary) {
                codes[j] = (byte) (value == 1 ? 1 : -1);
            } else if (value == signBit) {
                throw in.invalid(field, "code " + j + " has the field value " + Integer.toBinaryString(value)
                        + ", which is not a valid " + f + " weight code");
            } else {
                codes[j] = (byte) ((value & signBit) != 0 ? value - (1 << b) : value);
            }
        }
        for (long end = (offset + bytes) * 8; bit < end; bit++) {
            if ((data[(int) (bit >>> 3)] >>> (bit & 7) & 1) != 0) {
                throw in.invalid(field, "unused bit " + (bit & 7) + " of the last code byte (offset "
                        + (bit >>> 3) + ") is set; it must be zero");
            }
        }
        return codes;
    }
}
