/*
 * First-layer convolution of 8-bit (or fewer) activation codes with binary (+-1) weights by
 * table lookup, in the style of T-MAC. The math (derived in PanamaLutConv): with w = 2b - 1,
 *   sum_k q_k w_k = 2 sum_k q_k b_k - S,   S = sum_k q_k,
 * and sum_k q_k b_k is summed per group of g consecutive channels of one input pixel as a
 * lookup U[pattern of g weight bits] in a 2^g-entry table of the pixel's subset sums.
 * Tables belong to input pixels, not to windows, so one table serves every tap and output
 * pixel that reads that pixel (9 windows for a 3x3 convolution).
 *
 * Calls, for one sample (an HWC code map, codes read as unsigned bytes):
 *   tables(g, codes, off, workspace, pixelStart, pixelEnd)   per input pixel range
 *   conv(g, weights, workspace, outStart, outEnd, c, cOff, ldc)
 *       c[cOff + p * ldc + o] = sum_{c,i,j} q[c, oy+i-ph, ox+j-pw] * w[o, c, i, j]  (zero padding)
 *       for output pixels p in outStart..outEnd-1 (row-major), overwritten.
 * Both ranges can be split across threads once every table a range reads is built.
 * A plain GEMM (rows x k) is the 1x1 convolution of a 1 x rows map with k channels.
 * Range: |result| <= 255 * k, far inside int32 for any k the tables fit in memory.
 */
package dev.hsiq.kernels;

public interface LutConv {

    /** Prepares +-1 weight codes [out][in][kh][kw] for this implementation. */
    LutWeights prepare(byte[] codes, ConvGeometry g);

    /** Shorts of workspace the tables of one sample need. */
    int workspaceSize(ConvGeometry g);

    /** Builds the tables of input pixels pixelStart..pixelEnd-1 (row-major) from HWC codes at codes[off]. */
    void tables(ConvGeometry g, byte[] codes, int off, short[] workspace, int pixelStart, int pixelEnd);

    /** The convolution for output pixels outStart..outEnd-1 from built tables (type comment). */
    void conv(ConvGeometry g, LutWeights w, short[] workspace, int outStart, int outEnd, int[] c, int cOff, int ldc);

    static LutConv get() {
        return Holder.INSTANCE;
    }

    static LutConv scalar() {
        return ScalarLutConv.INSTANCE;
    }

    static void checkTables(ConvGeometry g, int workspaceSize, byte[] codes, int off, short[] workspace,
                            int pixelStart, int pixelEnd) {
        int pixels = g.inH() * g.inW();
        if (pixelStart < 0 || pixelEnd > pixels || pixelStart > pixelEnd) {
            throw new IllegalArgumentException("input pixels " + pixelStart + ".." + pixelEnd + " outside 0.." + pixels);
        }
        GemmChecks.block("codes", codes.length, off, pixels, g.inChannels(), g.inChannels());
        if (workspace.length < workspaceSize) {
            throw new IllegalArgumentException("workspace holds " + workspace.length + " shorts, needs " + workspaceSize);
        }
    }

    static void checkConv(ConvGeometry g, LutWeights w, int workspaceSize, short[] workspace, int outStart, int outEnd,
                          int[] c, int cOff, int ldc) {
        if (!w.geometry().equals(g)) {
            throw new IllegalArgumentException("weights were prepared for " + w.geometry() + ", not " + g);
        }
        if (outStart < 0 || outEnd > g.outPixels() || outStart > outEnd) {
            throw new IllegalArgumentException("output pixels " + outStart + ".." + outEnd + " outside 0.."
                    + g.outPixels());
        }
        if (workspace.length < workspaceSize) {
            throw new IllegalArgumentException("workspace holds " + workspace.length + " shorts, needs " + workspaceSize);
        }
        if (outEnd > outStart) {
            GemmChecks.block("C", c.length, cOff + outStart * ldc, outEnd - outStart, g.outChannels(), ldc);
        }
    }

    final class Holder {
        private static final LutConv INSTANCE = Vectorization.load(LutConv.class,
                "dev.hsiq.kernels.panama.PanamaLutConv", () -> ScalarLutConv.INSTANCE);

        private Holder() {
        }
    }
}
