/*
 * ByteTranspose against the element-by-element definition, over sizes that fill whole 8 x 8
 * blocks, leave edges on either side, and offset / strided outputs.
 */
package dev.hsiq.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ByteTransposeTest {

    @Test
    void matchesTheDefinition() {
        Random rnd = new Random(7);
        int[] sizes = {1, 3, 7, 8, 9, 16, 17, 81, 200};
        for (int rows : sizes) {
            for (int cols : sizes) {
                byte[] in = new byte[rows * cols];
                rnd.nextBytes(in);
                int ldOut = rows + 5;
                byte[] out = new byte[3 + cols * ldOut];
                ByteTranspose.transpose(in, rows, cols, out, 3, ldOut);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertThat(out[3 + j * ldOut + i]).as("%d x %d at %d, %d", rows, cols, i, j)
                                .isEqualTo(in[i * cols + j]);
                    }
                }
                for (int j = 0; j < cols; j++) {
                    for (int pad = rows; pad < ldOut && 3 + j * ldOut + pad < out.length; pad++) {
                        assertThat(out[3 + j * ldOut + pad]).isZero();
                    }
                }
            }
        }
    }
}
