/*
 * JMH: FloatConv at the reference conv layers over a batch of 64 samples (-p batch=1 for
 * single patches): forward, backwardWeights and backwardData with the batched lowering
 * (workspace from workspaceSize(g, batch)), the forward one sample at a time
 * (workspaceSize(g)), the forward with packed weights (inference), the forward on the
 * scalar kernels (a fork with -Dhsiq.kernels=scalar), and the materialized im2col lowering
 * alone (what the implicit lowering saves: FloatConv's class comment).
 *
 * Read the ":gmacs" counter: multiply-adds per ns = GMAC/s (for im2col: the layer's MACs per
 * ns of lowering time, so that a materialized lowering would add 1/gmacs(im2col) to
 * 1/gmacs(forward)). Run like FloatGemmBenchmark, selecting FloatConv.
 */
package dev.hsiq.bench.jmh;

import dev.hsiq.kernels.ConvGeometry;
import dev.hsiq.kernels.FloatConv;
import dev.hsiq.kernels.Parallel;
import dev.hsiq.kernels.Vectorization;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class FloatConvBenchmark {

    /** The reference conv layers (patch-cnn on 9x9 x 200 patches, spectral-cnn on 200 bands). */
    public static ConvGeometry layer(String name) {
        return switch (name) {
            case "patch-conv1" -> new ConvGeometry(200, 9, 9, 64, 3, 3, 1, 1, 0, 0);
            case "patch-conv2" -> new ConvGeometry(64, 7, 7, 64, 3, 3, 1, 1, 0, 0);
            case "patch-conv3" -> new ConvGeometry(64, 5, 5, 128, 3, 3, 1, 1, 0, 0);
            case "spectral-conv1" -> new ConvGeometry(1, 1, 200, 32, 1, 11, 1, 1, 0, 0);
            case "spectral-conv2" -> new ConvGeometry(32, 1, 63, 64, 1, 7, 1, 1, 0, 0);
            case "spectral-conv3" -> new ConvGeometry(64, 1, 19, 64, 1, 5, 1, 1, 0, 0);
            default -> throw new IllegalArgumentException("unknown conv layer " + name);
        };
    }

    @State(Scope.Thread)
    public static class Problem {
        @Param({"patch-conv1", "patch-conv2", "patch-conv3", "spectral-conv1", "spectral-conv2", "spectral-conv3"})
        public String layer;

        @Param({"64"})
        public int batch;

        ConvGeometry g;
        long macs;
        float[] in;
        float[] weight;
        float[] bias;
        float[] out;
        float[] gradOut;
        float[] gradWeight;
        float[] gradBias;
        float[] gradIn;
        float[] workspace;
        float[] sampleWorkspace;
        FloatConv.PackedWeights packed;

        @Setup(Level.Trial)
        public void setUp() {
            g = layer(layer);
            macs = (long) batch * g.outChannels() * g.outPixels() * g.k();
            Random r = new Random(1);
            in = random(r, batch * g.inSize());
            weight = random(r, g.weightSize());
            bias = random(r, g.outChannels());
            out = new float[batch * g.outSize()];
            gradOut = random(r, batch * g.outSize());
            gradWeight = new float[g.weightSize()];
            gradBias = new float[g.outChannels()];
            gradIn = new float[batch * g.inSize()];
            workspace = new float[FloatConv.workspaceSize(g, batch)];
            sampleWorkspace = new float[FloatConv.workspaceSize(g)];
            packed = FloatConv.packWeights(g, weight);
        }

        private static float[] random(Random r, int n) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextGaussian();
            }
            return x;
        }
    }

    /** Multiply-adds done in the iteration; per ns of iteration time, GMAC/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Macs {
        public long gmacs;

        @Setup(Level.Iteration)
        public void reset() {
            gmacs = 0;
        }
    }

    @Benchmark
    public float[] forward(Problem p, Macs counter) {
        FloatConv.forward(p.g, p.batch, p.in, p.weight, p.bias, p.out, p.workspace);
        counter.gmacs += p.macs;
        return p.out;
    }

    @Benchmark
    public float[] forwardPerSample(Problem p, Macs counter) {
        FloatConv.forward(p.g, p.batch, p.in, p.weight, p.bias, p.out, p.sampleWorkspace);
        counter.gmacs += p.macs;
        return p.out;
    }

    @Benchmark
    public float[] forwardPacked(Problem p, Macs counter) {
        FloatConv.forward(p.g, p.batch, p.in, p.packed, p.bias, p.out, p.workspace, Parallel.sequential());
        counter.gmacs += p.macs;
        return p.out;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dhsiq.kernels=scalar"})
    public float[] forwardScalar(Problem p, Macs counter) {
        if (Vectorization.vectorEnabled()) {
            throw new IllegalStateException("expected the scalar kernels: " + Vectorization.decision());
        }
        FloatConv.forward(p.g, p.batch, p.in, p.weight, p.bias, p.out, p.workspace);
        counter.gmacs += p.macs;
        return p.out;
    }

    @Benchmark
    public float[] backwardWeights(Problem p, Macs counter) {
        FloatConv.backwardWeights(p.g, p.batch, p.in, p.gradOut, p.gradWeight, p.gradBias, p.workspace);
        counter.gmacs += p.macs;
        return p.gradWeight;
    }

    @Benchmark
    public float[] backwardData(Problem p, Macs counter) {
        FloatConv.backwardData(p.g, p.batch, p.gradOut, p.weight, p.gradIn, p.workspace);
        counter.gmacs += p.macs;
        return p.gradIn;
    }

    /** The lowering forward does, chunk by chunk into the same workspace, without the GEMM. */
    @Benchmark
    public float[] im2col(Problem p, Macs counter) {
        ConvGeometry g = p.g;
        int positions = g.outPixels();
        int chunk = Math.max(1, Math.min(p.batch, p.workspace.length / ((g.k() + g.outChannels()) * positions)));
        for (int n0 = 0; n0 < p.batch; n0 += chunk) {
            int cn = Math.min(chunk, p.batch - n0);
            for (int s = 0; s < cn; s++) {
                FloatConv.im2col(g, p.in, (n0 + s) * g.inSize(), p.workspace, s * positions, cn * positions);
            }
        }
        counter.gmacs += p.macs;
        return p.workspace;
    }
}
