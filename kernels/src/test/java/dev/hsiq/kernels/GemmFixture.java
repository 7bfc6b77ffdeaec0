/*
 * Test fixture for FloatGemm: one problem C += op(A) op(B) with offsets and leading
 * dimensions larger than the blocks, sentinel-filled padding, and the error bound the vector
 * result is held to.
 *
 * Tolerance. Any evaluation order of c + sum_p a_p b_p in float, with or without fused
 * multiply-adds and split into partial sums in any way, has an error of at most
 * gamma_{k+1} * (|c| + sum_p |a_p b_p|) against the exact value, gamma_n = n u / (1 - n u),
 * u = 2^-24 (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., section 3.1),
 * plus underflow: each of the 2k+1 operations loses at most 2^-150 absolutely. Two
 * evaluations therefore differ by at most twice that. This worst case is loose on random
 * data, so tests that must catch a wrong or missing term use integer-valued data instead,
 * where every partial sum is exact and any order gives the same bits.
 */
package dev.hsiq.kernels;

import java.util.Arrays;
import java.util.Random;

final class GemmFixture {

    static final float SENTINEL = -7.75e9f;

    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final float[] a;
    final int aOff;
    final int lda;
    final float[] b;
    final int bOff;
    final int ldb;
    final float[] c0;
    final int cOff;
    final int ldc;

    /** What values the operands get. */
    enum Values { RANDOM, INTEGERS, BOUNDARY }

    GemmFixture(boolean transA, boolean transB, int m, int n, int k, Values values, long seed) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        Random r = new Random(seed);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        aOff = r.nextInt(5);
        lda = aCols + r.nextInt(4);
        bOff = r.nextInt(5);
        ldb = bCols + r.nextInt(4);
        cOff = r.nextInt(5);
        ldc = n + r.nextInt(4);
        a = filled(aOff + Math.max(0, aRows - 1) * lda + aCols + r.nextInt(3), aOff, aRows, aCols, lda, values, r);
        b = filled(bOff + Math.max(0, bRows - 1) * ldb + bCols + r.nextInt(3), bOff, bRows, bCols, ldb, values, r);
        c0 = filled(cOff + Math.max(0, m - 1) * ldc + n + r.nextInt(3), cOff, m, n, ldc, values, r);
    }

    private static float[] filled(int length, int off, int rows, int cols, int ld, Values values, Random r) {
        float[] x = new float[length];
        Arrays.fill(x, SENTINEL);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[off + i * ld + j] = value(values, r);
            }
        }
        return x;
    }

    private static float value(Values values, Random r) {
        return switch (values) {
            case RANDOM -> (float) (r.nextGaussian());
            // |a b| <= 64 and k <= 2046 terms keep every partial sum below 2^24: all exact
            case INTEGERS -> r.nextInt(17) - 8;
            case BOUNDARY -> switch (r.nextInt(6)) {
                case 0 -> 0f;
                case 1 -> -0f;
                // products up to 1e34, sums of 2046 of them stay below Float.MAX_VALUE
                case 2 -> (r.nextBoolean() ? 1 : -1) * 1e17f * (1 + r.nextFloat());
                case 3 -> (r.nextBoolean() ? 1 : -1) * Float.MIN_VALUE * (1 + r.nextInt(1000));
                case 4 -> Float.MIN_NORMAL * (r.nextFloat() - 0.5f);
                default -> r.nextFloat() - 0.5f;
            };
        };
    }

    float aAt(int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float bAt(int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** A fresh copy of the initial C array. */
    float[] c() {
        return c0.clone();
    }

    void run(FloatGemm gemm, float[] c) {
        gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    void run(FloatGemm gemm, float[] c, Parallel parallel) {
        gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, parallel);
    }

    /** The bound on |x - y| for two evaluations x, y of C[i, j] (see the type comment). */
    double tolerance(int i, int j) {
        double u = 0x1p-24;
        double gamma = (k + 1) * u / (1 - (k + 1) * u);
        double mag = Math.abs(c0[cOff + i * ldc + j]);
        for (int p = 0; p < k; p++) {
            mag += Math.abs((double) aAt(i, p) * bAt(p, j));
        }
        return 2 * (gamma * mag + (2 * k + 1) * 0x1p-150);
    }

    /** Human-readable problem for assertion messages. */
    @Override
    public String toString() {
        return (transA ? "A^T " : "A ") + (transB ? "B^T " : "B ") + m + "x" + n + "x" + k + " (lda " + lda + ", ldb "
                + ldb + ", ldc " + ldc + ", offsets " + aOff + "/" + bOff + "/" + cOff + ")";
    }

    /** Fails unless x and y agree within tolerance on the block and exactly outside it. */
    void assertClose(float[] x, float[] y) {
        for (int idx = 0; idx < x.length; idx++) {
            int rel = idx - cOff;
            int i = rel < 0 ? -1 : rel / ldc;
            int j = rel < 0 ? -1 : rel % ldc;
            boolean inside = rel >= 0 && i < m && j < n;
            if (!inside) {
                if (Float.floatToRawIntBits(x[idx]) != Float.floatToRawIntBits(c0[idx])
                        || Float.floatToRawIntBits(y[idx]) != Float.floatToRawIntBits(c0[idx])) {
                    throw new AssertionError(this + ": element " + idx + " outside C was written: " + x[idx] + " / "
                            + y[idx] + ", was " + c0[idx]);
                }
                continue;
            }
            double tol = tolerance(i, j);
            if (!(Math.abs((double) x[idx] - y[idx]) <= tol)) {
                throw new AssertionError(this + ": C[" + i + "," + j + "] = " + x[idx] + " vs " + y[idx]
                        + ", difference " + Math.abs((double) x[idx] - y[idx]) + " > tolerance " + tol);
            }
        }
    }

    /** Fails unless x and y are bit-identical. */
    void assertSameBits(float[] x, float[] y) {
        for (int idx = 0; idx < x.length; idx++) {
            if (Float.floatToRawIntBits(x[idx]) != Float.floatToRawIntBits(y[idx])) {
                throw new AssertionError(this + ": element " + idx + " differs: " + x[idx] + " vs " + y[idx]);
            }
        }
    }
}
