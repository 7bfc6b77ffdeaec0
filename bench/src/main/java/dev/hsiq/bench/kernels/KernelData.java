/*
 * Random operands of every kernel at a KernelShape, shared by the JMH benchmarks and the
 * `hsiq bench kernels` command so both measure the same thing.
 */
package dev.hsiq.bench.kernels;

import dev.hsiq.kernels.BitPacking;
import dev.hsiq.kernels.BitSerialGemm;
import dev.hsiq.kernels.BitWeights;
import dev.hsiq.kernels.WindowLayout;

import java.util.Random;

public final class KernelData {

    private KernelData() {
    }

    /** Parses "aKwM" (M = 1 binary, t ternary, 2..8 signed) into {aBits, coding ordinal, wBits}. */
    public static int[] parseBitSerial(String kernel) {
        if (!kernel.matches("a[1-8]w([1-8]|t)")) {
            throw new IllegalArgumentException("bit-serial kernel '" + kernel + "' is not aKwM (K 1..8, M 1..8 or t)");
        }
        int a = kernel.charAt(1) - '0';
        char w = kernel.charAt(3);
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

    /** Packed window rows and weights of one bit-serial GEMM. */
    public static final class BitSerial {
        public final KernelShape shape;
        public final int aBits;
        public final long[] a;
        public final int rowStride;
        public final BitWeights w;
        public final int[] out;

        BitSerial(KernelShape shape, int aBits, long[] a, int rowStride, BitWeights w) {
            this.shape = shape;
            this.aBits = aBits;
            this.a = a;
            this.rowStride = rowStride;
            this.w = w;
            this.out = new int[shape.m() * shape.n()];
        }

        public void run(BitSerialGemm gemm) {
            gemm.gemm(a, 0, rowStride, aBits, w, 0, shape.m(), out, 0, shape.n());
        }

        /** Binary multiply-accumulates the kernel performs: rows x padded channels x bits x plane pairs. */
        public long bitMacs() {
            return (long) shape.m() * w.paddedChannels() * w.kWords() * 64L * aBits * w.planes();
        }
    }

    public static BitSerial bitSerial(KernelShape s, String kernel, long seed) {
        int[] p = parseBitSerial(kernel);
        Random rnd = new Random(seed);
        WindowLayout layout = new WindowLayout(s.channels(), s.taps());
        int stride = layout.kWords() * p[0];
        long[] a = new long[s.m() * stride];
        // window rows are packed directly with the window's k; the bit order inside a row does not
        // change the work, and packing the rows directly keeps the benchmark independent of im2col
        byte[] q = codes(rnd, s.m() * layout.kWords() * 64, p[0]);
        for (int r = 0; r < s.m(); r++) {
            java.util.Arrays.fill(q, r * layout.kWords() * 64 + layout.k(), (r + 1) * layout.kWords() * 64, (byte) 0);
        }
        BitPacking.packRows(q, 0, layout.kWords() * 64, s.m(), layout.kWords() * 64, p[0], a, 0, stride);
        BitWeights.Coding coding = BitWeights.Coding.values()[p[1]];
        BitWeights w = BitPacking.packWeights(weightCodes(rnd, s.n() * layout.k(), coding, p[2]), s.n(), layout,
                coding, p[2]);
        return new BitSerial(s, p[0], a, stride, w);
    }
}
