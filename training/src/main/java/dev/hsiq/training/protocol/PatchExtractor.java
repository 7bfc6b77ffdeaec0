/*
 * Cuts P x P patches (P odd) around pixels of a scene, in the CHW layout the patch model
 * takes: bands x P x P, value of band b at patch row y, column x at (b*P + y)*P + x. The
 * centre pixel is at (P/2, P/2). Outside the scene the image is mirrored WITHOUT repeating
 * the edge pixel, like numpy.pad(mode="reflect"): index -1 reads 1, -2 reads 2, and n reads
 * n-2 (period 2(n-1); a 1-pixel-wide dimension reads index 0). This works for any P, even
 * one larger than the scene. If a Normalization is given, every value is normalized on the
 * way ((x - low) / (high - low), as Normalization.apply).
 */
package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.training.data.Scene;

public final class PatchExtractor {

    private final float[] cube;
    private final int rows;
    private final int cols;
    private final int bands;
    private final int size;
    private final float[] low;
    private final float[] range;

    public PatchExtractor(Scene scene, int patchSize, Normalization norm) {
        this(scene.cube(), scene.rows(), scene.cols(), scene.bands(), patchSize, norm);
    }

    /** Patches from a BIP cube of rows x cols x bands; norm may be null (raw values). */
    public PatchExtractor(float[] cube, int rows, int cols, int bands, int patchSize, Normalization norm) {
        if (patchSize < 1 || patchSize % 2 == 0) {
            throw new BadInputException("patch size must be a positive odd number, got " + patchSize);
        }
        if ((long) rows * cols * bands != cube.length) {
            throw new BadInputException("cube of " + cube.length + " values is not " + rows + " x " + cols + " x "
                    + bands);
        }
        if (norm != null && norm.bands() != bands) {
            throw new BadInputException("normalization has " + norm.bands() + " bands, the scene " + bands);
        }
        this.cube = cube;
        this.rows = rows;
        this.cols = cols;
        this.bands = bands;
        this.size = patchSize;
        this.low = norm == null ? null : norm.low();
        this.range = norm == null ? null : NormalizationFit.ranges(norm);
    }

    public int patchSize() {
        return size;
    }

    public int bands() {
        return bands;
    }

    /** Values per patch: bands * P * P. */
    public int patchLength() {
        return bands * size * size;
    }

    /** numpy 'reflect' index: mirror about the edge pixels without repeating them. */
    public static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Writes the patch around pixel index {@code pixel} (= r*cols + c) at out[offset...]. */
    public void extract(int pixel, float[] out, int offset) {
        if (pixel < 0 || pixel >= rows * cols) {
            throw new BadInputException("pixel index " + pixel + " is outside the " + rows + " x " + cols + " scene");
        }
        int r = pixel / cols;
        int c = pixel % cols;
        int half = size / 2;
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            int sr = reflect(r + y - half, rows);
            for (int x = 0; x < size; x++) {
                int sc = reflect(c + x - half, cols);
                int src = (sr * cols + sc) * bands;
                int dst = offset + y * size + x;
                if (low == null) {
                    for (int b = 0; b < bands; b++) {
                        out[dst + b * plane] = cube[src + b];
                    }
                } else {
                    for (int b = 0; b < bands; b++) {
                        out[dst + b * plane] = (cube[src + b] - low[b]) / range[b];
                    }
                }
            }
        }
    }

    /** Patches of pixels[from .. from+count) one after another at out[outOffset...]. */
    public void extractBatch(int[] pixels, int from, int count, float[] out, int outOffset) {
        int len = patchLength();
        for (int i = 0; i < count; i++) {
            extract(pixels[from + i], out, outOffset + i * len);
        }
    }

    /** A new array with the patches of pixels[from .. from+count). */
    public float[] extractBatch(int[] pixels, int from, int count) {
        float[] out = new float[Math.multiplyExact(count, patchLength())];
        extractBatch(pixels, from, count, out, 0);
        return out;
    }
}
