/*
 * Float convolution forward and backward over a batch of CHW samples, built on FloatGemm.
 * For one sample, the lowered (im2col) matrix cols[k, p] holds input value
 * in[c, oh*sh - ph + i, ow*sw - pw + j] for k = (c, i, j) and output position p = (oh, ow)
 * (zero outside the input). Then
 *   forward:          out[o, p]  = bias[o] + sum_k W[o, k] * cols[k, p]    (GEMM m=O, n=P, k=K)
 *   backward weights: dW[o, k]  += sum_p dOut[o, p] * cols[k, p]          (GEMM, B = cols^T)
 *   backward data:    dCols[k, p] = sum_o W[o, k] * dOut[o, p]            (GEMM with A^T),
 *                     then col2im scatters dCols back onto dIn.
 * Training and the float inference path both use this class.
 *
 * How it is made fast (figures: GMAC/s per CPU second, batch 64, one thread, 512-bit
 * vectors, measured while the machine was shared, so +-10%):
 *
 * 1. Batching. Per-sample GEMMs are thin (P = 49, 25, 9 positions for patch-cnn; 190, 57, 15
 *    for spectral-cnn): n = 9 leaves most of a 32-column register tile empty. So a chunk of
 *    samples is lowered at once, side by side, into one GEMM with n = chunk*P (about
 *    TARGET_COLUMNS), and the [O, chunk*P] result is copied into the CHW outputs.
 *    Forward one sample at a time vs batched: patch conv1 29 -> 48, conv2 19 -> 54,
 *    conv3 10 -> 69, spectral conv2 38 -> 61, conv3 14 -> 57.
 *
 * 2. Implicit lowering. Materializing cols costs about 0.75 ns per element (short copies of
 *    7, 5, 3 floats per output row), 40-55% of the forward time of the patch layers. Instead
 *    the GEMM reads the lowered matrix through FloatGemm.IndexedMatrix: element (k, p) =
 *    x[kOffset[k] + posOffset[p]] over the input (or a zero-padded copy of it), packed
 *    straight into the GEMM's panels with vector loads or gathers. Forward materialized ->
 *    implicit: patch conv1 33 -> 48, conv2 37 -> 54, conv3 40 -> 69, spectral conv3 46 -> 57;
 *    backwardWeights (B = cols^T, the same offsets swapped): 33 -> 49, 31 -> 55, 37 -> 68.
 *    Below K = 32 (spectral conv1, K = 11) the plain copy packs faster and stays.
 *
 * 3. backwardData for stride 1 is the forward pass of the flipped kernel over dOut padded
 *    by k-1-p (no col2im), where its extra multiply-adds on the padding cost less than the
 *    col2im scatter (see transposedForData): patch conv1 32 -> 43, spectral conv2 35 -> 46.
 *
 * Direct convolution (no lowering at all, the same register tiles reading the input) would
 * save at most the implicit lowering's packing: about 0.3 ns per lowered element (measured
 * gather cost; contiguous runs are cheaper) against 1-2 ns of multiply-adds per element for
 * O = 64-128, i.e. 15-25% at best, for a second kernel family to keep exact. Not done.
 *
 * Workspace: workspaceSize(g) (one sample, the original contract) runs one sample at a
 * time; workspaceSize(g, batch) enables full chunks; the overloads without a workspace use
 * a per-thread one. Inference with fixed weights: packWeights once, then the PackedWeights
 * forward (both GEMM orientations packed; a single patch uses the weights as the right
 * operand, wide chunks as the left one).
 *
 * Results are bit-identical for every thread count (Parallel overloads); they depend on the
 * chunk size and path only through float rounding of the same sums.
 */
package dev.hsiq.kernels;

import java.util.Arrays;

public final class FloatConv {

    /** Columns a chunk of samples aims for: enough for full-speed GEMM tiles, few MB of workspace. */
    static final int TARGET_COLUMNS = 1024;
    /**
     * Below this reduction length the lowered matrix is materialized: with K this short the
     * GEMM re-packs its B panel for every few multiply-adds, and a plain copy packs faster
     * than the indexed reads (spectral conv1, K = 11).
     */
    static final int IMPLICIT_MIN_K = 32;

    private static final ThreadLocal<float[][]> WORKSPACE = ThreadLocal.withInitial(() -> new float[][]{new float[0]});

    private FloatConv() {
    }

    /** Floats of scratch space the calls below need for one sample at a time (the im2col matrix). */
    public static int workspaceSize(ConvGeometry g) {
        return Math.multiplyExact(g.k(), g.outPixels());
    }

