/*
 * The benchmark cases compute the same result with the Vector API and the scalar reference
 * (integer kernels: exactly), so `hsiq bench kernels` compares two implementations of one
 * contract on one set of operands.
 */
package dev.hsiq.bench.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelCasesTest {

    @ParameterizedTest
    @ValueSource(strings = {"bitserial_a1w1", "bitserial_a2w1", "bitserial_a8w1", "lut_a8w1", "gemm_i8_w1", "gemm_i8",
            "threshold", "pack", "quantize"})
    void vectorAndScalarCasesAgree(String kernel) {
        for (String shape : new String[]{"patch_conv1", "patch_conv2"}) {
            KernelCase vector = KernelCases.create(kernel, KernelShape.named(shape), true, 42);
            KernelCase scalar = KernelCases.create(kernel, KernelShape.named(shape), false, 42);
            Object v = vector.run();
            Object s = scalar.run();
            assertThat(v).as(kernel + " on " + shape).isEqualTo(s);
            assertThat(vector.nativeOps()).isPositive().isEqualTo(scalar.nativeOps());
        }
    }

    @org.junit.jupiter.api.Test
    void unknownKernelsAreRejected() {
        assertThatThrownBy(() -> KernelCases.create("fft", KernelShape.named("patch_conv1"), true, 1))
                .hasMessageContaining("unknown kernel 'fft'");
    }
}
