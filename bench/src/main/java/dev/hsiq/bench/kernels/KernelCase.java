/*
 * One kernel at one shape with one implementation, ready to run: what a JMH benchmark
 * invocation calls and what the kernels report counts. Operands are random, built once.
 */
package dev.hsiq.bench.kernels;

public interface KernelCase {

    /** One call of the kernel on the prepared operands; returns something for the blackhole. */
    Object run();

    /** Operations of one call in the kernel's own unit (binary MACs for bit-serial, elements for threshold / pack). */
    long nativeOps();

    /** Multiply-accumulates of the logical k-bit operands of one call (m * n * k), 0 where not a GEMM. */
    long effectiveMacs();
}
