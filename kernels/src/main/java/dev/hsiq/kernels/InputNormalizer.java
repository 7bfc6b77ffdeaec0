/*
 * The first step of both inference plans: raw samples -> normalized floats (float plan) or
 * k-bit input codes (quantized plan), per channel (band) c, with the layout change each plan
 * wants folded into the same pass.
 *
 * Math (the engine's Normalization.apply and StepActivation.forInput(bits).code, restated here
 * because kernels cannot see the engine; every implementation performs exactly these float
 * operations, each exact IEEE arithmetic, so all of them give the same bits):
 *   normalized  v = (x - low[c]) / range[c]           one float subtraction, one float division;
 *                                                     range[c] must be (high[c] - low[c]) in float
 *   code        q = roundHalfUp(min(max(v, 0), 1) * L),   L = 2^bits - 1 (as a float), bits 1..8
 * where roundHalfUp(p) for p in [0, L] is Math.round(p): t = (int) p; q = t + (p - t >= 0.5 ? 1 : 0)
 * (p - t is exact). min/max follow Math.min/Math.max (NaN propagates, so NaN gives code 0 like
 * Math.round(NaN)). No guard against q > L is needed: the clip keeps p <= 1 * L = L exactly.
 *
 * Layouts (s = sample, p = pixel, c = channel):
 *   rows    pixel-major, channels innermost: HWC patches, a BIP scene row, spectra (one row of B
 *           "channels" per spectrum): x[xOff + r * ldx + c]
 *   planes  channel-major per sample (CHW): x[xOff + (s * channels + c) * pixels + p]
 * The five entry points:
 *   normalizeRows          rows -> rows (floats)
 *   quantizeRows           rows -> rows (codes)
 *   normalizePlanes        planes -> planes (floats)
 *   quantizePlanesToRows   planes -> rows of codes: out[outOff + (s * pixels + p) * ldOut + c]
 *                          (CHW patches -> the HWC codes the bit packer reads)
 *   normalizeRowsToPlanes  rows -> planes: out[outOff + c * planeStride + r]
 *                          (a BIP scene row -> the CHW map the float convolution reads)
 *
 * Every call returns true when every x it read was finite, false when one was NaN or
 * infinite (the outputs are then still written as above); callers locate and report the
 * value. Finiteness is tracked as a running sum of (x - x), which is 0 for finite x and NaN
 * otherwise, so the loops need no per-element branch.
 *
 * Threads: calls are independent; callers split rows, samples or pixels over threads.
 */
package dev.hsiq.kernels;

public interface InputNormalizer {

    boolean normalizeRows(float[] x, int xOff, int ldx, int rows, int channels, float[] low, float[] range,
                          float[] out, int outOff, int ldOut);

    boolean quantizeRows(float[] x, int xOff, int ldx, int rows, int channels, float[] low, float[] range, int bits,
                         byte[] out, int outOff, int ldOut);

    boolean normalizePlanes(float[] x, int xOff, int samples, int channels, int pixels, float[] low, float[] range,
                            float[] out, int outOff);

    /** scratch: at least scratchBytes(channels, pixels) bytes the call may overwrite (one sample's codes). */
    boolean quantizePlanesToRows(float[] x, int xOff, int samples, int channels, int pixels, float[] low,
                                 float[] range, int bits, byte[] out, int outOff, int ldOut, byte[] scratch);

    boolean normalizeRowsToPlanes(float[] x, int xOff, int ldx, int rows, int channels, float[] low, float[] range,
                                  float[] out, int outOff, int planeStride);

    /** The implementation chosen at startup: Vector API when available, else the scalar reference. */
    static InputNormalizer get() {
        return Holder.INSTANCE;
    }

    /** The scalar reference implementation (fallback and test oracle). */
    static InputNormalizer scalar() {
        return ScalarInputNormalizer.INSTANCE;
    }

    /** The code of one normalized value (the contract's formula; the scalar reference uses it). */
    static int code(float v, float levels) {
        float p = Math.min(Math.max(v, 0f), 1f) * levels;
        int t = (int) p;
        return t + (p - t >= 0.5f ? 1 : 0);
    }

    static void checkRange(float[] low, float[] range, int channels) {
        if (channels <= 0) {
            throw new IllegalArgumentException("channel count " + channels + " must be positive");
        }
        if (low.length < channels || range.length < channels) {
            throw new IllegalArgumentException("low / range hold " + low.length + " / " + range.length
                    + " values for " + channels + " channels");
        }
    }

    static void checkRows(int xLen, int xOff, int ldx, int rows, int channels, float[] low, float[] range,
                          int outLen, int outOff, int ldOut) {
        checkRange(low, range, channels);
        GemmChecks.block("input rows", xLen, xOff, rows, channels, ldx);
        GemmChecks.block("output rows", outLen, outOff, rows, channels, ldOut);
    }

    static void checkBits(int bits) {
        if (bits < 1 || bits > 8) {
            throw new IllegalArgumentException("input codes have 1..8 bits, not " + bits);
        }
    }

    /**
     * The scratch quantizePlanesToRows needs for one sample of channels x pixels codes, for every
     * implementation: channels rounded up to 64 times pixels rounded up to 8 (the vector
     * transpose works on 64-channel x 8-pixel blocks).
     */
    static int scratchBytes(int channels, int pixels) {
        return ((channels + 63) & ~63) * ((pixels + 7) & ~7);
    }

    static void checkScratch(byte[] scratch, int channels, int pixels) {
        if (scratch.length < scratchBytes(channels, pixels)) {
            throw new IllegalArgumentException("scratch of " + scratch.length + " bytes is shorter than "
                    + scratchBytes(channels, pixels) + " for " + channels + " x " + pixels + " codes");
        }
    }

    static void checkPlanes(int xLen, int xOff, int samples, int channels, int pixels, float[] low, float[] range) {
        checkRange(low, range, channels);
        if (pixels <= 0 || samples < 0) {
            throw new IllegalArgumentException(samples + " samples of " + pixels + " pixels");
        }
        GemmChecks.block("input planes", xLen, xOff, samples * channels, pixels, pixels);
    }

    final class Holder {
        private static final InputNormalizer INSTANCE = Vectorization.load(InputNormalizer.class,
                "dev.hsiq.kernels.panama.PanamaInputNormalizer", () -> ScalarInputNormalizer.INSTANCE);

        private Holder() {
        }
    }
}
