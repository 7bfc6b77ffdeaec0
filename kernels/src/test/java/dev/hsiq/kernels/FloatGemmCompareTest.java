/*
 * The FloatGemm chosen at startup (the Vector API one when available) against the scalar
 * reference: odd sizes in each dimension, all four transpose combinations, offsets and
 * leading dimensions larger than the blocks, boundary values, the packed and parallel entry
 * points. Integer-valued data must match bit for bit (every partial sum is exact); random
 * data must match within the bound derived in GemmFixture. Tagged kernel-compare so the
 * build reruns it with the vector width forced to 256 and 512 bits.
 */
package dev.hsiq.kernels;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("kernel-compare")
class FloatGemmCompareTest {

    private static final FloatGemm GEMM = FloatGemm.get();
    private static final FloatGemm SCALAR = FloatGemm.scalar();
    private static final int[] SIZES = {1, 13, 63, 64, 65, 207, 300, 702, 2046};
    /** The moderate base shape whose dimensions are varied one at a time. */
    private static final int[] BASE = {19, 37, 29};

    @Test
    void theVectorKernelIsInUseWhenTheDecisionSaysSo() {
        Vectorization.Decision d = Vectorization.decision();
        if (d.vector()) {
            assertThat(GEMM.getClass().getName()).isEqualTo("dev.hsiq.kernels.panama.PanamaFloatGemm");
            String forced = System.getProperty(Vectorization.BITS_PROPERTY);
            if (forced != null) {
                assertThat(d.bits()).isEqualTo(Integer.parseInt(forced.trim()));
            }
        } else {
            assertThat(GEMM).isSameAs(SCALAR);
        }
    }