    /**
     * Floats of scratch space that let the calls below lower a whole chunk of {@code batch}
     * samples at once (the fast path): the chunk's column matrix plus its [O, chunk*P] product.
     * Also what the packed-weights forward needs (at least one sample's worth).
     */
    public static int workspaceSize(ConvGeometry g, int batch) {
        if (batch < 0) {
            throw new IllegalArgumentException("negative batch " + batch);
        }
        int chunk = Math.min(Math.max(1, batch), preferredChunk(g));
        int size = chunkWorkspace(g, chunk);
        ConvGeometry t = transposedForData(g);
        if (t != null) {
            size = Math.max(size, chunkWorkspace(t, Math.min(Math.max(1, batch), preferredChunk(t))));
        }
        return size;
    }

    /** Samples per chunk that bring n = chunk*P near TARGET_COLUMNS. */
    static int preferredChunk(ConvGeometry g) {
        return Math.max(1, (TARGET_COLUMNS + g.outPixels() - 1) / g.outPixels());
    }

    private static int chunkWorkspace(ConvGeometry g, int chunk) {
        return Math.toIntExact(Math.multiplyExact(perSampleWorkspace(g), (long) chunk));
    }

    /**
     * Workspace floats per sample of a chunk: the larger of backwardData's (and the packed
     * forward's) lowered [K, P] matrix plus [O, P] product, and forward's / backwardWeights'
     * [O, P] product plus the zero-padded input.
     */
    private static long perSampleWorkspace(ConvGeometry g) {
        long lowered = (long) (g.k() + g.outChannels()) * g.outPixels();
        long implicit = (long) g.outChannels() * g.outPixels() + paddedInSize(g);
        return Math.max(lowered, implicit);
    }

    /** One sample's input with its zero padding made explicit, or 0 without padding. */
    private static int paddedInSize(ConvGeometry g) {
        if (g.padH() == 0 && g.padW() == 0) {
            return 0;
        }
        return Math.multiplyExact(g.inChannels(), Math.multiplyExact(g.inH() + 2 * g.padH(), g.inW() + 2 * g.padW()));
    }

    /** The largest chunk (at most preferredChunk and batch) whose buffers fit in wsLength floats. */
    private static int chunkFor(ConvGeometry g, int batch, int wsLength) {
        int want = Math.min(Math.max(1, batch), preferredChunk(g));
        int fits = (int) Math.min(want, wsLength / perSampleWorkspace(g));
        return Math.max(1, fits);
    }

    // ------------------------------------------------------------------ forward

    /**
     * out[n] = conv(in[n], weight) + bias for n in 0..batch-1. in is batch x inSize, out is
     * batch x outSize (overwritten), weight is [out, in, kh, kw], bias may be null.
     * workspace holds at least workspaceSize(g) floats (workspaceSize(g, batch) for the
     * batched fast path).
     */
    public static void forward(ConvGeometry g, int batch, float[] in, float[] weight, float[] bias,
                               float[] out, float[] workspace) {
        forward(g, batch, in, weight, bias, out, workspace, Parallel.sequential());
    }

    /** As {@link #forward(ConvGeometry, int, float[], float[], float[], float[], float[])}, with a per-thread workspace. */
    public static void forward(ConvGeometry g, int batch, float[] in, float[] weight, float[] bias, float[] out) {
        forward(g, batch, in, weight, bias, out, threadWorkspace(workspaceSize(g, batch)), Parallel.sequential());
    }

