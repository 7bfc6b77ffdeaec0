/*
 * JMH: float GEMM, scalar reference vs Vector API, at the GEMM shapes of the reference
 * networks' layers (per sample unless the name says b64), in three arrangements:
 *   weightsAsA        C[O, P] += W[O, K] * cols[K, P], both operands packed per call (the
 *                     FloatConv forward orientation; training uses it with changing weights);
 *   weightsPackedAsA  the same with W packed once (packA);
 *   weightsPackedAsB  C[P, O] += cols^T * W^T with W packed once as B (packB of W^T) and the
 *                     im2col matrix cols[K, P] read transposed: output channels along the
 *                     register tile's vector columns.
 * Dense layers are the same with P = batch and K = inputs.
 *
 * The figure to read is the ":gmacs" counter: multiply-adds per nanosecond, i.e. GMAC/s
 * (the primary score is calls per ns). One thread; the JVM gets --add-modules
 * jdk.incubator.vector and no other flag, as a user would run it.
 *
 *   mvn -q -o -pl bench -am package -DskipTests
 *   java --add-modules jdk.incubator.vector -cp bench/target/classes:training/target/classes:\
 *     engine/target/classes:kernels/target/classes:$(cat bench/target/runtime-classpath.txt) \
 *     org.openjdk.jmh.Main FloatGemm -f 1 -wi 3 -i 5
 */
package dev.hsiq.bench.jmh;

import dev.hsiq.kernels.FloatGemm;
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
public class FloatGemmBenchmark {

    /** A layer as a GEMM: P output positions (or batch rows), O output channels, reduction K. */
    public record LayerShape(String name, int positions, int outChannels, int k) {
        public long macs() {
            return (long) positions * outChannels * k;
        }
    }

    /** The reference layers (DESIGN.md section 2; spectral-cnn on 200 bands, patch-cnn 9x9 x 200). */
    public static LayerShape shape(String name) {
        return switch (name) {
            case "patch-conv1" -> new LayerShape(name, 49, 64, 9 * 200);
            case "patch-conv1-b64" -> new LayerShape(name, 64 * 49, 64, 9 * 200);
            case "patch-conv2" -> new LayerShape(name, 25, 64, 9 * 64);
            case "patch-conv3" -> new LayerShape(name, 9, 128, 9 * 64);
            case "patch-fc1" -> new LayerShape(name, 1, 128, 128 * 9);
            case "patch-fc1-b64" -> new LayerShape(name, 64, 128, 128 * 9);
            case "patch-fc2" -> new LayerShape(name, 1, 16, 128);
            case "spectral-conv1" -> new LayerShape(name, 190, 32, 11);
            case "spectral-conv2" -> new LayerShape(name, 57, 64, 32 * 7);
            case "spectral-conv3" -> new LayerShape(name, 15, 64, 64 * 5);
            case "spectral-fc1" -> new LayerShape(name, 1, 128, 64 * 7);
            default -> throw new IllegalArgumentException("unknown layer shape " + name);
        };
    }

    /** The implementation under test: the scalar reference or the vector one (which must be active). */
    public static FloatGemm implementation(String impl) {
        return switch (impl) {
            case "scalar" -> FloatGemm.scalar();
            case "vector" -> {
                if (!Vectorization.vectorEnabled()) {
                    throw new IllegalStateException("vector kernels are off: " + Vectorization.decision());
                }
                yield FloatGemm.get();
            }
            default -> throw new IllegalArgumentException("impl must be scalar or vector, not " + impl);
        };
    }

    @State(Scope.Thread)
    public static class Problem {
        @Param({"patch-conv1", "patch-conv1-b64", "patch-conv2", "patch-conv3", "patch-fc1", "patch-fc1-b64",
                "patch-fc2", "spectral-conv1", "spectral-conv2", "spectral-conv3", "spectral-fc1"})
        public String shape;

        @Param({"scalar", "vector"})
        public String impl;

        FloatGemm gemm;
        LayerShape s;
        float[] weights; // [O, K]
        float[] cols;    // [K, P]
        float[] c;
        FloatGemm.PackedMatrix packedA;
        FloatGemm.PackedMatrix packedB;

        @Setup(Level.Trial)
        public void setUp() {
            gemm = implementation(impl);
            s = shape(shape);
            Random r = new Random(1);
            weights = random(r, s.outChannels() * s.k());
            cols = random(r, s.k() * s.positions());
            c = new float[s.outChannels() * s.positions()];
            packedA = gemm.packA(false, s.outChannels(), s.k(), weights, 0, s.k());
            packedB = gemm.packB(true, s.k(), s.outChannels(), weights, 0, s.k());
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
    public float[] weightsAsA(Problem p, Macs counter) {
        LayerShape s = p.s;
        p.gemm.gemm(false, false, s.outChannels(), s.positions(), s.k(), p.weights, 0, s.k(), p.cols, 0, s.positions(),
                p.c, 0, s.positions());
        counter.gmacs += s.macs();
        return p.c;
    }

    @Benchmark
    public float[] weightsPackedAsA(Problem p, Macs counter) {
        LayerShape s = p.s;
        p.gemm.gemmPackedA(p.packedA, false, s.positions(), p.cols, 0, s.positions(), p.c, 0, s.positions());
        counter.gmacs += s.macs();
        return p.c;
    }

    @Benchmark
    public float[] weightsPackedAsB(Problem p, Macs counter) {
        LayerShape s = p.s;
        p.gemm.gemmPackedB(true, s.positions(), p.cols, 0, s.positions(), p.packedB, p.c, 0, s.outChannels());
        counter.gmacs += s.macs();
        return p.c;
    }
}
