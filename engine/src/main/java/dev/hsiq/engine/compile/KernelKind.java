/*
 * The kernels a compiled conv/dense layer can run on.
 *   BIT_SERIAL   AND + popcount over bit planes (BitSerialGemm), quantized weights
 *   INT8         byte codes x 8-bit weight codes (Int8Gemm), quantized weights
 *   LUT          table lookup (LutConv), binary weights
 *   FLOAT_CODES  the SIMD float GEMM on integer codes (FloatCodesConvOp), quantized weights
 *                whose every partial sum stays an integer below 2^24 (exact in float32)
 *   EXACT_FLOAT  double-accumulating loops, float weights inside a quantized network
 *   FLOAT        the float plan's SIMD float GEMM (float networks)
 */
package dev.hsiq.engine.compile;

public enum KernelKind {
    BIT_SERIAL, INT8, LUT, FLOAT_CODES, EXACT_FLOAT, FLOAT
}
