/*
 * A conv or dense layer of the float plan (SIMD float GEMM), with a following batch norm
 * folded into its weights and bias at compile time and its activation applied on the output:
 *   BN(conv(x)) = g * (W x + b - mean) + beta = (g W) x + (g (b - mean) + beta),
 *   g = gamma / sqrt(var + eps)  (per output channel, folded in double, rounded to float once).
 *
 * Per-sample mode: FloatConv's packed-weights forward over the whole chunk of samples (it
 * batches the chunk's windows into wide GEMMs; weights packed once for the patch geometry).
 * Dense scene mode: the layer slides over the whole scene map (CHW, one sample); output pixels
 * are cut into tiles and each tile is one GEMM C[out channels x tile] += W * cols, with the
 * im2col matrix read in place through FloatGemm.IndexedMatrix (element (k, j) = map[rowOffset[k]
 * + colOffset[j]], k = (c, ky, kx), j = the tile's output pixels), written straight into the
 * output map's columns (ldc = output pixels). The last layer writes logits [pixel][class].
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.ConvGeometry;
import dev.hsiq.kernels.FloatConv;
import dev.hsiq.kernels.FloatGemm;
import dev.hsiq.kernels.Parallel;

import java.util.Arrays;

final class FloatConvOp extends WindowedOp {

    /** Output pixels per GEMM in scene mode. */
    private static final int TILE = 512;

    private final int inChannels;
    private final float[] bias;
    private final FloatActivation activation;
    private final ConvGeometry patchGeometry;
    private final FloatConv.PackedWeights patchWeights;
    private final FloatGemm.PackedMatrix left;
    private final long weightCount;

    /** weights [out][in][kh][kw] with batch norm already folded; patchInput the per-sample input size. */
    FloatConvOp(String name, Window window, int inChannels, int outChannels, float[] weights, float[] bias,
                FloatActivation activation, Spatial patchInput, boolean last) {
        super(name, window, MapLayout.floats(inChannels), last ? null : MapLayout.floats(outChannels), outChannels);
        this.inChannels = inChannels;
        this.bias = bias.clone();
        this.activation = activation;
        this.patchGeometry = window.geometry(inChannels, outChannels, patchInput);
        this.patchWeights = FloatConv.packWeights(patchGeometry, weights);
        int k = inChannels * window.taps();
        this.left = FloatGemm.get().packA(false, outChannels, k, weights, 0, k);
        this.weightCount = (long) outChannels * k;
    }

    @Override
    String kernel() {
        return "float GEMM" + (activation.isNone() ? "" : " + " + activation);
    }

    @Override
    long macsPerPixel() {
        return weightCount;
    }

    @Override
    int units(Pass p) {
        return p.scene() ? window.out(p.in()).pixels() : 1;
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        if (!p.scene()) {
            if (!p.in().equals(new Spatial(patchGeometry.inH(), patchGeometry.inW()))) {
                throw new IllegalStateException(name + ": compiled for " + patchGeometry.inH() + "x"
                        + patchGeometry.inW() + " inputs, run on " + p.in());
            }
            float[] work = ws.floats(FloatConv.workspaceSize(patchGeometry, p.n()));
            FloatConv.forward(patchGeometry, p.n(), src.floats, patchWeights, bias, dst.floats, work,
                    Parallel.sequential());
            activation.apply(dst.floats, 0, p.n() * patchGeometry.outSize());
            return;
        }
        runScene(src, dst, p.in(), u0, u1, ws);
    }

    private void runScene(MapBuffer src, MapBuffer dst, Spatial inSize, int u0, int u1, Workspace ws) {
        if (!window.slides()) {
            throw new IllegalStateException(name + ": dense scene mode needs stride 1 and no padding");
        }
        Spatial os = window.out(inSize);
        int outPixels = os.pixels();
        int k = inChannels * window.taps();
        int plane = inSize.pixels();
        int[] rowOff = ws.offsetsA(k);
        for (int c = 0, r = 0; c < inChannels; c++) {
            for (int ky = 0; ky < window.kh(); ky++) {
                for (int kx = 0; kx < window.kw(); kx++, r++) {
                    rowOff[r] = c * plane + ky * inSize.w() + kx;
                }
            }
        }
        int[] colOff = ws.offsetsB(TILE);
        FloatGemm gemm = FloatGemm.get();
        boolean logits = out == null;
        float[] tileOut = logits ? ws.floats2(outChannels * TILE) : null;
        for (int t0 = u0; t0 < u1; t0 += TILE) {
            int t1 = Math.min(u1, t0 + TILE);
            int cols = t1 - t0;
            for (int j = 0; j < cols; j++) {
                int q = t0 + j;
                int y = q / os.w();
                colOff[j] = y * inSize.w() + (q - y * os.w());
            }
            FloatGemm.IndexedMatrix b = new FloatGemm.IndexedMatrix(src.floats, k, cols, rowOff, colOff);
            if (logits) {
                for (int o = 0; o < outChannels; o++) {
                    Arrays.fill(tileOut, o * cols, (o + 1) * cols, bias[o]);
                }
                gemm.gemmPackedAIndexedB(left, b, tileOut, 0, cols, Parallel.sequential());
                activation.apply(tileOut, 0, outChannels * cols);
                for (int j = 0; j < cols; j++) {
                    for (int o = 0; o < outChannels; o++) {
                        dst.floats[(t0 + j) * outChannels + o] = tileOut[o * cols + j];
                    }
                }
            } else {
                for (int o = 0; o < outChannels; o++) {
                    Arrays.fill(dst.floats, o * outPixels + t0, o * outPixels + t1, bias[o]);
                }
                gemm.gemmPackedAIndexedB(left, b, dst.floats, t0, outPixels, Parallel.sequential());
                for (int o = 0; o < outChannels; o++) {
                    activation.apply(dst.floats, o * outPixels + t0, o * outPixels + t1);
                }
            }
        }
    }
}
