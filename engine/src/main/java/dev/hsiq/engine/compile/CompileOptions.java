/*
 * Options of the compiler. By default every quantized layer gets the kernel the cost model
 * picks (CostModel); a kernel can be forced for one layer (by name) or for every layer where
 * it applies ("*"), which the exactness tests use to run each kernel family on every layer
 * and the benchmarks to compare them. sampleChunk overrides the samples per chunk of
 * per-sample inference (0 = the plan's default: 16 quantized, 64 float).
 */
package dev.hsiq.engine.compile;

import java.util.LinkedHashMap;
import java.util.Map;

public record CompileOptions(Map<String, KernelKind> kernels, int sampleChunk) {

    /** Key of a kernel forced on every layer it applies to. */
    public static final String ALL_LAYERS = "*";

    public static final CompileOptions DEFAULT = new CompileOptions(Map.of(), 0);

    public CompileOptions {
        kernels = Map.copyOf(kernels);
        if (sampleChunk < 0) {
            throw new IllegalArgumentException("sample chunk " + sampleChunk + " must be >= 0");
        }
    }

    /** These options with {@code kind} forced on {@code layer} (a layer name, or ALL_LAYERS). */
    public CompileOptions force(String layer, KernelKind kind) {
        Map<String, KernelKind> m = new LinkedHashMap<>(kernels);
        m.put(layer, kind);
        return new CompileOptions(m, sampleChunk);
    }

    public CompileOptions withSampleChunk(int chunk) {
        return new CompileOptions(kernels, chunk);
    }
}
