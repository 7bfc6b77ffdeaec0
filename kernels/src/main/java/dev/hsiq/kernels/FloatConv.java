/*
 * Float convolution forward and backward over a batch of CHW samples, built on FloatGemm
 * through im2col: for one sample, cols[k, p] holds input value in[c, oh*sh - ph + i,
 * ow*sw - pw + j] for k = (c, i, j) and output position p = (oh, ow) (zero outside the
 * input). Then
 *   forward:          out[o, p]  = bias[o] + sum_k W[o, k] * cols[k, p]    (GEMM m=O, n=P, k=K)
 *   backward weights: dW[o, k]  += sum_p dOut[o, p] * cols[k, p]          (GEMM with B^T)
 *   backward data:    dCols[k, p] = sum_o W[o, k] * dOut[o, p]            (GEMM with A^T),
 *                     then col2im scatters dCols back onto dIn.
 * Training and the float inference path both use this class.
 */
package dev.hsiq.kernels;

public final class FloatConv {

    private FloatConv() {
    }

    /** Floats of scratch space the calls below need for one sample (the im2col matrix). */
    public static int workspaceSize(ConvGeometry g) {
        return Math.multiplyExact(g.k(), g.outPixels());
    }

    /**
     * out[n] = conv(in[n], weight) + bias for n in 0..batch-1. in is batch x inSize, out is
     * batch x outSize (overwritten), weight is [out, in, kh, kw], bias may be null.
     * workspace holds at least workspaceSize(g) floats.
     */
    public static void forward(ConvGeometry g, int batch, float[] in, float[] weight, float[] bias,
                               float[] out, float[] workspace) {
        check(g, batch, in.length, out.length, weight.length, workspace.length);
        FloatGemm gemm = FloatGemm.get();
        int k = g.k();
        int p = g.outPixels();
        for (int n = 0; n < batch; n++) {
            float[] cols = im2colOrInput(g, in, n * g.inSize(), workspace);
            int colsOff = cols == in ? n * g.inSize() : 0;
            int outOff = n * g.outSize();
            for (int o = 0; o < g.outChannels(); o++) {
                float b = bias == null ? 0f : bias[o];
                java.util.Arrays.fill(out, outOff + o * p, outOff + (o + 1) * p, b);
            }
            gemm.gemm(false, false, g.outChannels(), p, k, weight, 0, k, cols, colsOff, p, out, outOff, p);
        }
    }

    /**
     * gradWeight += sum_n dOut[n] (x) cols(in[n]); gradBias (if not null) += sum over
     * positions of dOut. Accumulates, so a caller zeroes the gradients once per step.
     */
    public static void backwardWeights(ConvGeometry g, int batch, float[] in, float[] gradOut,
                                       float[] gradWeight, float[] gradBias, float[] workspace) {
        check(g, batch, in.length, gradOut.length, gradWeight.length, workspace.length);
        FloatGemm gemm = FloatGemm.get();
        int k = g.k();
        int p = g.outPixels();
        for (int n = 0; n < batch; n++) {
            float[] cols = im2colOrInput(g, in, n * g.inSize(), workspace);
            int colsOff = cols == in ? n * g.inSize() : 0;
            int outOff = n * g.outSize();
            gemm.gemm(false, true, g.outChannels(), k, p, gradOut, outOff, p, cols, colsOff, p, gradWeight, 0, k);
            if (gradBias != null) {
                for (int o = 0; o < g.outChannels(); o++) {
                    float s = 0f;
                    int base = outOff + o * p;
                    for (int i = 0; i < p; i++) {
                        s += gradOut[base + i];
                    }
                    gradBias[o] += s;
                }
            }
        }
    }

