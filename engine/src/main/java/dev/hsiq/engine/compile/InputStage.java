/*
 * The first step of a plan: raw samples -> the first map, with the model's per-band
 * Normalization x' = (x - low) / (high - low) and, for a quantized model, the input quantizer
 * StepActivation.forInput(inputBits) (clip level 1): exactly the float operations of the
 * reference executor (InputNormalizer restates them; range = high - low in float is what
 * Normalization.apply divides by).
 *   quantized model: byte codes, HWC (a spectrum is B pixels of one channel; a patch P x P
 *                    pixels of B channels; the padded scene (rows + 2m) x (cols + 2m) pixels)
 *   float model:     floats, CHW
 * Non-finite raw values are rejected, naming the sample (or scene pixel) and band: the kernels
 * report that a range held one, and the range is then scanned for the first.
 *
 * Dense scene mode fills the padded scene in two phases: interior rows (values, plus the
 * mirrored pixels left and right of them, read from the same row), then the mirrored rows
 * above and below, copied from the interior rows they reflect (MirrorPadding).
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.kernels.InputNormalizer;

final class InputStage {

    private final String model;
    private final float[] low;
    private final float[] range;
    private final int bits;
    final MapLayout layout;

    /** bits = 0: float model. channels: the model input's channels (1 for spectra, B for patches). */
    InputStage(String model, float[] low, float[] range, int bits, int channels) {
        this.model = model;
        this.low = low.clone();
        this.range = range.clone();
        this.bits = bits;
        this.layout = bits == 0 ? MapLayout.floats(channels) : MapLayout.codes(channels, bits);
    }

    boolean quantized() {
        return bits > 0;
    }

    int bands() {
        return low.length;
    }

    /** Samples s0..s1-1 of a per-sample source into dst (from its start). */
    void samples(Source src, int s0, int s1, MapBuffer dst, Workspace ws) {
        InputNormalizer k = InputNormalizer.get();
        int b = bands();
        int n = s1 - s0;
        switch (src) {
            case Source.Spectra sp -> {
                boolean ok = quantized()
                        ? k.quantizeRows(sp.x(), s0 * b, b, n, b, low, range, bits, dst.bytes, 0, b)
                        : k.normalizeRows(sp.x(), s0 * b, b, n, b, low, range, dst.floats, 0, b);
                if (!ok) {
                    failSpectra(sp.x(), s0, s1);
                }
            }
            case Source.Patches pt -> patches(pt.x(), s0 * b * pt.size() * pt.size(), s0, n, pt.size(), dst, true,
                    ws);
            case Source.ScenePatches sp -> {
                Source.Scene sc = sp.scene();
                int plane = sp.size() * sp.size();
                float[] tmp = ws.floats2(n * b * plane);
                for (int s = s0; s < s1; s++) {
                    MirrorPadding.extractPatch(sc.cube(), sc.rows(), sc.cols(), b, sp.size(), s / sc.cols(),
                            s % sc.cols(), tmp, (s - s0) * b * plane);
                }
                if (!patches(tmp, 0, s0, n, sp.size(), dst, false, ws)) {
                    // a patch reads rows up to P/2 away from its centre (mirrored at the border)
                    int half = sp.size() / 2;
                    failSceneRows(sc, Math.max(0, s0 / sc.cols() - half),
                            Math.min(sc.rows(), (s1 - 1) / sc.cols() + 1 + half));
                }
            }
            case Source.Scene sc -> throw new IllegalArgumentException("a scene runs through sceneRows");
        }
    }

    private boolean patches(float[] x, int off, int s0, int n, int size, MapBuffer dst, boolean report, Workspace ws) {
        InputNormalizer k = InputNormalizer.get();
        int b = bands();
        int plane = size * size;
        boolean ok = quantized()
                ? k.quantizePlanesToRows(x, off, n, b, plane, low, range, bits, dst.bytes, 0, b, ws.window8(InputNormalizer.scratchBytes(b, plane)))
                : k.normalizePlanes(x, off, n, b, plane, low, range, dst.floats, 0);
        if (!ok && report) {
            for (int i = 0; i < n * b * plane; i++) {
                float v = x[off + i];
                if (!Float.isFinite(v)) {
                    int s = i / (b * plane);
                    int rest = i % (b * plane);
                    int p = rest % plane;
                    throw new BadInputException("model " + model + ": patch " + (s0 + s) + ", band " + rest / plane
                            + ", row " + p / size + ", column " + p % size + " is " + v + "; inputs must be finite");
                }
            }
        }
        return ok;
    }

    private void failSpectra(float[] x, int s0, int s1) {
        int b = bands();
        for (int i = s0 * b; i < s1 * b; i++) {
            if (!Float.isFinite(x[i])) {
                throw new BadInputException("model " + model + ": spectrum " + i / b + ", band " + i % b + " is " + x[i]
                        + "; inputs must be finite");
            }
        }
        throw new IllegalStateException("non-finite value reported but not found");
    }

    private void failSceneRows(Source.Scene sc, int r0, int r1) {
        int b = bands();
        float[] cube = sc.cube();
        for (int i = r0 * sc.cols() * b; i < r1 * sc.cols() * b; i++) {
            if (!Float.isFinite(cube[i])) {
                int pixel = i / b;
                throw new BadInputException("model " + model + ": scene value at row " + pixel / sc.cols()
                        + ", column " + pixel % sc.cols() + ", band " + i % b + " is " + cube[i]
                        + "; inputs must be finite");
            }
        }
        throw new IllegalStateException("non-finite value reported but not found");
    }

    /** Elements of the padded scene map (margin m on every side). */
    long sceneLength(Source.Scene sc, int m) {
        return (long) (sc.rows() + 2 * m) * (sc.cols() + 2 * m) * bands();
    }

    /** Interior scene rows r0..r1-1 (with their mirrored side pixels) into the padded map. */
    void sceneRows(Source.Scene sc, int m, int r0, int r1, MapBuffer dst) {
        InputNormalizer k = InputNormalizer.get();
        int b = bands();
        int cols = sc.cols();
        int wp = cols + 2 * m;
        int planeStride = (sc.rows() + 2 * m) * wp;
        for (int r = r0; r < r1; r++) {
            int y = r + m;
            boolean ok;
            if (quantized()) {
                ok = k.quantizeRows(sc.cube(), r * cols * b, b, cols, b, low, range, bits, dst.bytes, (y * wp + m) * b, b);
                for (int x = 0; x < wp; x++) {
                    if (x < m || x >= m + cols) {
                        int from = (y * wp + MirrorPadding.reflect(x - m, cols) + m) * b;
                        System.arraycopy(dst.bytes, from, dst.bytes, (y * wp + x) * b, b);
                    }
                }
            } else {
                ok = k.normalizeRowsToPlanes(sc.cube(), r * cols * b, b, cols, b, low, range, dst.floats, y * wp + m,
                        planeStride);
                for (int c = 0; c < b; c++) {
                    int row = c * planeStride + y * wp;
                    for (int x = 0; x < wp; x++) {
                        if (x < m || x >= m + cols) {
                            dst.floats[row + x] = dst.floats[row + MirrorPadding.reflect(x - m, cols) + m];
                        }
                    }
                }
            }
            if (!ok) {
                failSceneRows(sc, r, r + 1);
            }
        }
    }

    /** The mirrored rows above and below the scene: border row index i in 0..2m-1. */
    void sceneBorderRows(Source.Scene sc, int m, int i0, int i1, MapBuffer dst) {
        int b = bands();
        int rows = sc.rows();
        int wp = sc.cols() + 2 * m;
        int planeStride = (rows + 2 * m) * wp;
        for (int i = i0; i < i1; i++) {
            int y = i < m ? i : rows + i;
            int from = MirrorPadding.reflect(y - m, rows) + m;
            if (quantized()) {
                System.arraycopy(dst.bytes, from * wp * b, dst.bytes, y * wp * b, wp * b);
            } else {
                for (int c = 0; c < b; c++) {
                    System.arraycopy(dst.floats, c * planeStride + from * wp, dst.floats, c * planeStride + y * wp, wp);
                }
            }
        }
    }
}
