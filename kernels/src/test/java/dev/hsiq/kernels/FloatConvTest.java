/*
 * FloatConv (im2col + the startup FloatGemm) against naive direct convolution loops, for 1-D
 * and 2-D geometries crossed with paddings, strides and kernel sizes, through every
 * workspace path: one sample at a time (workspaceSize(g)), chunks that do not divide the
 * batch, full chunks (workspaceSize(g, batch)), the per-thread workspace, and parallel.
 * Integer-valued data must match the direct loops exactly (all partial sums are exact);
 * random data within the float dot-product bound gamma_{K+1} * sum |w x| (see GemmFixture).
 * A finite-difference check ties the two backward passes to the forward one.
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
class FloatConvTest {

    static Stream<Arguments> geometries() {
        List<Arguments> out = new ArrayList<>();
        // 1-D: inH = kH = 1
        for (int c : new int[]{1, 3}) {
            for (int k : new int[]{1, 3, 5, 11}) {
                for (int stride : new int[]{1, 2, 3}) {
                    for (int pad : new int[]{0, 1, 2}) {
                        int w = 20;
                        if (w + 2 * pad >= k) {
                            out.add(Arguments.of(new ConvGeometry(c, 1, w, 4 + c, 1, k, 1, stride, 0, pad)));
                        }
                    }
                }
            }
        }
        // 2-D: square and rectangular inputs and kernels
        int[][] inputs = {{9, 9}, {7, 6}, {5, 5}};
        int[][] kernels = {{1, 1}, {3, 3}, {2, 3}};
        for (int[] in : inputs) {
            for (int[] k : kernels) {
                for (int stride : new int[]{1, 2}) {
                    for (int pad : new int[]{0, 1}) {
                        out.add(Arguments.of(new ConvGeometry(3, in[0], in[1], 5, k[0], k[1], stride, stride, pad, pad)));
                    }
                }
            }
        }
        out.add(Arguments.of(new ConvGeometry(2, 6, 8, 3, 3, 2, 2, 1, 0, 1)));
        // K >= FloatConv.IMPLICIT_MIN_K: the implicit (indexed) lowering, padded and strided too
        out.add(Arguments.of(new ConvGeometry(5, 9, 9, 6, 3, 3, 1, 1, 1, 1)));
        out.add(Arguments.of(new ConvGeometry(4, 7, 6, 3, 3, 3, 2, 2, 1, 1)));
        out.add(Arguments.of(new ConvGeometry(6, 8, 5, 7, 2, 3, 1, 2, 1, 0)));
        out.add(Arguments.of(new ConvGeometry(40, 1, 20, 8, 1, 3, 1, 2, 0, 1)));
        out.add(Arguments.of(new ConvGeometry(33, 4, 4, 5, 1, 1, 1, 1, 0, 0)));
        // C >= 8, stride 1: backwardData as the flipped-kernel convolution, with residual padding
        out.add(Arguments.of(new ConvGeometry(8, 6, 7, 4, 3, 3, 1, 1, 1, 1)));
        out.add(Arguments.of(new ConvGeometry(9, 1, 30, 6, 1, 5, 1, 1, 0, 2)));
        // reference layers at reduced channel counts
        out.add(Arguments.of(new ConvGeometry(20, 9, 9, 16, 3, 3, 1, 1, 0, 0)));
        out.add(Arguments.of(new ConvGeometry(8, 1, 63, 16, 1, 7, 1, 1, 0, 0)));
        return out.stream();
    }

    /** Workspace variants: per sample, a chunk of two samples, full chunks, per-thread, parallel. */
    enum Path { PER_SAMPLE, CHUNK_OF_TWO, FULL_CHUNK, THREAD_WORKSPACE, PARALLEL }

    private static final int BATCH = 5;

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void integerDataMatchesDirectLoopsExactlyOnEveryPath(ConvGeometry g) {
        Random r = new Random(g.hashCode());
        float[] in = ints(r, BATCH * g.inSize());
        float[] w = ints(r, g.weightSize());
        float[] bias = ints(r, g.outChannels());
        float[] gradOut = ints(r, BATCH * g.outSize());
        double[] fwd = DirectConv.forward(g, BATCH, in, w, bias);
        double[] gw = DirectConv.backwardWeights(g, BATCH, in, gradOut);
        double[] gb = DirectConv.backwardBias(g, BATCH, gradOut);
        double[] gi = DirectConv.backwardData(g, BATCH, gradOut, w);
        for (Path path : Path.values()) {
            Result res = run(path, g, in, w, bias, gradOut);
            assertExact(path + " forward " + g, fwd, res.out);
            assertExact(path + " backwardWeights " + g, gw, res.gradWeight);
            assertExact(path + " backwardBias " + g, gb, res.gradBias);
            assertExact(path + " backwardData " + g, gi, res.gradIn);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void randomDataMatchesDirectLoopsWithinTheBound(ConvGeometry g) {
        Random r = new Random(g.hashCode() + 1);
        float[] in = gaussians(r, BATCH * g.inSize());
        float[] w = gaussians(r, g.weightSize());
        float[] bias = gaussians(r, g.outChannels());
        float[] gradOut = gaussians(r, BATCH * g.outSize());
        // the bound for each output is gamma_{n+1} * sum |terms|: the direct loops in |x| give it
        double[] fwd = DirectConv.forward(g, BATCH, in, w, bias);
        double[] fwdMag = DirectConv.forward(g, BATCH, abs(in), abs(w), abs(bias));
        double[] gw = DirectConv.backwardWeights(g, BATCH, in, gradOut);
        double[] gwMag = DirectConv.backwardWeights(g, BATCH, abs(in), abs(gradOut));
        double[] gi = DirectConv.backwardData(g, BATCH, gradOut, w);
        double[] giMag = DirectConv.backwardData(g, BATCH, abs(gradOut), abs(w));
        for (Path path : new Path[]{Path.PER_SAMPLE, Path.FULL_CHUNK, Path.PARALLEL}) {
            Result res = run(path, g, in, w, bias, gradOut);
            assertWithin(path + " forward " + g, fwd, fwdMag, g.k() + 1, res.out);
            assertWithin(path + " backwardWeights " + g, gw, gwMag, BATCH * g.outPixels(), res.gradWeight);
            assertWithin(path + " backwardData " + g, gi, giMag, g.outChannels() * g.kH() * g.kW(), res.gradIn);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void packedWeightsForwardMatchesDirectLoops(ConvGeometry g) {
        Random r = new Random(g.hashCode() + 2);
        float[] in = ints(r, BATCH * g.inSize());
        float[] w = ints(r, g.weightSize());
        float[] bias = ints(r, g.outChannels());
        double[] expected = DirectConv.forward(g, BATCH, in, w, bias);
        FloatConv.PackedWeights packed = FloatConv.packWeights(g, w);
        int perSample = FloatConv.workspaceSize(g, 1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int samples : new int[]{1, 2, BATCH}) {
                float[] ws = new float[samples == BATCH ? FloatConv.workspaceSize(g, BATCH) : perSample * samples];
                java.util.Arrays.fill(ws, Float.NaN);
                float[] out = filledWithNaN(BATCH * g.outSize());
                Parallel parallel = samples == 2 ? Parallel.of(pool, 3) : Parallel.sequential();
                FloatConv.forward(g, BATCH, in, packed, bias, out, ws, parallel);
                assertExact("packed forward, " + samples + " samples per chunk, " + g, expected, out);
            }
        } finally {
            pool.shutdownNow();
        }
        // random data: within the bound (narrow chunks sum in another orientation than the plain forward)
        float[] x = gaussians(r, BATCH * g.inSize());
        float[] wr = gaussians(r, g.weightSize());
        float[] plain = new float[BATCH * g.outSize()];
        float[] viaPacked = new float[BATCH * g.outSize()];
        FloatConv.forward(g, BATCH, x, wr, bias, plain, new float[FloatConv.workspaceSize(g, BATCH)]);
        FloatConv.forward(g, BATCH, x, FloatConv.packWeights(g, wr), bias, viaPacked,
                new float[FloatConv.workspaceSize(g, BATCH)], Parallel.sequential());
        double[] exact = DirectConv.forward(g, BATCH, x, wr, bias);
        double[] mag = DirectConv.forward(g, BATCH, abs(x), abs(wr), abs(bias));
        assertWithin("packed forward, random data, " + g, exact, mag, g.k() + 1, viaPacked);
    }

    @Test
    void packedWeightsAreCheckedAgainstTheLayer() {
        ConvGeometry g = new ConvGeometry(2, 5, 5, 3, 3, 3, 1, 1, 0, 0);
        ConvGeometry other = new ConvGeometry(2, 5, 5, 4, 3, 3, 1, 1, 0, 0);
        FloatConv.PackedWeights packed = FloatConv.packWeights(other, new float[other.weightSize()]);
        float[] in = new float[g.inSize()];
        float[] out = new float[g.outSize()];
        assertThatThrownBy(() -> FloatConv.forward(g, 1, in, packed, null, out, new float[FloatConv.workspaceSize(g, 1)],
                Parallel.sequential())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packed weights are for");
        FloatConv.PackedWeights right = FloatConv.packWeights(g, new float[g.weightSize()]);
        assertThatThrownBy(() -> FloatConv.forward(g, 1, in, right, null, out, new float[FloatConv.workspaceSize(g)],
                Parallel.sequential())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workspaceSize(g, 1)");
    }

    @Test
    void backwardPassesAreTheGradientsOfTheForwardPass() {
        // loss = sum(out * R); the conv is linear in weights and input, so a central difference
        // with any step is exact up to rounding
        for (ConvGeometry g : new ConvGeometry[]{
                new ConvGeometry(3, 7, 6, 4, 3, 2, 2, 1, 1, 0),
                new ConvGeometry(2, 1, 30, 5, 1, 5, 1, 2, 0, 2)}) {
            Random r = new Random(7);
            int batch = 3;
            float[] in = gaussians(r, batch * g.inSize());
            float[] w = gaussians(r, g.weightSize());
            float[] bias = gaussians(r, g.outChannels());
            float[] rWeights = gaussians(r, batch * g.outSize());
            float[] gw = new float[g.weightSize()];
            float[] gb = new float[g.outChannels()];
            float[] gi = new float[batch * g.inSize()];
            FloatConv.backwardWeights(g, batch, in, rWeights, gw, gb);
            FloatConv.backwardData(g, batch, rWeights, w, gi);
            float h = 0.5f;
            for (int t = 0; t < 12; t++) {
                int wi = r.nextInt(w.length);
                assertThat(centralDifference(g, batch, in, w, bias, rWeights, w, wi, h))
                        .as("dL/dW[%d] of %s", wi, g).isCloseTo(gw[wi], org.assertj.core.data.Offset.offset(1e-3));
                int ii = r.nextInt(in.length);
                assertThat(centralDifference(g, batch, in, w, bias, rWeights, in, ii, h))
                        .as("dL/dIn[%d] of %s", ii, g).isCloseTo(gi[ii], org.assertj.core.data.Offset.offset(1e-3));
                int bi = r.nextInt(bias.length);
                assertThat(centralDifference(g, batch, in, w, bias, rWeights, bias, bi, h))
                        .as("dL/db[%d] of %s", bi, g).isCloseTo(gb[bi], org.assertj.core.data.Offset.offset(1e-3));
            }
        }
    }

    private static double centralDifference(ConvGeometry g, int batch, float[] in, float[] w, float[] bias,
                                            float[] rWeights, float[] param, int idx, float h) {
        float saved = param[idx];
        param[idx] = saved + h;
        double plus = loss(g, batch, in, w, bias, rWeights);
        param[idx] = saved - h;
        double minus = loss(g, batch, in, w, bias, rWeights);
        param[idx] = saved;
        return (plus - minus) / (2 * h);
    }

    private static double loss(ConvGeometry g, int batch, float[] in, float[] w, float[] bias, float[] rWeights) {
        float[] out = new float[batch * g.outSize()];
        FloatConv.forward(g, batch, in, w, bias, out);
        double s = 0;
        for (int i = 0; i < out.length; i++) {
            s += (double) out[i] * rWeights[i];
        }
        return s;
    }

    @Test
    void boundaryValuesStayFiniteAndClose() {
        ConvGeometry g = new ConvGeometry(4, 6, 6, 3, 3, 3, 1, 1, 1, 1);
        Random r = new Random(3);
        float[] in = new float[2 * g.inSize()];
        for (int i = 0; i < in.length; i++) {
            in[i] = switch (i % 4) {
                case 0 -> 0f;
                case 1 -> 1e17f * (r.nextFloat() - 0.5f);
                case 2 -> Float.MIN_VALUE * r.nextInt(100);
                default -> r.nextFloat();
            };
        }
        float[] w = gaussians(r, g.weightSize());
        float[] out = new float[2 * g.outSize()];
        FloatConv.forward(g, 2, in, w, null, out, new float[FloatConv.workspaceSize(g, 2)]);
        double[] exact = DirectConv.forward(g, 2, in, w, null);
        double[] mag = DirectConv.forward(g, 2, abs(in), abs(w), null);
        assertWithin("boundary forward", exact, mag, g.k() + 1, out);
    }

    @Test
    void badArgumentsAreNamed() {
        ConvGeometry g = new ConvGeometry(2, 5, 5, 3, 3, 3, 1, 1, 0, 0);
        float[] in = new float[2 * g.inSize()];
        float[] w = new float[g.weightSize()];
        float[] out = new float[2 * g.outSize()];
        assertThatThrownBy(() -> FloatConv.forward(g, 3, in, w, null, out, new float[1000]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input holds");
        assertThatThrownBy(() -> FloatConv.forward(g, 2, in, w, null, out, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workspace holds");
        assertThatThrownBy(() -> FloatConv.forward(g, 2, in, new float[5], null, out, new float[1000]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight holds");
        assertThatThrownBy(() -> FloatConv.forward(g, 2, in, w, new float[2], out, new float[1000]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias holds");
        assertThatThrownBy(() -> FloatConv.workspaceSize(g, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workspaceSizesGrowWithTheBatchUpToOneChunk() {
        ConvGeometry g = new ConvGeometry(200, 9, 9, 64, 3, 3, 1, 1, 0, 0);
        assertThat(FloatConv.workspaceSize(g)).isEqualTo(1800 * 49);
        assertThat(FloatConv.workspaceSize(g, 1)).isEqualTo((1800 + 64) * 49);
        assertThat(FloatConv.workspaceSize(g, 4)).isEqualTo((1800 + 64) * 49 * 4);
        assertThat(FloatConv.workspaceSize(g, 1000)).isEqualTo(FloatConv.workspaceSize(g, 100))
                .isEqualTo((1800 + 64) * 49 * FloatConv.preferredChunk(g));
    }

    // ------------------------------------------------------------------ running the paths

    private record Result(float[] out, float[] gradWeight, float[] gradBias, float[] gradIn) {
    }

    private static Result run(Path path, ConvGeometry g, float[] in, float[] w, float[] bias, float[] gradOut) {
        float[] out = filledWithNaN(BATCH * g.outSize());
        float[] gw = new float[g.weightSize()];
        float[] gb = new float[g.outChannels()];
        float[] gi = filledWithNaN(BATCH * g.inSize());
        Parallel parallel = Parallel.sequential();
        float[] ws = switch (path) {
            case PER_SAMPLE -> new float[FloatConv.workspaceSize(g)];
            case CHUNK_OF_TWO -> new float[Math.max(FloatConv.workspaceSize(g), (g.k() + g.outChannels()) * g.outPixels() * 2)];
            case FULL_CHUNK, PARALLEL -> new float[FloatConv.workspaceSize(g, BATCH)];
            case THREAD_WORKSPACE -> null;
        };
        if (ws != null) {
            java.util.Arrays.fill(ws, Float.NaN); // stale workspace contents must not leak into results
        }
        if (path == Path.THREAD_WORKSPACE) {
            FloatConv.forward(g, BATCH, in, w, bias, out);
            FloatConv.backwardWeights(g, BATCH, in, gradOut, gw, gb);
            FloatConv.backwardData(g, BATCH, gradOut, w, gi);
            return new Result(out, gw, gb, gi);
        }
        ExecutorService pool = path == Path.PARALLEL ? Executors.newFixedThreadPool(2) : null;
        try {
            if (pool != null) {
                parallel = Parallel.of(pool, 3);
            }
            FloatConv.forward(g, BATCH, in, w, bias, out, ws, parallel);
            FloatConv.backwardWeights(g, BATCH, in, gradOut, gw, gb, ws, parallel);
            FloatConv.backwardData(g, BATCH, gradOut, w, gi, ws, parallel);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new Result(out, gw, gb, gi);
    }

    private static float[] filledWithNaN(int n) {
        float[] x = new float[n];
        java.util.Arrays.fill(x, Float.NaN);
        return x;
    }

    private static float[] ints(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(9) - 4;
        }
        return x;
    }

    private static float[] gaussians(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    private static void assertExact(String what, double[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if ((float) expected[i] != actual[i]) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    /** |actual - exact| <= gamma_{terms+1} * magnitude + underflow slack. */
    private static void assertWithin(String what, double[] exact, double[] magnitude, int terms, float[] actual) {
        double u = 0x1p-24;
        double gamma = (terms + 1) * u / (1 - (terms + 1) * u);
        for (int i = 0; i < exact.length; i++) {
            double tol = gamma * magnitude[i] + (2 * terms + 1) * 0x1p-149;
            if (!(Math.abs(actual[i] - exact[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", exact " + exact[i]
                        + ", error " + Math.abs(actual[i] - exact[i]) + " > " + tol);
            }
        }
    }

    /** Naive direct convolution loops in double: the oracle. */
    static final class DirectConv {
        private DirectConv() {
        }

        static double[] forward(ConvGeometry g, int batch, float[] in, float[] w, float[] bias) {
            double[] out = new double[batch * g.outSize()];
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < g.outChannels(); o++) {
                    for (int y = 0; y < g.outH(); y++) {
                        for (int x = 0; x < g.outW(); x++) {
                            double s = bias == null ? 0 : bias[o];
                            for (int c = 0; c < g.inChannels(); c++) {
                                for (int i = 0; i < g.kH(); i++) {
                                    for (int j = 0; j < g.kW(); j++) {
                                        int iy = y * g.strideH() - g.padH() + i;
                                        int ix = x * g.strideW() - g.padW() + j;
                                        if (iy >= 0 && iy < g.inH() && ix >= 0 && ix < g.inW()) {
                                            s += (double) w[((o * g.inChannels() + c) * g.kH() + i) * g.kW() + j]
                                                    * in[n * g.inSize() + (c * g.inH() + iy) * g.inW() + ix];
                                        }
                                    }
                                }
                            }
                            out[n * g.outSize() + (o * g.outH() + y) * g.outW() + x] = s;
                        }
                    }
                }
            }
            return out;
        }

        static double[] backwardWeights(ConvGeometry g, int batch, float[] in, float[] gradOut) {
            double[] gw = new double[g.weightSize()];
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < g.outChannels(); o++) {
                    for (int y = 0; y < g.outH(); y++) {
                        for (int x = 0; x < g.outW(); x++) {
                            double go = gradOut[n * g.outSize() + (o * g.outH() + y) * g.outW() + x];
                            for (int c = 0; c < g.inChannels(); c++) {
                                for (int i = 0; i < g.kH(); i++) {
                                    for (int j = 0; j < g.kW(); j++) {
                                        int iy = y * g.strideH() - g.padH() + i;
                                        int ix = x * g.strideW() - g.padW() + j;
                                        if (iy >= 0 && iy < g.inH() && ix >= 0 && ix < g.inW()) {
                                            gw[((o * g.inChannels() + c) * g.kH() + i) * g.kW() + j] += go
                                                    * in[n * g.inSize() + (c * g.inH() + iy) * g.inW() + ix];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return gw;
        }

        static double[] backwardBias(ConvGeometry g, int batch, float[] gradOut) {
            double[] gb = new double[g.outChannels()];
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < g.outChannels(); o++) {
                    for (int q = 0; q < g.outPixels(); q++) {
                        gb[o] += gradOut[n * g.outSize() + o * g.outPixels() + q];
                    }
                }
            }
            return gb;
        }

        static double[] backwardData(ConvGeometry g, int batch, float[] gradOut, float[] w) {
            double[] gi = new double[batch * g.inSize()];
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < g.outChannels(); o++) {
                    for (int y = 0; y < g.outH(); y++) {
                        for (int x = 0; x < g.outW(); x++) {
                            double go = gradOut[n * g.outSize() + (o * g.outH() + y) * g.outW() + x];
                            for (int c = 0; c < g.inChannels(); c++) {
                                for (int i = 0; i < g.kH(); i++) {
                                    for (int j = 0; j < g.kW(); j++) {
                                        int iy = y * g.strideH() - g.padH() + i;
                                        int ix = x * g.strideW() - g.padW() + j;
                                        if (iy >= 0 && iy < g.inH() && ix >= 0 && ix < g.inW()) {
                                            gi[n * g.inSize() + (c * g.inH() + iy) * g.inW() + ix] += go
                                                    * w[((o * g.inChannels() + c) * g.kH() + i) * g.kW() + j];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return gi;
        }
    }
}
