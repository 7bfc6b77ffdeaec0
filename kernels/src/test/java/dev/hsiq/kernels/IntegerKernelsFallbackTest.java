package dev.hsiq.kernels;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run without --add-modules jdk.incubator.vector (the `no-vector-module` execution): every
 * integer kernel family falls back to its scalar reference and still computes the right thing.
 */
@Tag("no-vector-module")
class IntegerKernelsFallbackTest {

    @Test
    void everyFamilyFallsBackToScalarWithoutTheVectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
                "the vector module is present: this test belongs to the no-vector-module run");
        assertThat(Vectorization.vectorEnabled()).isFalse();
        assertThat(BitSerialGemm.get()).isSameAs(BitSerialGemm.scalar());
        assertThat(Int8Gemm.get()).isSameAs(Int8Gemm.scalar());
        assertThat(LutConv.get()).isSameAs(LutConv.scalar());
        assertThat(ThresholdActivation.get()).isSameAs(ThresholdActivation.scalar());
        assertThat(CodePacker.get().getClass().getPackageName()).isEqualTo("dev.hsiq.kernels");

        Random rnd = new Random(3);
        int rows = 7, n = 9, k = 100;
        byte[] q = IntRef.codes(rnd, rows * k, 2, 0);
        byte[] w = IntRef.weightCodes(rnd, n * k, BitWeights.Coding.BINARY, 1, 0);
        int stride = BitPacking.words(k) * 2;
        long[] a = new long[rows * stride];
        CodePacker.get().packRows(q, 0, k, rows, k, 2, a, 0, stride);
        int[] c = new int[rows * n];
        BitSerialGemm.get().gemm(a, 0, stride, 2, BitPacking.packWeights(w, n, WindowLayout.dense(k),
                BitWeights.Coding.BINARY, 1), 0, rows, c, 0, n);
        assertThat(c).isEqualTo(IntRef.gemm(q, w, rows, n, k));
        int[] c8 = new int[rows * n];
        Int8Gemm.get().gemm(q, 0, k, 2, Int8Gemm.get().prepare(w, n, k), 0, rows, c8, 0, n);
        assertThat(c8).isEqualTo(c);
    }
}
