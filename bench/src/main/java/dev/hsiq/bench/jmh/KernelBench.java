/*
 * JMH: every integer kernel (and the float GEMM baseline) at the reference shapes, scalar
 * reference vs Vector API, from the same operands (KernelCases). Run e.g.
 *   java -cp ... org.openjdk.jmh.Main KernelBench -p kernel=bitserial_a2w1 -p shape=patch_conv1
 * The scalar side forks with -XX:-UseSuperWord: C2 would otherwise auto-vectorize the scalar
 * popcount / dot loops and it would not be a scalar baseline. Score: ns per call; divide the
 * case's MACs by it for GMAC/s (`hsiq bench kernels` does this and writes JSON). The forks
 * compile in the foreground (-Xbatch; see BenchKernelsCommand for why).
 */
package dev.hsiq.bench.jmh;

import dev.hsiq.bench.kernels.KernelCase;
import dev.hsiq.bench.kernels.KernelCases;
import dev.hsiq.bench.kernels.KernelShape;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelBench {

    @State(Scope.Thread)
    public static class VectorCase {
        @Param({"patch_conv1", "patch_conv1_b16", "patch_conv2", "patch_conv3", "patch_dense1_b16",
                "patch_dense2_b16", "spectral_conv1", "spectral_conv2", "spectral_conv3", "spectral_dense1_b16",
                "probe_64x64x1800"})
        public String shape;

        @Param({"gemm_f32", "bitserial_a1w1", "bitserial_a2w1", "bitserial_a2w2", "bitserial_a2wt",
                "bitserial_a4w4", "bitserial_a8w1", "gemm_i8", "gemm_i8_w1", "lut_a8w1", "threshold", "pack", "quantize"})
        public String kernel;

        KernelCase c;

        @Setup(Level.Trial)
        public void setUp() {
            c = KernelCases.create(kernel, KernelShape.named(shape), true, 42);
        }
    }

    @State(Scope.Thread)
    public static class ScalarCase {
        @Param({"patch_conv1", "patch_conv1_b16", "patch_conv2", "patch_conv3", "patch_dense1_b16",
                "patch_dense2_b16", "spectral_conv1", "spectral_conv2", "spectral_conv3", "spectral_dense1_b16",
                "probe_64x64x1800"})
        public String shape;

        @Param({"gemm_f32", "bitserial_a1w1", "bitserial_a2w1", "bitserial_a2w2", "bitserial_a2wt",
                "bitserial_a4w4", "bitserial_a8w1", "gemm_i8", "gemm_i8_w1", "lut_a8w1", "threshold", "pack", "quantize"})
        public String kernel;

        KernelCase c;

        @Setup(Level.Trial)
        public void setUp() {
            c = KernelCases.create(kernel, KernelShape.named(shape), false, 42);
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xbatch"})
    public Object vector(VectorCase s) {
        return s.c.run();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xbatch", "-XX:-UseSuperWord"})
    public Object scalar(ScalarCase s) {
        return s.c.run();
    }
}
