/*
 * Mirror padding of a scene, as numpy.pad(mode="reflect") and the training side's
 * PatchExtractor define it: outside the scene the image is mirrored about the edge pixels
 * WITHOUT repeating them, index -1 reads 1, -2 reads 2, n reads n - 2 (period 2 (n - 1); a
 * dimension of one pixel always reads index 0). This is the padding under which dense scene
 * mode and per-patch inference agree at the borders: the patch of pixel (r, c) is the
 * P x P block of the padded scene at (r, c) (see DenseScene).
 */
package dev.hsiq.engine.compile;

final class MirrorPadding {

    private MirrorPadding() {
    }

    /** The scene index that padded index i (possibly outside 0..n-1) reads. */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /**
     * The patch of scene pixel (r, c) in the model's CHW layout (band b, patch row y, column x at
     * (b * P + y) * P + x), read from a BIP cube with mirror padding.
     */
    static void extractPatch(float[] cube, int rows, int cols, int bands, int size, int r, int c, float[] out,
                             int outOff) {
        int half = size / 2;
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            int sr = reflect(r - half + y, rows);
            for (int x = 0; x < size; x++) {
                int src = (sr * cols + reflect(c - half + x, cols)) * bands;
                int dst = outOff + y * size + x;
                for (int b = 0; b < bands; b++) {
                    out[dst + b * plane] = cube[src + b];
                }
            }
        }
    }
}
