/*
 * Argument validation shared by the GEMM implementations: every block must lie inside its
 * array, so that kernels can index without further checks and a bad call fails with a
 * message naming the operand instead of corrupting memory or throwing deep inside a loop.
 */
package dev.hsiq.kernels;

public final class GemmChecks {

    private GemmChecks() {
    }

    /** Validates a row-major block of {@code rows x cols} elements with row stride {@code ld}. */
    public static void block(String name, int arrayLength, int off, int rows, int cols, int ld) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": negative shape " + rows + " x " + cols);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        if (off < 0 || ld < cols) {
            throw new IllegalArgumentException(name + ": offset " + off + " or row stride " + ld
                    + " invalid for " + rows + " x " + cols);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (last > arrayLength) {
            throw new IllegalArgumentException(name + ": block " + rows + " x " + cols + " at offset " + off
                    + " with stride " + ld + " needs " + last + " elements, array has " + arrayLength);
        }
    }

    /** Validates the operands of C += op(A) op(B). */
    public static void check(boolean transA, boolean transB, int m, int n, int k,
                             int aLen, int aOff, int lda, int bLen, int bOff, int ldb,
                             int cLen, int cOff, int ldc) {
        if (transA) {
            block("A^T", aLen, aOff, k, m, lda);
        } else {
            block("A", aLen, aOff, m, k, lda);
        }
        if (transB) {
            block("B^T", bLen, bOff, n, k, ldb);
        } else {
            block("B", bLen, bOff, k, n, ldb);
        }
        block("C", cLen, cOff, m, n, ldc);
    }
}
