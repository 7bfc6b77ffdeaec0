/*
 * The folded step activation: int32 accumulators of a conv/dense layer -> k-bit codes through
 * per-channel thresholds (contract in Thresholds), written either as plain codes or directly
 * as the packed bit planes the next bit-serial layer reads.
 *
 * acc row r (of rows) is acc[accOff + r * ldAcc + c], c < t.channels().
 *   codes:  out[outOff + r * ldOut + c] = q (unsigned byte)
 *   planes: row r of the packed matrix at out[outOff + r * outRowStride] in the BitPacking
 *           layout [word][plane] with K = channels and `bits` planes (bits >= t.codeBits()),
 *           padding bits zero. With rows = pixels this is the next layer's packed pixel map.
 * Callers split rows across threads by offsetting accOff / outOff.
 */
package dev.hsiq.kernels;

public interface ThresholdActivation {

    void codes(int[] acc, int accOff, int ldAcc, int rows, Thresholds t, byte[] out, int outOff, int ldOut);

    void planes(int[] acc, int accOff, int ldAcc, int rows, Thresholds t, int bits,
                long[] out, int outOff, int outRowStride);

    /** The implementation chosen at startup: Vector API when available, else the scalar reference. */
    static ThresholdActivation get() {
        return Holder.INSTANCE;
    }

    /** The scalar reference implementation (fallback and test oracle). */
    static ThresholdActivation scalar() {
        return ScalarThresholdActivation.INSTANCE;
    }

    static void checkCodes(int accLen, int accOff, int ldAcc, int rows, Thresholds t, int outLen, int outOff,
                           int ldOut) {
        if (rows < 0) {
            throw new IllegalArgumentException("negative rows " + rows);
        }
        GemmChecks.block("accumulators", accLen, accOff, rows, t.channels(), ldAcc);
        GemmChecks.block("codes", outLen, outOff, rows, t.channels(), ldOut);
    }

    static void checkPlanes(int accLen, int accOff, int ldAcc, int rows, Thresholds t, int bits, int outLen,
                            int outOff, int outRowStride) {
        if (rows < 0) {
            throw new IllegalArgumentException("negative rows " + rows);
        }
        BitPacking.checkBits(bits);
        if (bits < t.codeBits()) {
            throw new IllegalArgumentException(t.levels() + " threshold levels need " + t.codeBits()
                    + " bit planes, not " + bits);
        }
        GemmChecks.block("accumulators", accLen, accOff, rows, t.channels(), ldAcc);
        GemmChecks.block("packed rows", outLen, outOff, rows, BitPacking.words(t.channels()) * bits, outRowStride);
    }

    final class Holder {
        private static final ThresholdActivation INSTANCE = Vectorization.load(ThresholdActivation.class,
                "dev.hsiq.kernels.panama.PanamaThresholdActivation", () -> ScalarThresholdActivation.INSTANCE);

        private Holder() {
        }
    }
}