    /** The forward pass with its GEMMs and lowering split over {@code parallel} (same result). */
    public static void forward(ConvGeometry g, int batch, float[] in, float[] weight, float[] bias,
                               float[] out, float[] workspace, Parallel parallel) {
        check(g, batch, in.length, "input", out.length, "output", weight.length, bias, workspace);
        FloatGemm gemm = FloatGemm.get();
        int k = g.k();
        int p = g.outPixels();
        int o = g.outChannels();
        int chunk = chunkFor(g, batch, workspace == null ? 0 : workspace.length);
        for (int n0 = 0; n0 < batch; n0 += chunk) {
            int cn = Math.min(chunk, batch - n0);
            if (cn == 1) {
                // one sample: GEMM straight into its CHW output
                int outOff = n0 * g.outSize();
                fillBias(bias, o, p, out, outOff);
                if (implicitFits(g, workspace)) {
                    FloatGemm.IndexedMatrix lowered = implicitIm2col(g, in, n0, 1, workspace, 0, false);
                    gemm.gemmIndexedB(false, o, weight, 0, k, lowered, out, outOff, p, parallel);
                } else if (isIdentityIm2col(g)) {
                    gemm.gemm(false, false, o, p, k, weight, 0, k, in, n0 * g.inSize(), p, out, outOff, p, parallel);
                } else {
                    im2col(g, in, n0 * g.inSize(), workspace, 0, p);
                    gemm.gemm(false, false, o, p, k, weight, 0, k, workspace, 0, p, out, outOff, p, parallel);
                }
                continue;
            }
            int cols = cn * p;
            int product;
            if (k >= IMPLICIT_MIN_K) {
                product = 0; // [O, cols] product, then the padded inputs
                FloatGemm.IndexedMatrix lowered = implicitIm2col(g, in, n0, cn, workspace, o * cols, false);
                fillRows(workspace, product, o, cols, bias);
                gemm.gemmIndexedB(false, o, weight, 0, k, lowered, workspace, product, cols, parallel);
            } else {
                product = k * cols; // [O, cols] product after the [K, cols] column matrix
                lowerChunk(g, in, n0, cn, workspace, parallel);
                fillRows(workspace, product, o, cols, bias);
                gemm.gemm(false, false, o, cols, k, weight, 0, k, workspace, 0, cols, workspace, product, cols, parallel);
            }
            // [O, (s, p)] -> out[n0 + s][o][p]
            for (int s = 0; s < cn; s++) {
                int outOff = (n0 + s) * g.outSize();
                for (int oc = 0; oc < o; oc++) {
                    System.arraycopy(workspace, product + oc * cols + s * p, out, outOff + oc * p, p);
                }
            }
        }
    }

    // ------------------------------------------------------------------ inference with packed weights

    /**
     * Chunks with at least this many output positions (chunk * P) multiply weights packed as
     * the left operand with the implicit lowering; narrower ones (a single patch: 49, 25, 9
     * positions) use the weights as the right operand, where the few positions become tile
     * rows instead of mostly empty tile columns. Measured (GMAC/s per CPU second, 512-bit,
     * left / right orientation): one sample: patch conv1 (49 positions) 36 / 43, conv2 (25)
     * 29 / 35, conv3 (9) 18 / 35, spectral conv2 (57) 44 / 55, conv3 (15) 20 / 32, spectral
     * conv1 (190) 19 / 14; three samples: patch conv2 (75) 40 / 37, conv1 (147) 48 / 47;
     * 64 samples: left 24-66, right 8-41 on every layer.
     */
    static final int WIDE_COLUMNS = 64;

    /**
     * A layer's weights packed once for inference, in both GEMM orientations (W as the left
     * operand, W^T as the right one); which one a call uses depends on its chunk width. Made
     * by {@link #packWeights}; immutable and shareable between threads.
     */
    public static final class PackedWeights {
        private final ConvGeometry geometry;
        private final FloatGemm.PackedMatrix left;
        private final FloatGemm.PackedMatrix right;

        private PackedWeights(ConvGeometry geometry, FloatGemm.PackedMatrix left, FloatGemm.PackedMatrix right) {
            this.geometry = geometry;
            this.left = left;
            this.right = right;
        }

        public ConvGeometry geometry() {
            return geometry;
        }
    }

    /** Packs a layer's weights [out, in, kh, kw] for the packed-weights forward. */
    public static PackedWeights packWeights(ConvGeometry g, float[] weight) {
        if (weight.length < g.weightSize()) {
            throw new IllegalArgumentException("weight holds " + weight.length + " floats, needs " + g.weightSize());
        }
        FloatGemm gemm = FloatGemm.get();
        return new PackedWeights(g, gemm.packA(false, g.outChannels(), g.k(), weight, 0, g.k()),
                gemm.packB(true, g.k(), g.outChannels(), weight, 0, g.k()));
    }

