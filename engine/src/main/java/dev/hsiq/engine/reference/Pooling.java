/*
 * Max and average pooling as plain loops, no padding: out[c, oy, ox] = max (or mean) of
 * in[c, oy*sh + ky, ox*sw + kx] over the kernel window; the tail that does not fill a window
 * is dropped (as ModelSpec.outputShape computes). Max pooling on codes equals max pooling on
 * the values D * q, since the map q -> D * q is increasing.
 */
package dev.hsiq.engine.reference;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Shape;

final class Pooling {

    private Pooling() {
    }

    static float[] pool(float[] in, Shape inShape, LayerSpec.Pool p, Shape outShape) {
        float[] out = new float[outShape.size()];
        int area = p.kernelH() * p.kernelW();
        for (int c = 0; c < outShape.channels(); c++) {
            for (int oy = 0; oy < outShape.height(); oy++) {
                for (int ox = 0; ox < outShape.width(); ox++) {
                    float max = Float.NEGATIVE_INFINITY;
                    double sum = 0;
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        for (int kx = 0; kx < p.kernelW(); kx++) {
                            float v = in[(c * inShape.height() + oy * p.strideH() + ky) * inShape.width()
                                    + ox * p.strideW() + kx];
                            max = Math.max(max, v);
                            sum += v;
                        }
                    }
                    out[(c * outShape.height() + oy) * outShape.width() + ox] =
                            p.kind() == LayerSpec.PoolKind.MAX ? max : (float) (sum / area);
                }
            }
        }
        return out;
    }

    static int[] maxPool(int[] in, Shape inShape, LayerSpec.Pool p, Shape outShape) {
        int[] out = new int[outShape.size()];
        for (int c = 0; c < outShape.channels(); c++) {
            for (int oy = 0; oy < outShape.height(); oy++) {
                for (int ox = 0; ox < outShape.width(); ox++) {
                    int max = Integer.MIN_VALUE;
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        for (int kx = 0; kx < p.kernelW(); kx++) {
                            max = Math.max(max, in[(c * inShape.height() + oy * p.strideH() + ky) * inShape.width()
                                    + ox * p.strideW() + kx]);
                        }
                    }
                    out[(c * outShape.height() + oy) * outShape.width() + ox] = max;
                }
            }
        }
        return out;
    }
}
