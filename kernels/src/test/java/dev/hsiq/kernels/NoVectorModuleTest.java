/*
 * Runs only in the surefire execution whose JVM lacks --add-modules jdk.incubator.vector
 * (tag no-vector-module, excluded from the default run): the decision must be scalar with a
 * reason naming the module, and the float kernels must work on the scalar path. Nothing here
 * may touch a class that links against the vector module.
 */
package dev.hsiq.kernels;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("no-vector-module")
class NoVectorModuleTest {

    @Test
    void theDecisionIsScalarAndNamesTheModule() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isEmpty();
        Vectorization.Decision d = Vectorization.decision();
        assertThat(d.vector()).isFalse();
        assertThat(d.bits()).isZero();
        assertThat(d.reason()).contains("jdk.incubator.vector");
    }

    @Test
    void floatGemmWorksOnTheScalarPath() {
        FloatGemm gemm = FloatGemm.get();
        assertThat(gemm).isSameAs(FloatGemm.scalar());
        // [1 2; 3 4] * [5 6; 7 8] = [19 22; 43 50], added to C = 1
        float[] c = {1, 1, 1, 1};
        gemm.gemm(false, false, 2, 2, 2, new float[]{1, 2, 3, 4}, 0, 2, new float[]{5, 6, 7, 8}, 0, 2, c, 0, 2);
        assertThat(c).containsExactly(20, 23, 44, 51);
        float[] packed = {0, 0, 0, 0};
        gemm.gemmPackedB(false, 2, new float[]{1, 2, 3, 4}, 0, 2, gemm.packB(true, 2, 2, new float[]{5, 7, 6, 8}, 0, 2),
                packed, 0, 2, Parallel.common());
        assertThat(packed).containsExactly(19, 22, 43, 50);
    }

    @Test
    void floatConvWorksOnTheScalarPath() {
        // 1-D, one channel, kernel [1, -1], padding 1: out[x] = in[x-1] - in[x]
        ConvGeometry g = new ConvGeometry(1, 1, 4, 1, 1, 2, 1, 1, 0, 1);
        float[] in = {1, 2, 4, 8};
        float[] out = new float[g.outSize()];
        FloatConv.forward(g, 1, in, new float[]{1, -1}, new float[]{0.5f}, out);
        assertThat(out).containsExactly(-0.5f, -0.5f, -1.5f, -3.5f, 8.5f);
        float[] gradIn = new float[4];
        FloatConv.backwardData(g, 1, new float[]{1, 1, 1, 1, 1}, new float[]{1, -1}, gradIn);
        assertThat(gradIn).containsExactly(0, 0, 0, 0);
    }
}
