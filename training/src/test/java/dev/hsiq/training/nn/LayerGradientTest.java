/*
 * Every layer's backward (input gradient and parameter gradients) against central finite
 * differences, on small random shapes including stride, padding, rectangular kernels,
 * overlapping pooling windows and dropped tails.
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LayerGradientTest {

    private static final double EPS = 1e-2;
    private static final double ATOL = 2e-3;
    private static final double RTOL = 1e-2;

    static Stream<Arguments> convCases() {
        // in c, h, w, out, kh, kw, sh, sw, ph, pw
        return Stream.of(
                Arguments.of("conv1d k4", new int[]{1, 1, 13, 3, 1, 4, 1, 1, 0, 0}),
                Arguments.of("conv1d stride 2 pad 1", new int[]{2, 1, 11, 3, 1, 3, 1, 2, 0, 1}),
                Arguments.of("conv1d stride 3 k5 pad 2", new int[]{3, 1, 14, 2, 1, 5, 1, 3, 0, 2}),
                Arguments.of("conv2d 3x3 pad 1", new int[]{2, 5, 6, 3, 3, 3, 1, 1, 1, 1}),
                Arguments.of("conv2d 3x3 stride 2", new int[]{2, 7, 6, 2, 3, 3, 2, 2, 0, 0}),
                Arguments.of("conv2d 2x3 stride 2x1 pad 1x0", new int[]{3, 5, 5, 2, 2, 3, 2, 1, 1, 0}),
                Arguments.of("conv2d 1x1", new int[]{4, 3, 3, 3, 1, 1, 1, 1, 0, 0}),
                Arguments.of("conv2d 1x1 pad 1", new int[]{2, 2, 3, 2, 1, 1, 1, 1, 1, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void convolution(String label, int[] g) {
        Random r = new Random(label.hashCode());
        Shape in = new Shape(g[0], g[1], g[2]);
        ConvLayer conv = new ConvLayer("conv1", in, g[3], g[4], g[5], g[6], g[7], g[8], g[9], WeightTransform.IDENTITY);
        fill(conv.weight(), r, 0.5);
        fill(conv.bias(), r, 0.5);
        int batch = 3;
        int n = GradientCheck.check(conv, GradientCheck.random(r, batch * in.size(), 1), batch, true,
                EPS, ATOL, RTOL, 7);
        assertThat(n).isEqualTo(batch * in.size() + conv.weight().size() + conv.bias().size());
    }

    @Test
    void convolutionThroughWeightTransform() {
        // T(w) = w^3, T'(w) = 3 w^2: the shadow weight gradient must follow the chain rule.
        Random r = new Random(5);
        Shape in = new Shape(2, 1, 9);
        ConvLayer conv = new ConvLayer("conv1", in, 3, 1, 3, 1, 2, 0, 1, new CubeTransform());
        fill(conv.weight(), r, 0.7);
        fill(conv.bias(), r, 0.5);
        GradientCheck.check(conv, GradientCheck.random(r, 2 * in.size(), 1), 2, true, 1e-3, ATOL, RTOL, 8);
    }

    @Test
    void denseThroughWeightTransform() {
        Random r = new Random(6);
        Shape in = new Shape(3, 1, 2);
        DenseLayer dense = new DenseLayer("fc1", in, 4, new CubeTransform());
        fill(dense.weight(), r, 0.7);
        fill(dense.bias(), r, 0.5);
        GradientCheck.check(dense, GradientCheck.random(r, 3 * in.size(), 1), 3, true, 1e-3, ATOL, RTOL, 9);
    }

    @Test
    void dense() {
        Random r = new Random(2);
        Shape in = new Shape(2, 3, 2);
        DenseLayer dense = new DenseLayer("fc1", in, 5, WeightTransform.IDENTITY);
        fill(dense.weight(), r, 0.5);
        fill(dense.bias(), r, 0.5);
        int batch = 4;
        GradientCheck.check(dense, GradientCheck.random(r, batch * in.size(), 1), batch, true, EPS, ATOL, RTOL, 3);
    }

    @ParameterizedTest(name = "training={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void batchNormOverChannelsAndPositions(boolean training) {
        Random r = new Random(11);
        Shape s = new Shape(3, 2, 4);
        BatchNormLayer bn = new BatchNormLayer("bn1", s, 1e-5f, 0.1f);
        fill(bn.gamma(), r, 1);
        fill(bn.beta(), r, 1);
        for (int c = 0; c < 3; c++) {
            bn.runningMean().value()[c] = (float) r.nextGaussian();
            bn.runningVar().value()[c] = 0.5f + r.nextFloat();
        }
        int batch = 3;
        GradientCheck.check(bn, GradientCheck.random(r, batch * s.size(), 2), batch, training, 1e-3, ATOL, 2e-2, 12);
    }

    @Test
    void frozenBatchNormTrainsLikeEvalModeAndKeepsItsStatistics() {
        Random r = new Random(12);
        Shape s = new Shape(3, 2, 4);
        BatchNormLayer frozen = new BatchNormLayer("bn1", s, 1e-5f, 0.1f);
        BatchNormLayer eval = new BatchNormLayer("bn1", s, 1e-5f, 0.1f);
        for (BatchNormLayer bn : List.of(frozen, eval)) {
            Random same = new Random(5);
            fill(bn.gamma(), same, 1);
            fill(bn.beta(), same, 1);
            for (int c = 0; c < 3; c++) {
                bn.runningMean().value()[c] = (float) same.nextGaussian();
                bn.runningVar().value()[c] = 0.5f + same.nextFloat();
            }
        }
        frozen.setStatisticsFrozen(true);
        assertThat(frozen.statisticsFrozen()).isTrue();
        float[] mean = frozen.runningMean().value().clone();
        float[] var = frozen.runningVar().value().clone();
        int batch = 3;
        float[] x = GradientCheck.random(r, batch * s.size(), 2);
        float[] g = GradientCheck.random(r, batch * s.size(), 1);
        assertThat(frozen.forward(x, batch, true)).containsExactly(eval.forward(x, batch, false));
        assertThat(frozen.backward(g, batch)).containsExactly(eval.backward(g, batch));
        assertThat(frozen.runningMean().value()).containsExactly(mean);
        assertThat(frozen.runningVar().value()).containsExactly(var);
        GradientCheck.check(frozen, GradientCheck.random(r, batch * s.size(), 2), batch, true, 1e-3, ATOL, 2e-2, 12);
        frozen.setStatisticsFrozen(false);
        frozen.forward(x, batch, true);
        assertThat(frozen.runningMean().value()).isNotEqualTo(mean);
    }

    @Test
    void batchNormAfterDense() {
        Random r = new Random(13);
        Shape s = new Shape(5, 1, 1);
        BatchNormLayer bn = new BatchNormLayer("bn4", s, 1e-5f, 0.1f);
        fill(bn.gamma(), r, 1);
        fill(bn.beta(), r, 1);
        int batch = 6;
        GradientCheck.check(bn, GradientCheck.random(r, batch * s.size(), 2), batch, true, 1e-3, ATOL, 2e-2, 14);
    }

    @Test
    void relu() {
        Random r = new Random(21);
        Shape s = new Shape(2, 3, 4);
        // values at least 0.05 away from the kink at 0 and from each other
        float[] x = GradientCheck.distinct(r, 2 * s.size(), 0.1);
        for (int i = 0; i < x.length; i++) {
            x[i] += 0.05f;
        }
        GradientCheck.check(new ReluLayer("act1", s), x, 2, true, EPS, ATOL, RTOL, 22);
    }

    static Stream<Arguments> poolCases() {
        // c, h, w, kh, kw, sh, sw
        return Stream.of(
                Arguments.of(PoolLayer.Kind.MAX, "1d k3 s3 tail", new int[]{2, 1, 11, 1, 3, 1, 3}),
                Arguments.of(PoolLayer.Kind.MAX, "1d k3 s2 overlap", new int[]{2, 1, 10, 1, 3, 1, 2}),
                Arguments.of(PoolLayer.Kind.MAX, "2d 2x2", new int[]{3, 4, 5, 2, 2, 2, 2}),
                Arguments.of(PoolLayer.Kind.MAX, "2d 3x2 s1x2 overlap", new int[]{2, 5, 5, 3, 2, 1, 2}),
                Arguments.of(PoolLayer.Kind.AVG, "1d k2 s2", new int[]{2, 1, 9, 1, 2, 1, 2}),
                Arguments.of(PoolLayer.Kind.AVG, "1d k3 s1 overlap", new int[]{2, 1, 7, 1, 3, 1, 1}),
                Arguments.of(PoolLayer.Kind.AVG, "2d 3x3 s2 overlap", new int[]{2, 7, 6, 3, 3, 2, 2}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("poolCases")
    void pooling(PoolLayer.Kind kind, String label, int[] g) {
        Random r = new Random(label.hashCode());
        Shape in = new Shape(g[0], g[1], g[2]);
        PoolLayer pool = new PoolLayer("pool1", kind, in, g[3], g[4], g[5], g[6]);
        assertThat(pool.outputShape()).isEqualTo(new Shape(g[0], (g[1] - g[3]) / g[5] + 1, (g[2] - g[4]) / g[6] + 1));
        int batch = 2;
        // distinct values 0.1 apart: no max changes under a 0.01 perturbation
        GradientCheck.check(pool, GradientCheck.distinct(r, batch * in.size(), 0.1), batch, true, EPS, ATOL, RTOL, 4);
    }

    @Test
    void flattenPassesThrough() {
        Random r = new Random(31);
        Shape in = new Shape(2, 3, 2);
        FlattenLayer f = new FlattenLayer("flatten", in);
        assertThat(f.outputShape()).isEqualTo(new Shape(12, 1, 1));
        GradientCheck.check(f, GradientCheck.random(r, 2 * in.size(), 1), 2, true, EPS, ATOL, RTOL, 32);
    }

    @Test
    void inputGradientCanBeSkipped() {
        Random r = new Random(41);
        Shape in = new Shape(1, 1, 10);
        ConvLayer conv = new ConvLayer("conv1", in, 2, 1, 3, 1, 1, 0, 0, WeightTransform.IDENTITY);
        fill(conv.weight(), r, 0.5);
        conv.setNeedsInputGradient(false);
        conv.forward(GradientCheck.random(r, 10, 1), 1, true);
        assertThat(conv.backward(new float[conv.outputShape().size()], 1)).isNull();
    }

    static void fill(Param p, Random r, double scale) {
        float[] v = p.value();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * r.nextGaussian());
        }
    }

    /** A smooth non-identity weight transform for testing the hook: T(w) = w^3. */
    static final class CubeTransform implements WeightTransform {
        @Override
        public boolean isIdentity() {
            return false;
        }

        @Override
        public void forward(float[] shadow, int outChannels, float[] effective) {
            for (int i = 0; i < shadow.length; i++) {
                effective[i] = shadow[i] * shadow[i] * shadow[i];
            }
        }

        @Override
        public void backward(float[] shadow, int outChannels, float[] gradEffective, float[] gradShadow) {
            for (int i = 0; i < shadow.length; i++) {
                gradShadow[i] += 3 * shadow[i] * shadow[i] * gradEffective[i];
            }
        }
    }
}
