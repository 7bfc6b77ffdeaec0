/*
 * The kernels a compiled conv/dense layer can run on.
 *   BIT_SERIAL   AND + popcount over bit planes (BitSerialGemm), quantized weights
 *   INT8         byte codes x 8-bit weight codes (Int8Gemm), quantized weights
 *   LUT          table lookup (LutConv), binary weights
 *   EXACT_FLOAT  double-accumulating loops, float weights inside a quantized network
 *   FLOAT        the float plan's SIMD float GEMM (float networks)
 */
package dev.hsiq.engine.compile;

public enum KernelKind {
    BIT_SERIAL, INT8, LUT, EXACT_FLOAT, FLOAT
}
