/*
 * Scalar reference for InputNormalizer: the contract's formulas, one element at a time.
 */
package dev.hsiq.kernels;

final class ScalarInputNormalizer implements InputNormalizer {

    static final ScalarInputNormalizer INSTANCE = new ScalarInputNormalizer();

    private ScalarInputNormalizer() {
    }

    @Override
    public boolean normalizeRows(float[] x, int xOff, int ldx, int rows, int channels, float[] low, float[] range,
                                 float[] out, int outOff, int ldOut) {
        InputNormalizer.checkRows(x.length, xOff, ldx, rows, channels, low, range, out.length, outOff, ldOut);
        float finite = 0f;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                float v = x[xOff + r * ldx + c];
                finite += v - v;
                out[outOff + r * ldOut + c] = (v - low[c]) / range[c];
            }
        }
        return finite == 0f;
    }

    @Override
    public boolean quantizeRows(float[] x, int xOff, int ldx, int rows, int channels, float[] low, float[] range,
                                int bits, byte[] out, int outOff, int ldOut) {
        InputNormalizer.checkBits(bits);
        InputNormalizer.checkRows(x.length, xOff, ldx, rows, channels, low, range, out.length, outOff, ldOut);
        float levels = (1 << bits) - 1;
        float finite = 0f;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                float v = x[xOff + r * ldx + c];
                finite += v - v;
                out[outOff + r * ldOut + c] = (byte) InputNormalizer.code((v - low[c]) / range[c], levels);
            }
        }
        return finite == 0f;
    }

    @Override
    public boolean normalizePlanes(float[] x, int xOff, int samples, int channels, int pixels, float[] low,
                                   float[] range, float[] out, int outOff) {
        InputNormalizer.checkPlanes(x.length, xOff, samples, channels, pixels, low, range);
        GemmChecks.block("output planes", out.length, outOff, samples * channels, pixels, pixels);
        float finite = 0f;
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < channels; c++) {
                int base = (s * channels + c) * pixels;
                for (int p = 0; p < pixels; p++) {
                    float v = x[xOff + base + p];
                    finite += v - v;
                    out[outOff + base + p] = (v - low[c]) / range[c];
                }
            }
        }
        return finite == 0f;
    }

    @Override
    public boolean quantizePlanesToRows(float[] x, int xOff, int samples, int channels, int pixels, float[] low,
                                        float[] range, int bits, byte[] out, int outOff, int ldOut, byte[] scratch) {
        InputNormalizer.checkBits(bits);
        InputNormalizer.checkPlanes(x.length, xOff, samples, channels, pixels, low, range);
        GemmChecks.block("output rows", out.length, outOff, samples * pixels, channels, ldOut);
        InputNormalizer.checkScratch(scratch, channels, pixels);
        float levels = (1 << bits) - 1;
        float finite = 0f;
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < channels; c++) {
                int base = xOff + (s * channels + c) * pixels;
                for (int p = 0; p < pixels; p++) {
                    float v = x[base + p];
                    finite += v - v;
                    out[outOff + (s * pixels + p) * ldOut + c] =
                            (byte) InputNormalizer.code((v - low[c]) / range[c], levels);
                }
            }
        }
        return finite == 0f;
    }

    @Override
    public boolean normalizeRowsToPlanes(float[] x, int xOff, int ldx, int rows, int channels, float[] low,
                                         float[] range, float[] out, int outOff, int planeStride) {
        InputNormalizer.checkRange(low, range, channels);
        GemmChecks.block("input rows", x.length, xOff, rows, channels, ldx);
        GemmChecks.block("output planes", out.length, outOff, channels, rows, planeStride);
        float finite = 0f;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                float v = x[xOff + r * ldx + c];
                finite += v - v;
                out[outOff + c * planeStride + r] = (v - low[c]) / range[c];
            }
        }
        return finite == 0f;
    }
}