    /** gradIn[n] = conv^T(gradOut[n], weight) (overwritten). */
    public static void backwardData(ConvGeometry g, int batch, float[] gradOut, float[] weight,
                                    float[] gradIn, float[] workspace) {
        check(g, batch, gradIn.length, gradOut.length, weight.length, workspace.length);
        FloatGemm gemm = FloatGemm.get();
        int k = g.k();
        int p = g.outPixels();
        boolean identity = isIdentityIm2col(g);
        for (int n = 0; n < batch; n++) {
            int inOff = n * g.inSize();
            if (identity) {
                java.util.Arrays.fill(gradIn, inOff, inOff + g.inSize(), 0f);
                gemm.gemm(true, false, k, p, g.outChannels(), weight, 0, k, gradOut, n * g.outSize(), p,
                        gradIn, inOff, p);
            } else {
                java.util.Arrays.fill(workspace, 0, k * p, 0f);
                gemm.gemm(true, false, k, p, g.outChannels(), weight, 0, k, gradOut, n * g.outSize(), p,
                        workspace, 0, p);
                col2im(g, workspace, gradIn, inOff);
            }
        }
    }

    /** A 1x1 kernel with unit stride and no padding: the input already is the column matrix. */
    private static boolean isIdentityIm2col(ConvGeometry g) {
        return g.kH() == 1 && g.kW() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    private static float[] im2colOrInput(ConvGeometry g, float[] in, int inOff, float[] workspace) {
        if (isIdentityIm2col(g)) {
            return in;
        }
        im2col(g, in, inOff, workspace);
        return workspace;
    }

    /** cols[k, p] for one sample starting at in[inOff]; see the type comment. */
    public static void im2col(ConvGeometry g, float[] in, int inOff, float[] cols) {
        int oh = g.outH();
        int ow = g.outW();
        int p = oh * ow;
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = inOff + c * g.inH() * g.inW();
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++, row++) {
                    int dst = row * p;
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.strideH() - g.padH() + i;
                        if (iy < 0 || iy >= g.inH()) {
                            java.util.Arrays.fill(cols, dst + y * ow, dst + (y + 1) * ow, 0f);
                            continue;
                        }
                        int src = plane + iy * g.inW();
                        for (int x = 0; x < ow; x++) {
                            int ix = x * g.strideW() - g.padW() + j;
                            cols[dst + y * ow + x] = ix < 0 || ix >= g.inW() ? 0f : in[src + ix];
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of im2col: gradIn[inOff..] = sum of cols entries mapping to each input value. */
    public static void col2im(ConvGeometry g, float[] cols, float[] gradIn, int inOff) {
        java.util.Arrays.fill(gradIn, inOff, inOff + g.inSize(), 0f);
        int oh = g.outH();
        int ow = g.outW();
        int p = oh * ow;
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = inOff + c * g.inH() * g.inW();
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++, row++) {
                    int src = row * p;
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.strideH() - g.padH() + i;
                        if (iy < 0 || iy >= g.inH()) {
                            continue;
                        }
                        int dst = plane + iy * g.inW();
                        for (int x = 0; x < ow; x++) {
                            int ix = x * g.strideW() - g.padW() + j;
                            if (ix >= 0 && ix < g.inW()) {
                                gradIn[dst + ix] += cols[src + y * ow + x];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void check(ConvGeometry g, int batch, int inLen, int outLen, int wLen, int wsLen) {
        if (batch < 0) {
            throw new IllegalArgumentException("negative batch " + batch);
        }
        if ((long) batch * g.inSize() > inLen) {
            throw new IllegalArgumentException("input holds " + inLen + " floats, batch " + batch + " of "
                    + g.inSize() + " needs more");
        }
        if ((long) batch * g.outSize() > outLen) {
            throw new IllegalArgumentException("output holds " + outLen + " floats, batch " + batch + " of "
                    + g.outSize() + " needs more");
        }
        if (wLen < g.weightSize()) {
            throw new IllegalArgumentException("weight holds " + wLen + " floats, needs " + g.weightSize());
        }
        if (!isIdentityIm2col(g) && wsLen < workspaceSize(g)) {
            throw new IllegalArgumentException("workspace holds " + wsLen + " floats, needs " + workspaceSize(g));
        }
    }
}