    /**
     * out[n] = conv(in[n], W) + bias with W from {@link #packWeights}. Wide chunks:
     * [O, chunk*P] = W cols through the implicit lowering (as the plain forward, minus the
     * weight packing); narrow ones: [chunk*P, O] = cols^T W^T, transposed into the CHW
     * outputs. workspace holds at least workspaceSize(g, 1) floats (workspaceSize(g, batch)
     * for full chunks). Results equal the plain forward's to float rounding of the same sums.
     */
    public static void forward(ConvGeometry g, int batch, float[] in, PackedWeights weights, float[] bias,
                               float[] out, float[] workspace, Parallel parallel) {
        if (!weights.geometry().equals(g)) {
            throw new IllegalArgumentException("packed weights are for " + weights.geometry() + ", not " + g);
        }
        check(g, batch, in.length, "input", out.length, "output", g.weightSize(), bias, workspace);
        int need = chunkWorkspace(g, 1);
        if (workspace.length < need) {
            throw new IllegalArgumentException("workspace holds " + workspace.length + " floats, the packed forward needs "
                    + need + " (workspaceSize(g, 1))");
        }
        FloatGemm gemm = FloatGemm.get();
        int k = g.k();
        int p = g.outPixels();
        int o = g.outChannels();
        int chunk = chunkFor(g, batch, workspace.length);
        for (int n0 = 0; n0 < batch; n0 += chunk) {
            int cn = Math.min(chunk, batch - n0);
            int cols = cn * p;
            if (cols >= WIDE_COLUMNS) {
                int product;
                if (k >= IMPLICIT_MIN_K) {
                    product = 0;
                    FloatGemm.IndexedMatrix lowered = implicitIm2col(g, in, n0, cn, workspace, o * cols, false);
                    fillRows(workspace, product, o, cols, bias);
                    gemm.gemmPackedAIndexedB(weights.left, lowered, workspace, product, cols, parallel);
                } else {
                    product = k * cols;
                    lowerChunk(g, in, n0, cn, workspace, parallel);
                    fillRows(workspace, product, o, cols, bias);
                    gemm.gemmPackedA(weights.left, false, cols, workspace, 0, cols, workspace, product, cols, parallel);
                }
                for (int s = 0; s < cn; s++) {
                    int outOff = (n0 + s) * g.outSize();
                    for (int oc = 0; oc < o; oc++) {
                        System.arraycopy(workspace, product + oc * cols + s * p, out, outOff + oc * p, p);
                    }
                }
                continue;
            }
            int product = k * cols; // [cols, O] after the [K, cols] column matrix
            lowerChunk(g, in, n0, cn, workspace, parallel);
            Arrays.fill(workspace, product, product + cols * o, 0f);
            gemm.gemmPackedB(true, cols, workspace, 0, cols, weights.right, workspace, product, o, parallel);
            // [(s, p), O] -> out[n0 + s][o][p] + bias[o]
            for (int s = 0; s < cn; s++) {
                int outOff = (n0 + s) * g.outSize();
                for (int oc = 0; oc < o; oc++) {
                    float b = bias == null ? 0f : bias[oc];
                    int src = product + s * p * o + oc;
                    int dst = outOff + oc * p;
                    for (int q = 0; q < p; q++) {
                        out[dst + q] = workspace[src + q * o] + b;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ backward weights

    /**
     * gradWeight += sum_n dOut[n] (x) cols(in[n]); gradBias (if not null) += sum over
     * positions of dOut. Accumulates, so a caller zeroes the gradients once per step.
     */
    public static void backwardWeights(ConvGeometry g, int batch, float[] in, float[] gradOut,
                                       float[] gradWeight, float[] gradBias, float[] workspace) {
        backwardWeights(g, batch, in, gradOut, gradWeight, gradBias, workspace, Parallel.sequential());
    }

    /** As the workspace overload, with a per-thread workspace. */
    public static void backwardWeights(ConvGeometry g, int batch, float[] in, float[] gradOut,
                                       float[] gradWeight, float[] gradBias) {
        backwardWeights(g, batch, in, gradOut, gradWeight, gradBias, threadWorkspace(workspaceSize(g, batch)),
                Parallel.sequential());
    }

    /** The weight gradient with its GEMMs and lowering split over {@code parallel} (same result). */
    public static void backwardWeights(ConvGeometry g, int batch, float[] in, float[] gradOut,
                                       float[] gradWeight, float[] gradBias, float[] workspace, Parallel parallel) {
        check(g, batch, in.length, "input", gradOut.length, "output gradient", gradWeight.length, gradBias, workspace);
        FloatGemm gemm = FloatGemm.get();
        int k = g.k();
        int p = g.outPixels();
        int o = g.outChannels();
        int chunk = chunkFor(g, batch, workspace == null ? 0 : workspace.length);
        for (int n0 = 0; n0 < batch; n0 += chunk) {
            int cn = Math.min(chunk, batch - n0);
            if (cn == 1) {
                int outOff = n0 * g.outSize();
                if (implicitFits(g, workspace)) {
                    FloatGemm.IndexedMatrix lowered = implicitIm2col(g, in, n0, 1, workspace, 0, true);
                    gemm.gemmIndexedB(false, o, gradOut, outOff, p, lowered, gradWeight, 0, k, parallel);
                } else if (isIdentityIm2col(g)) {
                    gemm.gemm(false, true, o, k, p, gradOut, outOff, p, in, n0 * g.inSize(), p, gradWeight, 0, k,
                            parallel);
                } else {
                    im2col(g, in, n0 * g.inSize(), workspace, 0, p);
                    gemm.gemm(false, true, o, k, p, gradOut, outOff, p, workspace, 0, p, gradWeight, 0, k, parallel);
                }
            } else {
                int cols = cn * p;
                if (k >= IMPLICIT_MIN_K) {
                    gatherOutputs(g, gradOut, n0, cn, workspace, 0);
                    // B = cols^T: positions along the reduction, (c, i, j) along n
                    FloatGemm.IndexedMatrix lowered = implicitIm2col(g, in, n0, cn, workspace, o * cols, true);
                    gemm.gemmIndexedB(false, o, workspace, 0, cols, lowered, gradWeight, 0, k, parallel);
                } else {
                    // K too short to fill a register tile's columns: dW^T[K, O] = cols dOut^T, then
                    // added transposed (K x O more adds, nothing next to the GEMM)
                    int gathered = k * cols;
                    lowerChunk(g, in, n0, cn, workspace, parallel);
                    gatherOutputs(g, gradOut, n0, cn, workspace, gathered);
                    float[] t = smallScratch(k * o);
                    Arrays.fill(t, 0, k * o, 0f);
                    gemm.gemm(false, true, k, o, cols, workspace, 0, cols, workspace, gathered, cols, t, 0, o, parallel);
                    for (int oc = 0; oc < o; oc++) {
                        for (int kk = 0; kk < k; kk++) {
                            gradWeight[oc * k + kk] += t[kk * o + oc];
                        }
                    }
                }
            }
        }
        if (gradBias != null) {
            for (int n = 0; n < batch; n++) {
                int outOff = n * g.outSize();
                for (int oc = 0; oc < o; oc++) {
                    float s = 0f;
                    int base = outOff + oc * p;
                    for (int i = 0; i < p; i++) {
                        s += gradOut[base + i];
                    }
                    gradBias[oc] += s;
                }
            }
        }
    }

    // ------------------------------------------------------------------ backward data

    /** gradIn[n] = conv^T(gradOut[n], weight) (overwritten). */
    public static void backwardData(ConvGeometry g, int batch, float[] gradOut, float[] weight,
                                    float[] gradIn, float[] workspace) {
        backwardData(g, batch, gradOut, weight, gradIn, workspace, Parallel.sequential());
    }

    /** As the workspace overload, with a per-thread workspace. */
    public static void backwardData(ConvGeometry g, int batch, float[] gradOut, float[] weight, float[] gradIn) {
        backwardData(g, batch, gradOut, weight, gradIn, threadWorkspace(workspaceSize(g, batch)), Parallel.sequential());
    }

    /** The input gradient with its GEMMs and col2im split over {@code parallel} (same result). */
    public static void backwardData(ConvGeometry g, int batch, float[] gradOut, float[] weight,
                                    float[] gradIn, float[] workspace, Parallel parallel) {
        check(g, batch, gradIn.length, "input gradient", gradOut.length, "output gradient", weight.length, null,
                workspace);
        ConvGeometry t = transposedForData(g);
        if (t != null && workspace != null && workspace.length >= Math.min(batch, 2) * perSampleWorkspace(t)) {
            // stride 1: the input gradient is the convolution of dOut with the flipped kernel
            float[] flipped = smallScratch(g.weightSize());
            flipKernel(g, weight, flipped);
            forward(t, batch, gradOut, flipped, null, gradIn, workspace, parallel);
            return;
        }
        FloatGemm gemm = FloatGemm.get();
        int k = g.k();
        int p = g.outPixels();
        int o = g.outChannels();
        boolean identity = isIdentityIm2col(g);
        int chunk = chunkFor(g, batch, workspace == null ? 0 : workspace.length);
        for (int n0 = 0; n0 < batch; n0 += chunk) {
            int cn = Math.min(chunk, batch - n0);
            if (cn == 1) {
                int inOff = n0 * g.inSize();
                if (identity) {
                    Arrays.fill(gradIn, inOff, inOff + g.inSize(), 0f);
                    gemm.gemm(true, false, k, p, o, weight, 0, k, gradOut, n0 * g.outSize(), p, gradIn, inOff, p,
                            parallel);
                } else {
                    Arrays.fill(workspace, 0, k * p, 0f);
                    gemm.gemm(true, false, k, p, o, weight, 0, k, gradOut, n0 * g.outSize(), p, workspace, 0, p,
                            parallel);
                    col2im(g, workspace, 0, p, gradIn, inOff);
                }
                continue;
            }
            int cols = cn * p;
            int gathered = k * cols;
            gatherOutputs(g, gradOut, n0, cn, workspace, gathered);
            Arrays.fill(workspace, 0, gathered, 0f);
            gemm.gemm(true, false, k, cols, o, weight, 0, k, workspace, gathered, cols, workspace, 0, cols, parallel);
            int first = n0;
            parallel.forEach(cn, s -> col2im(g, workspace, s * p, cols, gradIn, (first + s) * g.inSize()));
        }
    }

    /**
     * For stride 1 (and padding below the kernel size): the geometry whose forward pass is
     * this layer's input gradient. dIn[c, Y, X] = sum_{o,i,j} dOut[o, Y + pH - i, X + pW - j]
     * W[o, c, i, j]; with i' = kH-1-i that is a convolution over dOut (O channels, outH x outW)
     * padded by kH-1-pH (kW-1-pW), kernel W'[c, o, i', j'] = W[o, c, kH-1-i', kW-1-j'], giving
     * C channels of inH x inW. Null where that does not hold (strided layers use col2im) or
     * does not pay.
     *
     * When it pays: the flipped convolution runs over the zero-padded dOut, so it does
     * inPixels / outPixels times the layer's multiply-adds, while the col2im route costs about
     * one scattered add per lowered element, i.e. per O multiply-adds, roughly 60/O
     * multiply-add times at ~60 GMAC/s. So: C >= 8 (a full register tile of rows) and
     * inPixels / outPixels < 1 + 60/O. Measured (CPU time, batch 64, 512-bit): patch conv1
     * 32 -> 43 GMAC/s, spectral conv2 35 -> 46, conv3 36 -> 40 with it; patch conv2 (ratio
     * 1.96) 32 -> 26, conv3 (2.8) 40 -> 18, spectral conv1 (C = 1) 21 -> 5 without, as the
     * rule predicts.
     */
    static ConvGeometry transposedForData(ConvGeometry g) {
        if (g.strideH() != 1 || g.strideW() != 1 || g.padH() > g.kH() - 1 || g.padW() > g.kW() - 1) {
            return null;
        }
        long inPixels = (long) g.inH() * g.inW();
        if (g.inChannels() < 8 || inPixels * g.outChannels() >= (long) g.outPixels() * (g.outChannels() + 60)) {
            return null;
        }
        return new ConvGeometry(g.outChannels(), g.outH(), g.outW(), g.inChannels(), g.kH(), g.kW(), 1, 1,
                g.kH() - 1 - g.padH(), g.kW() - 1 - g.padW());
    }

    /** flipped[c, o, i', j'] = weight[o, c, kH-1-i', kW-1-j']. */
    private static void flipKernel(ConvGeometry g, float[] weight, float[] flipped) {
        int kh = g.kH();
        int kw = g.kW();
        int c = g.inChannels();
        int o = g.outChannels();
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                int src = (oc * c + ic) * kh * kw;
                int dst = (ic * o + oc) * kh * kw;
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        flipped[dst + (kh - 1 - i) * kw + (kw - 1 - j)] = weight[src + i * kw + j];
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ lowering

    /** One sample through the indexed lowering: K long enough and the padded copy (if any) fits. */
    private static boolean implicitFits(ConvGeometry g, float[] workspace) {
        return g.k() >= IMPLICIT_MIN_K && paddedInSize(g) <= (workspace == null ? 0 : workspace.length);
    }

    /** A 1x1 kernel with unit stride and no padding: the input already is the column matrix. */
    private static boolean isIdentityIm2col(ConvGeometry g) {
        return g.kH() == 1 && g.kW() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
    }

    private static final ThreadLocal<float[][]> SMALL = ThreadLocal.withInitial(() -> new float[][]{new float[0]});

    /** A per-thread scratch array of at least n floats (for the K x O transposed weight gradient). */
    private static float[] smallScratch(int n) {
        float[][] holder = SMALL.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }

    private static final ThreadLocal<int[][]> OFFSETS = ThreadLocal.withInitial(() -> new int[][]{new int[0], new int[0]});

    /**
     * The [K, cn*P] column matrix of samples n0..n0+cn-1 (or its transpose when
     * {@code positionsAsRows}) as an IndexedMatrix over the input: row k = (c, i, j) is offset
     * c*H*W + i*W + j, column (s, y, x) is the window origin of output (y, x) of sample s.
     * With padding the chunk's inputs are first copied, zero-padded, to ws[padOff..].
     */
    private static FloatGemm.IndexedMatrix implicitIm2col(ConvGeometry g, float[] in, int n0, int cn, float[] ws,
                                                          int padOff, boolean positionsAsRows) {
        int hp = g.inH() + 2 * g.padH();
        int wp = g.inW() + 2 * g.padW();
        float[] src;
        int base;
        int sampleStride;
        if (paddedInSize(g) == 0) {
            src = in;
            base = n0 * g.inSize();
            sampleStride = g.inSize();
        } else {
            sampleStride = paddedInSize(g);
            padInputs(g, in, n0, cn, ws, padOff);
            src = ws;
            base = padOff;
        }
        int k = g.k();
        int p = g.outPixels();
        int cols = cn * p;
        int[][] buf = OFFSETS.get();
        if (buf[0].length < k) {
            buf[0] = new int[k];
        }
        if (buf[1].length < cols) {
            buf[1] = new int[cols];
        }
        int[] kOff = buf[0];
        int[] posOff = buf[1];
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++) {
                    kOff[row++] = (c * hp + i) * wp + j;
                }
            }
        }
        int q = 0;
        for (int s = 0; s < cn; s++) {
            int sample = base + s * sampleStride;
            for (int y = 0; y < g.outH(); y++) {
                int rowStart = sample + y * g.strideH() * wp;
                for (int x = 0; x < g.outW(); x++) {
                    posOff[q++] = rowStart + x * g.strideW();
                }
            }
        }
        return positionsAsRows ? new FloatGemm.IndexedMatrix(src, cols, k, posOff, kOff)
                : new FloatGemm.IndexedMatrix(src, k, cols, kOff, posOff);
    }

    /** Samples n0..n0+cn-1 copied into ws[off..] with their zero padding made explicit. */
    private static void padInputs(ConvGeometry g, float[] in, int n0, int cn, float[] ws, int off) {
        int hp = g.inH() + 2 * g.padH();
        int wp = g.inW() + 2 * g.padW();
        int size = paddedInSize(g);
        Arrays.fill(ws, off, off + cn * size, 0f);
        for (int s = 0; s < cn; s++) {
            int src = (n0 + s) * g.inSize();
            for (int c = 0; c < g.inChannels(); c++) {
                for (int y = 0; y < g.inH(); y++) {
                    System.arraycopy(in, src + (c * g.inH() + y) * g.inW(), ws,
                            off + s * size + (c * hp + y + g.padH()) * wp + g.padW(), g.inW());
                }
            }
        }
    }

    /** Columns of samples n0..n0+cn-1 side by side in ws[0 .. K*cn*P): [K, cn*P]. */
    private static void lowerChunk(ConvGeometry g, float[] in, int n0, int cn, float[] ws, Parallel parallel) {
        int p = g.outPixels();
        int ld = cn * p;
        parallel.forEach(cn, s -> im2col(g, in, (n0 + s) * g.inSize(), ws, s * p, ld));
    }

    /** dOut of samples n0..n0+cn-1 as one [O, cn*P] matrix at ws[off..]. */
    private static void gatherOutputs(ConvGeometry g, float[] gradOut, int n0, int cn, float[] ws, int off) {
        int p = g.outPixels();
        int ld = cn * p;
        for (int s = 0; s < cn; s++) {
            int src = (n0 + s) * g.outSize();
            for (int oc = 0; oc < g.outChannels(); oc++) {
                System.arraycopy(gradOut, src + oc * p, ws, off + oc * ld + s * p, p);
            }
        }
    }

    /** rows x cols block at x[off..] with row r set to bias[r] (0 without bias). */
    private static void fillRows(float[] x, int off, int rows, int cols, float[] bias) {
        for (int r = 0; r < rows; r++) {
            Arrays.fill(x, off + r * cols, off + (r + 1) * cols, bias == null ? 0f : bias[r]);
        }
    }

    private static void fillBias(float[] bias, int o, int p, float[] out, int outOff) {
        for (int oc = 0; oc < o; oc++) {
            Arrays.fill(out, outOff + oc * p, outOff + (oc + 1) * p, bias == null ? 0f : bias[oc]);
        }
    }

    /** cols[k, p] for one sample starting at in[inOff]; see the type comment. */
    public static void im2col(ConvGeometry g, float[] in, int inOff, float[] cols) {
        im2col(g, in, inOff, cols, 0, g.outPixels());
    }

    /**
     * cols[colOff + k*ldCols + p] for one sample starting at in[inOff]: the same matrix as
     * {@link #im2col(ConvGeometry, float[], int, float[])} placed as a block of a wider one.
     */
    public static void im2col(ConvGeometry g, float[] in, int inOff, float[] cols, int colOff, int ldCols) {
        int oh = g.outH();
        int ow = g.outW();
        int sw = g.strideW();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = inOff + c * g.inH() * g.inW();
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++, row++) {
                    int dst = colOff + row * ldCols;
                    // output columns x whose input column x*sw - padW + j lies inside the row
                    int x0 = validFrom(g.padW() - j, sw);
                    int x1 = Math.min(ow, validTo(g.inW() - 1 + g.padW() - j, sw));
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.strideH() - g.padH() + i;
                        int d = dst + y * ow;
                        if (iy < 0 || iy >= g.inH() || x1 <= x0) {
                            Arrays.fill(cols, d, d + ow, 0f);
                            continue;
                        }
                        int src = plane + iy * g.inW() - g.padW() + j;
                        for (int x = 0; x < x0; x++) {
                            cols[d + x] = 0f;
                        }
                        if (sw == 1) {
                            System.arraycopy(in, src + x0, cols, d + x0, x1 - x0);
                        } else {
                            for (int x = x0; x < x1; x++) {
                                cols[d + x] = in[src + x * sw];
                            }
                        }
                        for (int x = x1; x < ow; x++) {
                            cols[d + x] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Smallest x >= 0 with x*stride >= lo. */
    private static int validFrom(int lo, int stride) {
        return lo <= 0 ? 0 : (lo + stride - 1) / stride;
    }

    /** One past the largest x with x*stride <= hi (0 when hi < 0). */
    private static int validTo(int hi, int stride) {
        return hi < 0 ? 0 : hi / stride + 1;
    }

    /** The adjoint of im2col: gradIn[inOff..] = sum of cols entries mapping to each input value. */
    public static void col2im(ConvGeometry g, float[] cols, float[] gradIn, int inOff) {
        col2im(g, cols, 0, g.outPixels(), gradIn, inOff);
    }

    /** col2im reading the sample's column block at cols[colOff + k*ldCols + p]. */
    public static void col2im(ConvGeometry g, float[] cols, int colOff, int ldCols, float[] gradIn, int inOff) {
        Arrays.fill(gradIn, inOff, inOff + g.inSize(), 0f);
        int oh = g.outH();
        int ow = g.outW();
        int sw = g.strideW();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = inOff + c * g.inH() * g.inW();
            for (int i = 0; i < g.kH(); i++) {
                for (int j = 0; j < g.kW(); j++, row++) {
                    int src = colOff + row * ldCols;
                    int x0 = validFrom(g.padW() - j, sw);
                    int x1 = Math.min(ow, validTo(g.inW() - 1 + g.padW() - j, sw));
                    for (int y = 0; y < oh; y++) {
                        int iy = y * g.strideH() - g.padH() + i;
                        if (iy < 0 || iy >= g.inH()) {
                            continue;
                        }
                        int dst = plane + iy * g.inW() - g.padW() + j;
                        int s = src + y * ow;
                        for (int x = x0; x < x1; x++) {
                            gradIn[dst + x * sw] += cols[s + x];
                        }
                    }
                }
            }
        }
    }

    private static float[] threadWorkspace(int size) {
        float[][] holder = WORKSPACE.get();
        if (holder[0].length < size) {
            holder[0] = new float[size];
        }
        return holder[0];
    }

    private static void check(ConvGeometry g, int batch, int inLen, String inName, int outLen, String outName,
                              int wLen, float[] bias, float[] workspace) {
        if (batch < 0) {
            throw new IllegalArgumentException("negative batch " + batch);
        }
        if ((long) batch * g.inSize() > inLen) {
            throw new IllegalArgumentException(inName + " holds " + inLen + " floats, batch " + batch + " of "
                    + g.inSize() + " needs more");
        }
        if ((long) batch * g.outSize() > outLen) {
            throw new IllegalArgumentException(outName + " holds " + outLen + " floats, batch " + batch + " of "
                    + g.outSize() + " needs more");
        }
        if (wLen < g.weightSize()) {
            throw new IllegalArgumentException("weight holds " + wLen + " floats, needs " + g.weightSize());
        }
        if (bias != null && bias.length < g.outChannels()) {
            throw new IllegalArgumentException("bias holds " + bias.length + " floats, needs " + g.outChannels());
        }
        int wsLen = workspace == null ? 0 : workspace.length;
        if (!isIdentityIm2col(g) && wsLen < workspaceSize(g)) {
            throw new IllegalArgumentException("workspace holds " + wsLen + " floats, needs " + workspaceSize(g));
        }
    }
}
