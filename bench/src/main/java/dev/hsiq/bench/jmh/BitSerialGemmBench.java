/*
 * JMH: bit-serial GEMM, scalar reference vs Vector API, at the reference shapes.
 * Scalar runs with -XX:-UseSuperWord (C2 would otherwise auto-vectorize its popcount loop
 * and it would no longer be a scalar baseline). Score: ns per call; the kernels command turns
 * it into GMAC/s (effective = logical k-bit MACs m * n * k / time).
 */
package dev.hsiq.bench.jmh;

import dev.hsiq.bench.kernels.KernelData;
import dev.hsiq.bench.kernels.KernelShape;
import dev.hsiq.kernels.BitSerialGemm;
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

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BitSerialGemmBench {

    @Param({"patch_conv1", "patch_conv2"})
    public String shape;

    /** aKwM: K activation bits x weights M bits (w1 binary, wt ternary). */
    @Param({"a1w1", "a2w1", "a8w1"})
    public String kernel;

    private KernelData.BitSerial data;
    private final BitSerialGemm vector = BitSerialGemm.get();
    private final BitSerialGemm scalar = BitSerialGemm.scalar();

    @Setup(Level.Trial)
    public void setUp() {
        data = KernelData.bitSerial(KernelShape.named(shape), kernel, 42);
    }

    @Benchmark
    public int[] vector() {
        data.run(vector);
        return data.out;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:-UseSuperWord"})
    public int[] scalar() {
        data.run(scalar);
        return data.out;
    }
}
