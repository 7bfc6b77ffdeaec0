/*
 * Builds a KernelCase for a kernel name, a shape and an implementation (Vector API or scalar
 * reference), with random operands from a fixed seed. Kernel names (the `kernel` field of
 * `hsiq bench kernels` records):
 *   gemm_f32        float GEMM C += A B, A = im2col rows (m x k), B = weights (k x n)
 *   bitserial_aKwM  bit-serial GEMM, K-bit activations x M-bit weights (M = 1 binary, t ternary,
 *                   2..8 signed) on packed window rows (WindowLayout of the shape)
 *   gemm_i8         int8 GEMM, 8-bit codes x signed 8-bit weights
 *   gemm_i8_w1      the int8 kernel on 8-bit codes x binary (+-1) weights (first-layer candidate)
 *   lut_a8w1        table-lookup convolution, 8-bit codes x binary weights, tables included
 *   threshold       2-bit threshold activation of m x n accumulators into packed planes
 *   pack            8-bit codes m x k into bit planes
 *   quantize        the quantized network's input stage: batch x channels x inH x inW raw
 *                   floats (CHW patches) normalized and quantized to 8-bit codes in HWC rows
 *                   (InputNormalizer.quantizePlanesToRows; counted per value)
 */
package dev.hsiq.bench.kernels;

import dev.hsiq.kernels.BitPacking;
import dev.hsiq.kernels.BitSerialGemm;
import dev.hsiq.kernels.BitWeights;
import dev.hsiq.kernels.CodePacker;
import dev.hsiq.kernels.ConvGeometry;
import dev.hsiq.kernels.FloatGemm;
import dev.hsiq.kernels.InputNormalizer;
import dev.hsiq.kernels.Int8Gemm;
import dev.hsiq.kernels.Int8Weights;
import dev.hsiq.kernels.LutConv;
import dev.hsiq.kernels.LutWeights;
import dev.hsiq.kernels.ThresholdActivation;
import dev.hsiq.kernels.Thresholds;
import dev.hsiq.kernels.WindowLayout;

import java.util.Arrays;
import java.util.Random;

public final class KernelCases {

    private KernelCases() {
    }

    public static KernelCase create(String kernel, KernelShape s, boolean vector, long seed) {
        Random rnd = new Random(seed);
        if (kernel.startsWith("bitserial_")) {
            return bitSerial(kernel.substring("bitserial_".length()), s, vector, rnd);
        }
        return switch (kernel) {
            case "gemm_f32" -> floatGemm(s, vector, rnd);
            case "gemm_i8" -> int8(s, vector, rnd, false);
            case "gemm_i8_w1" -> int8(s, vector, rnd, true);
            case "lut_a8w1" -> lut(s, vector, rnd);
            case "threshold" -> threshold(s, vector, rnd);
            case "pack" -> pack(s, vector, rnd);
            case "quantize" -> quantize(s, vector, rnd);
            default -> throw new IllegalArgumentException("unknown kernel '" + kernel + "'");
        };
    }

    /** Parses "aKwM" (M = 1 binary, t ternary, 2..8 signed) into {aBits, coding ordinal, wBits}. */
    public static int[] parseBitSerial(String aw) {
        if (!aw.matches("a[1-8]w([1-8]|t)")) {
            throw new IllegalArgumentException("bit-serial kernel '" + aw + "' is not aKwM (K 1..8, M 1..8 or t)");
        }
        int a = aw.charAt(1) - '0';
        char w = aw.charAt(3);
        if (w == 't') {
            return new int[]{a, BitWeights.Coding.TERNARY.ordinal(), 2};
        }
        int m = w - '0';
        return m == 1 ? new int[]{a, BitWeights.Coding.BINARY.ordinal(), 1}
                : new int[]{a, BitWeights.Coding.SIGNED.ordinal(), m};
    }