    static Stream<Arguments> oneDimensionVaried() {
        List<Arguments> out = new ArrayList<>();
        for (int dim = 0; dim < 3; dim++) {
            for (int size : SIZES) {
                int[] s = BASE.clone();
                s[dim] = size;
                for (int t = 0; t < 4; t++) {
                    out.add(Arguments.of((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2]));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> randomCombos() {
        Random r = new Random(42);
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            int m = SIZES[r.nextInt(7)];
            int n = SIZES[r.nextInt(7)];
            int k = SIZES[r.nextInt(SIZES.length)];
            out.add(Arguments.of(r.nextBoolean(), r.nextBoolean(), m, n, k));
        }
        // past the column block (NC = 2048) and every tile-row remainder 1..7 with a full k block
        out.add(Arguments.of(false, false, 9, 4200, 17));
        out.add(Arguments.of(true, true, 3, 4100, 5));
        for (int m = 129; m <= 135; m++) {
            out.add(Arguments.of(m % 2 == 0, m % 3 == 0, m, 70, 300));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource({"oneDimensionVaried", "randomCombos"})
    void integerDataMatchesTheReferenceExactly(boolean transA, boolean transB, int m, int n, int k) {
        GemmFixture f = new GemmFixture(transA, transB, m, n, k, GemmFixture.Values.INTEGERS, seed(m, n, k, transA, transB));
        float[] expected = f.c();
        float[] actual = f.c();
        f.run(SCALAR, expected);
        f.run(GEMM, actual);
        f.assertSameBits(expected, actual);
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource({"oneDimensionVaried", "randomCombos"})
    void randomDataMatchesTheReferenceWithinTheBound(boolean transA, boolean transB, int m, int n, int k) {
        GemmFixture f = new GemmFixture(transA, transB, m, n, k, GemmFixture.Values.RANDOM, seed(m, n, k, transA, transB));
        float[] expected = f.c();
        float[] actual = f.c();
        f.run(SCALAR, expected);
        f.run(GEMM, actual);
        f.assertClose(expected, actual);
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("randomCombos")
    void boundaryValuesMatchWithinTheBound(boolean transA, boolean transB, int m, int n, int k) {
        GemmFixture f = new GemmFixture(transA, transB, m, n, k, GemmFixture.Values.BOUNDARY, seed(m, n, k, transA, transB));
        float[] expected = f.c();
        float[] actual = f.c();
        f.run(SCALAR, expected);
        f.run(GEMM, actual);
        f.assertClose(expected, actual);
        for (float v : actual) {
            assertThat(Float.isFinite(v)).as("finite result").isTrue();
        }
    }

    @Test
    void emptyDimensionsLeaveCUntouched() {
        for (int[] s : new int[][]{{0, 5, 7}, {5, 0, 7}, {5, 7, 0}}) {
            GemmFixture f = new GemmFixture(false, true, s[0], s[1], s[2], GemmFixture.Values.RANDOM, 1);
            float[] c = f.c();
            f.run(GEMM, c);
            f.assertSameBits(f.c0, c);
        }
    }

    @Test
    void badBlocksAreRejectedWithTheOperandNamed() {
        float[] a = new float[10];
        float[] b = new float[10];
        float[] c = new float[10];
        assertThatThrownBy(() -> GEMM.gemm(false, false, 3, 3, 4, a, 0, 4, b, 0, 3, c, 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("A:");
        assertThatThrownBy(() -> GEMM.gemm(false, true, 2, 3, 4, a, 0, 4, b, 0, 4, c, 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("B^T:");
        assertThatThrownBy(() -> GEMM.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, c, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("C:");
    }

    // ------------------------------------------------------------------ packed operands

    static Stream<Arguments> packedShapes() {
        return Stream.of(
                Arguments.of(false, false, 64, 49, 1800),
                Arguments.of(true, false, 49, 64, 1800),
                Arguments.of(false, true, 9, 128, 576),
                Arguments.of(true, true, 25, 64, 576),
                Arguments.of(false, false, 1, 128, 1152),
                Arguments.of(false, true, 13, 16, 128),
                Arguments.of(true, false, 65, 207, 63),
                Arguments.of(false, false, 2, 3, 1));
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("packedShapes")
    void packedOperandsGiveTheUnpackedBits(boolean transA, boolean transB, int m, int n, int k) {
        GemmFixture f = new GemmFixture(transA, transB, m, n, k, GemmFixture.Values.RANDOM, seed(m, n, k, transA, transB));
        float[] plain = f.c();
        f.run(GEMM, plain);
        float[] reference = f.c();
        f.run(SCALAR, reference);

        FloatGemm.PackedMatrix pa = GEMM.packA(transA, m, k, f.a, f.aOff, f.lda);
        assertThat(pa.rows()).isEqualTo(m);
        assertThat(pa.cols()).isEqualTo(k);
        assertThat(pa.isLeft()).isTrue();
        float[] viaA = f.c();
        GEMM.gemmPackedA(pa, transB, n, f.b, f.bOff, f.ldb, viaA, f.cOff, f.ldc);

        FloatGemm.PackedMatrix pb = GEMM.packB(transB, k, n, f.b, f.bOff, f.ldb);
        assertThat(pb.rows()).isEqualTo(k);
        assertThat(pb.cols()).isEqualTo(n);
        assertThat(pb.isLeft()).isFalse();
        float[] viaB = f.c();
        GEMM.gemmPackedB(transA, m, f.a, f.aOff, f.lda, pb, viaB, f.cOff, f.ldc);

        f.assertSameBits(plain, viaA);
        f.assertSameBits(plain, viaB);
        f.assertClose(reference, viaA);

        // the scalar implementation's packed path matches its own plain path exactly
        float[] scalarViaB = f.c();
        SCALAR.gemmPackedB(transA, m, f.a, f.aOff, f.lda, SCALAR.packB(transB, k, n, f.b, f.bOff, f.ldb),
                scalarViaB, f.cOff, f.ldc);
        f.assertSameBits(reference, scalarViaB);
        float[] scalarViaA = f.c();
        SCALAR.gemmPackedA(SCALAR.packA(transA, m, k, f.a, f.aOff, f.lda), transB, n, f.b, f.bOff, f.ldb,
                scalarViaA, f.cOff, f.ldc);
        f.assertSameBits(reference, scalarViaA);
    }

    @Test
    void aPackedMatrixIsOnlyAcceptedOnItsOwnSide() {
        float[] x = new float[64];
        FloatGemm.PackedMatrix left = GEMM.packA(false, 4, 4, x, 0, 4);
        FloatGemm.PackedMatrix right = GEMM.packB(false, 4, 4, x, 0, 4);
        assertThatThrownBy(() -> GEMM.gemmPackedA(right, false, 4, x, 0, 4, x, 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("right");
        assertThatThrownBy(() -> GEMM.gemmPackedB(false, 4, x, 0, 4, left, x, 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left");
        if (GEMM != SCALAR) {
            FloatGemm.PackedMatrix foreign = SCALAR.packB(false, 4, 4, x, 0, 4);
            assertThatThrownBy(() -> GEMM.gemmPackedB(false, 4, x, 0, 4, foreign, x, 0, 4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another FloatGemm");
        }
        assertThatThrownBy(() -> GEMM.gemmPackedB(false, 4, x, 0, 4, right, new float[10], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("C:");
    }

    // ------------------------------------------------------------------ indexed B

    static Stream<Arguments> indexedShapes() {
        return Stream.of(
                Arguments.of(false, 64, 130, 1800),
                Arguments.of(true, 19, 2046, 29),
                Arguments.of(false, 13, 65, 300),
                Arguments.of(true, 1, 207, 63),
                Arguments.of(false, 300, 64, 13),
                Arguments.of(false, 7, 1, 5));
    }

    /**
     * B(p, j) = x[rowOff[p] + colOff[j]] with column offsets in runs (consecutive stretches
     * of random length, like output rows of a convolution) so that panels take both the
     * plain-load and the gather path.
     */
    private static FloatGemm.IndexedMatrix indexed(Random r, int k, int n, boolean integers) {
        int[] rowOff = new int[k + 3];
        int[] colOff = new int[n + 5];
        int span = 0;
        for (int j = 0; j < colOff.length; ) {
            int run = 1 + r.nextInt(r.nextBoolean() ? 70 : 8);
            int start = r.nextInt(500);
            for (int t = 0; t < run && j < colOff.length; t++, j++) {
                colOff[j] = start + t;
                span = Math.max(span, start + t);
            }
        }
        for (int p = 0; p < rowOff.length; p++) {
            rowOff[p] = r.nextInt(3000);
        }
        float[] x = new float[3000 + span + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = integers ? r.nextInt(17) - 8 : (float) r.nextGaussian();
        }
        return new FloatGemm.IndexedMatrix(x, k, n, rowOff, colOff);
    }

    @ParameterizedTest(name = "transA={0} {1}x{2}x{3}")
    @MethodSource("indexedShapes")
    void anIndexedBGivesTheBitsOfItsDenseCopy(boolean transA, int m, int n, int k) {
        for (boolean integers : new boolean[]{true, false}) {
            Random r = new Random(seed(m, n, k, transA, integers));
            FloatGemm.IndexedMatrix ib = indexed(r, k, n, integers);
            float[] dense = new float[k * n];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    dense[p * n + j] = ib.get(p, j);
                }
            }
            GemmFixture f = new GemmFixture(transA, false, m, n, k,
                    integers ? GemmFixture.Values.INTEGERS : GemmFixture.Values.RANDOM, seed(m, n, k, transA, !integers));
            float[] plain = f.c();
            GEMM.gemm(transA, false, m, n, k, f.a, f.aOff, f.lda, dense, 0, n, plain, f.cOff, f.ldc);
            float[] viaIndex = f.c();
            GEMM.gemmIndexedB(transA, m, f.a, f.aOff, f.lda, ib, viaIndex, f.cOff, f.ldc, Parallel.sequential());
            f.assertSameBits(plain, viaIndex);
            for (FloatGemm impl : new FloatGemm[]{GEMM, SCALAR}) {
                float[] dense2 = f.c();
                impl.gemm(transA, false, m, n, k, f.a, f.aOff, f.lda, dense, 0, n, dense2, f.cOff, f.ldc);
                float[] viaPackedA = f.c();
                impl.gemmPackedAIndexedB(impl.packA(transA, m, k, f.a, f.aOff, f.lda), ib, viaPackedA, f.cOff, f.ldc,
                        Parallel.sequential());
                f.assertSameBits(dense2, viaPackedA);
            }
            float[] scalar = f.c();
            SCALAR.gemmIndexedB(transA, m, f.a, f.aOff, f.lda, ib, scalar, f.cOff, f.ldc, Parallel.sequential());
            float[] scalarDense = f.c();
            SCALAR.gemm(transA, false, m, n, k, f.a, f.aOff, f.lda, dense, 0, n, scalarDense, f.cOff, f.ldc);
            f.assertSameBits(scalarDense, scalar);
            if (integers) {
                f.assertSameBits(scalar, viaIndex);
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                float[] parallel = f.c();
                GEMM.gemmIndexedB(transA, m, f.a, f.aOff, f.lda, ib, parallel, f.cOff, f.ldc, Parallel.of(pool, 3));
                f.assertSameBits(plain, parallel);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anIndexedMatrixMustStayInsideItsArray() {
        float[] x = new float[10];
        assertThatThrownBy(() -> new FloatGemm.IndexedMatrix(x, 2, 2, new int[]{0, 5}, new int[]{0, 5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 .. 10");
        assertThatThrownBy(() -> new FloatGemm.IndexedMatrix(x, 2, 2, new int[]{-1, 0}, new int[]{0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FloatGemm.IndexedMatrix(x, 3, 2, new int[]{0, 1}, new int[]{0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new FloatGemm.IndexedMatrix(x, 2, 2, new int[]{0, 5, 99}, new int[]{0, 4}).get(1, 1)).isZero();
    }

    // ------------------------------------------------------------------ parallel

    static Stream<Arguments> parallelShapes() {
        return Stream.of(
                Arguments.of(false, false, 300, 207, 65),
                Arguments.of(true, true, 702, 13, 63),
                Arguments.of(false, true, 13, 2046, 64),
                Arguments.of(true, false, 65, 702, 300),
                Arguments.of(false, false, 64, 3136, 300));
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @MethodSource("parallelShapes")
    void parallelCallsGiveTheSequentialBitsForEveryThreadCount(boolean transA, boolean transB, int m, int n, int k) {
        GemmFixture f = new GemmFixture(transA, transB, m, n, k, GemmFixture.Values.RANDOM, seed(m, n, k, transA, transB));
        float[] sequential = f.c();
        f.run(GEMM, sequential);
        FloatGemm.PackedMatrix pa = GEMM.packA(transA, m, k, f.a, f.aOff, f.lda);
        FloatGemm.PackedMatrix pb = GEMM.packB(transB, k, n, f.b, f.bOff, f.ldb);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int threads = 1; threads <= 5; threads++) {
                Parallel par = Parallel.of(pool, threads);
                float[] c = f.c();
                f.run(GEMM, c, par);
                f.assertSameBits(sequential, c);
                float[] viaA = f.c();
                GEMM.gemmPackedA(pa, transB, n, f.b, f.bOff, f.ldb, viaA, f.cOff, f.ldc, par);
                f.assertSameBits(sequential, viaA);
                float[] viaB = f.c();
                GEMM.gemmPackedB(transA, m, f.a, f.aOff, f.lda, pb, viaB, f.cOff, f.ldc, par);
                f.assertSameBits(sequential, viaB);
            }
            float[] common = f.c();
            f.run(GEMM, common, Parallel.common());
            f.assertSameBits(sequential, common);
            // the scalar default split is exact too
            float[] scalarSequential = f.c();
            f.run(SCALAR, scalarSequential);
            float[] scalarParallel = f.c();
            f.run(SCALAR, scalarParallel, Parallel.of(pool, 3));
            f.assertSameBits(scalarSequential, scalarParallel);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long seed(int m, int n, int k, boolean transA, boolean transB) {
        return ((m * 31L + n) * 31 + k) * 4 + (transA ? 2 : 0) + (transB ? 1 : 0);
    }
}
