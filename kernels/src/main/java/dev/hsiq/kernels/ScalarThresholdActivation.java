/*
 * Scalar reference for ThresholdActivation: counts thresholds passed, straight from the
 * contract in Thresholds (no XOR trick), then sets the code's bits in the plane words.
 */
package dev.hsiq.kernels;

final class ScalarThresholdActivation implements ThresholdActivation {

    static final ScalarThresholdActivation INSTANCE = new ScalarThresholdActivation();

    private ScalarThresholdActivation() {
    }

    static int code(int acc, Thresholds t, int c) {
        int q = 0;
        if (t.descending(c)) {
            for (int i = 0; i < t.levels(); i++) {
                q += acc <= t.value(c, i) ? 1 : 0;
            }
        } else {
            for (int i = 0; i < t.levels(); i++) {
                q += acc >= t.value(c, i) ? 1 : 0;
            }
        }
        return q;
    }

    @Override
    public void codes(int[] acc, int accOff, int ldAcc, int rows, Thresholds t, byte[] out, int outOff, int ldOut) {
        ThresholdActivation.checkCodes(acc.length, accOff, ldAcc, rows, t, out.length, outOff, ldOut);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < t.channels(); c++) {
                out[outOff + r * ldOut + c] = (byte) code(acc[accOff + r * ldAcc + c], t, c);
            }
        }
    }

    @Override
    public void planes(int[] acc, int accOff, int ldAcc, int rows, Thresholds t, int bits,
                       long[] out, int outOff, int outRowStride) {
        ThresholdActivation.checkPlanes(acc.length, accOff, ldAcc, rows, t, bits, out.length, outOff, outRowStride);
        int words = BitPacking.words(t.channels());
        for (int r = 0; r < rows; r++) {
            int row = outOff + r * outRowStride;
            java.util.Arrays.fill(out, row, row + words * bits, 0L);
            for (int c = 0; c < t.channels(); c++) {
                int q = code(acc[accOff + r * ldAcc + c], t, c);
                int base = row + (c >>> 6) * bits;
                for (int i = 0; i < bits; i++) {
                    out[base + i] |= (long) ((q >>> i) & 1) << (c & 63);
                }
            }
        }
    }
}