    static byte[] codes(Random rnd, int n, int bits) {
        byte[] q = new byte[n];
        for (int i = 0; i < n; i++) {
            q[i] = (byte) rnd.nextInt(1 << bits);
        }
        return q;
    }

    static byte[] weightCodes(Random rnd, int n, BitWeights.Coding coding, int bits) {
        byte[] w = new byte[n];
        int min = BitWeights.minCode(coding, bits);
        int max = BitWeights.maxCode(coding, bits);
        for (int i = 0; i < n; i++) {
            int v = min + rnd.nextInt(max - min + 1);
            w[i] = (byte) (coding == BitWeights.Coding.BINARY && v == 0 ? 1 : v);
        }
        return w;
    }

    private static KernelCase floatGemm(KernelShape s, boolean vector, Random rnd) {
        FloatGemm gemm = vector ? FloatGemm.get() : FloatGemm.scalar();
        int m = s.m(), n = s.n(), k = s.k();
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat() - 0.5f;
        }
        return new Case(s.macs(), s.macs()) {
            @Override
            public Object run() {
                gemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n);
                return c;
            }
        };
    }

    private static KernelCase bitSerial(String aw, KernelShape s, boolean vector, Random rnd) {
        int[] p = parseBitSerial(aw);
        BitSerialGemm gemm = vector ? BitSerialGemm.get() : BitSerialGemm.scalar();
        WindowLayout layout = new WindowLayout(s.channels(), s.taps());
        int aBits = p[0];
        int width = layout.kWords() * 64;
        int stride = layout.kWords() * aBits;
        int m = s.m();
        // window rows packed directly (random codes in the first k positions, zero padding after):
        // the order of bits inside a row does not change the work, and im2col is not part of the GEMM
        byte[] q = codes(rnd, m * width, aBits);
        for (int r = 0; r < m; r++) {
            Arrays.fill(q, r * width + layout.k(), (r + 1) * width, (byte) 0);
        }
        long[] a = new long[m * stride];
        BitPacking.packRows(q, 0, width, m, width, aBits, a, 0, stride);
        BitWeights.Coding coding = BitWeights.Coding.values()[p[1]];
        BitWeights w = BitPacking.packWeights(weightCodes(rnd, s.n() * layout.k(), coding, p[2]), s.n(), layout,
                coding, p[2]);
        int[] c = new int[m * s.n()];
        long binaryMacs = (long) m * w.paddedChannels() * w.kWords() * 64L * aBits * w.planes();
        return new Case(binaryMacs, s.macs()) {
            @Override
            public Object run() {
                gemm.gemm(a, 0, stride, aBits, w, 0, m, c, 0, s.n());
                return c;
            }
        };
    }

    private static KernelCase int8(KernelShape s, boolean vector, Random rnd, boolean binaryWeights) {
        Int8Gemm gemm = vector ? Int8Gemm.get() : Int8Gemm.scalar();
        int m = s.m(), n = s.n(), k = s.k();
        byte[] a = codes(rnd, m * k, 8);
        byte[] w = binaryWeights ? weightCodes(rnd, n * k, BitWeights.Coding.BINARY, 1)
                : weightCodes(rnd, n * k, BitWeights.Coding.SIGNED, 8);
        Int8Weights prepared = Int8Gemm.get().prepare(w, n, k);
        int[] c = new int[m * n];
        return new Case(s.macs(), s.macs()) {
            @Override
            public Object run() {
                gemm.gemm(a, 0, k, 8, prepared, 0, m, c, 0, n);
                return c;
            }
        };
    }

    private static KernelCase lut(KernelShape s, boolean vector, Random rnd) {
        LutConv lut = vector ? LutConv.get() : LutConv.scalar();
        ConvGeometry g = s.geometry();
        int pixels = g.inH() * g.inW();
        byte[] hwc = codes(rnd, s.batch() * g.inSize(), 8);
        LutWeights w = lut.prepare(weightCodes(rnd, g.weightSize(), BitWeights.Coding.BINARY, 1), g);
        short[] ws = new short[lut.workspaceSize(g)];
        int[] c = new int[s.m() * s.n()];
        int outPer = g.outPixels();
        return new Case(s.macs(), s.macs()) {
            @Override
            public Object run() {
                for (int b = 0; b < s.batch(); b++) {
                    lut.tables(g, hwc, b * g.inSize(), ws, 0, pixels);
                    lut.conv(g, w, ws, 0, outPer, c, b * outPer * s.n(), s.n());
                }
                return c;
            }
        };
    }

    private static KernelCase threshold(KernelShape s, boolean vector, Random rnd) {
        ThresholdActivation act = vector ? ThresholdActivation.get() : ThresholdActivation.scalar();
        int m = s.m(), n = s.n();
        int[] acc = new int[m * n];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = rnd.nextInt(4001) - 2000;
        }
        int[] t = new int[n * 3];
        boolean[] desc = new boolean[n];
        for (int c = 0; c < n; c++) {
            int[] v = {rnd.nextInt(2001) - 1000, rnd.nextInt(2001) - 1000, rnd.nextInt(2001) - 1000};
            Arrays.sort(v);
            desc[c] = rnd.nextInt(4) == 0;
            for (int i = 0; i < 3; i++) {
                t[c * 3 + i] = desc[c] ? v[2 - i] : v[i];
            }
        }
        Thresholds th = new Thresholds(n, 3, t, desc);
        int stride = BitPacking.words(n) * 2;
        long[] out = new long[m * stride];
        return new Case((long) m * n, 0) {
            @Override
            public Object run() {
                act.planes(acc, 0, n, m, th, 2, out, 0, stride);
                return out;
            }
        };
    }

    private static KernelCase pack(KernelShape s, boolean vector, Random rnd) {
        CodePacker packer = vector ? CodePacker.get() : CodePacker.scalar();
        int m = s.m(), k = s.k();
        byte[] q = codes(rnd, m * k, 8);
        int stride = BitPacking.words(k) * 8;
        long[] out = new long[m * stride];
        return new Case((long) m * k, 0) {
            @Override
            public Object run() {
                packer.packRows(q, 0, k, m, k, 8, out, 0, stride);
                return out;
            }
        };
    }

    private static KernelCase quantize(KernelShape s, boolean vector, Random rnd) {
        InputNormalizer normalizer = vector ? InputNormalizer.get() : InputNormalizer.scalar();
        int channels = s.channels();
        int pixels = s.inH() * s.inW();
        float[] x = new float[s.batch() * channels * pixels];
        for (int i = 0; i < x.length; i++) {
            x[i] = 100f + 4000f * rnd.nextFloat();
        }
        float[] low = new float[channels];
        float[] range = new float[channels];
        for (int c = 0; c < channels; c++) {
            low[c] = 100f + 50f * rnd.nextFloat();
            range[c] = 3500f + 500f * rnd.nextFloat();
        }
        byte[] out = new byte[s.batch() * pixels * channels];
        byte[] scratch = new byte[InputNormalizer.scratchBytes(channels, pixels)];
        return new Case(x.length, 0) {
            @Override
            public Object run() {
                if (!normalizer.quantizePlanesToRows(x, 0, s.batch(), channels, pixels, low, range, 8, out, 0,
                        channels, scratch)) {
                    throw new IllegalStateException("finite random input reported as non-finite");
                }
                return out;
            }
        };
    }

    private abstract static class Case implements KernelCase {
        private final long nativeOps;
        private final long effectiveMacs;

        Case(long nativeOps, long effectiveMacs) {
            this.nativeOps = nativeOps;
            this.effectiveMacs = effectiveMacs;
        }

        @Override
        public long nativeOps() {
            return nativeOps;
        }

        @Override
        public long effectiveMacs() {
            return effectiveMacs;
        }
    }
}
