/*
 * Transposes a rows x cols byte matrix (row-major, row stride cols) into cols x rows (row
 * stride ldOut), eight by eight: an 8 x 8 block is read as eight little-endian longs (row i
 * = long r_i, column j = byte j) and transposed inside those longs in three swap stages,
 * each exchanging the off-diagonal sub-blocks of the previous stage's blocks:
 *   4 x 4 blocks between r_i and r_{i+4}:  r_i' = lo32(r_i) | lo32(r_{i+4}) << 32,
 *                                          r_{i+4}' = hi32(r_i) >>> 32 | hi32(r_{i+4})
 *   2 x 2 blocks between r_i and r_{i+2} and single bytes between r_i and r_{i+1}: the same
 *   with 16- and 8-bit fields under the masks 0x0000FFFF0000FFFF and 0x00FF00FF00FF00FF.
 * After the three stages r_j holds column j, i.e. row j of the transpose (72 logic
 * operations and 16 memory accesses per 64 bytes instead of 64 single-byte moves). Edges
 * that do not fill a block are copied byte by byte. Used by the input normalizer to turn
 * CHW codes into the HWC rows the bit packer reads.
 */
package dev.hsiq.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

public final class ByteTranspose {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LO32 = 0x00000000FFFFFFFFL;
    private static final long LO16 = 0x0000FFFF0000FFFFL;
    private static final long LO8 = 0x00FF00FF00FF00FFL;

    private ByteTranspose() {
    }

    /** out[outOff + j * ldOut + i] = in[i * cols + j] for i < rows, j < cols. */
    public static void transpose(byte[] in, int rows, int cols, byte[] out, int outOff, int ldOut) {
        GemmChecks.block("matrix", in.length, 0, rows, cols, cols);
        GemmChecks.block("transpose", out.length, outOff, cols, rows, ldOut);
        int rowBlocks = rows & ~7;
        int colBlocks = cols & ~7;
        for (int i = 0; i < rowBlocks; i += 8) {
            for (int j = 0; j < colBlocks; j += 8) {
                block(in, i * cols + j, cols, out, outOff + j * ldOut + i, ldOut);
            }
            for (int j = colBlocks; j < cols; j++) {
                for (int r = i; r < i + 8; r++) {
                    out[outOff + j * ldOut + r] = in[r * cols + j];
                }
            }
        }
        for (int r = rowBlocks; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                out[outOff + j * ldOut + r] = in[r * cols + j];
            }
        }
    }

    private static void block(byte[] in, int src, int ld, byte[] out, int dst, int ldOut) {
        long r0 = (long) LONGS.get(in, src);
        long r1 = (long) LONGS.get(in, src + ld);
        long r2 = (long) LONGS.get(in, src + 2 * ld);
        long r3 = (long) LONGS.get(in, src + 3 * ld);
        long r4 = (long) LONGS.get(in, src + 4 * ld);
        long r5 = (long) LONGS.get(in, src + 5 * ld);
        long r6 = (long) LONGS.get(in, src + 6 * ld);
        long r7 = (long) LONGS.get(in, src + 7 * ld);
        long t;
        // 4 x 4 blocks
        t = r0; r0 = (t & LO32) | (r4 << 32); r4 = (t >>> 32) | (r4 & ~LO32);
        t = r1; r1 = (t & LO32) | (r5 << 32); r5 = (t >>> 32) | (r5 & ~LO32);
        t = r2; r2 = (t & LO32) | (r6 << 32); r6 = (t >>> 32) | (r6 & ~LO32);
        t = r3; r3 = (t & LO32) | (r7 << 32); r7 = (t >>> 32) | (r7 & ~LO32);
        // 2 x 2 blocks
        t = r0; r0 = (t & LO16) | ((r2 << 16) & ~LO16); r2 = ((t >>> 16) & LO16) | (r2 & ~LO16);
        t = r1; r1 = (t & LO16) | ((r3 << 16) & ~LO16); r3 = ((t >>> 16) & LO16) | (r3 & ~LO16);
        t = r4; r4 = (t & LO16) | ((r6 << 16) & ~LO16); r6 = ((t >>> 16) & LO16) | (r6 & ~LO16);
        t = r5; r5 = (t & LO16) | ((r7 << 16) & ~LO16); r7 = ((t >>> 16) & LO16) | (r7 & ~LO16);
        // single bytes
        t = r0; r0 = (t & LO8) | ((r1 << 8) & ~LO8); r1 = ((t >>> 8) & LO8) | (r1 & ~LO8);
        t = r2; r2 = (t & LO8) | ((r3 << 8) & ~LO8); r3 = ((t >>> 8) & LO8) | (r3 & ~LO8);
        t = r4; r4 = (t & LO8) | ((r5 << 8) & ~LO8); r5 = ((t >>> 8) & LO8) | (r5 & ~LO8);
        t = r6; r6 = (t & LO8) | ((r7 << 8) & ~LO8); r7 = ((t >>> 8) & LO8) | (r7 & ~LO8);
        LONGS.set(out, dst, r0);
        LONGS.set(out, dst + ldOut, r1);
        LONGS.set(out, dst + 2 * ldOut, r2);
        LONGS.set(out, dst + 3 * ldOut, r3);
        LONGS.set(out, dst + 4 * ldOut, r4);
        LONGS.set(out, dst + 5 * ldOut, r5);
        LONGS.set(out, dst + 6 * ldOut, r6);
        LONGS.set(out, dst + 7 * ldOut, r7);
    }
}
