/* Accumulator bounds: exact values, the int32 limit, and the error that names the layer. */
package dev.hsiq.engine.quant;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.WeightFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccumulatorBoundTest {

    @Test
    void boundIsProductsTimesLargestCodes() {
        assertThat(AccumulatorBound.maxAbs(1800, 8, WeightFormat.ofInt(8))).isEqualTo(1800L * 255 * 127);
        assertThat(AccumulatorBound.maxAbs(1800, 8, WeightFormat.BINARY)).isEqualTo(1800L * 255);
        assertThat(AccumulatorBound.maxAbs(576, 2, WeightFormat.TERNARY)).isEqualTo(576L * 3);
        assertThat(AccumulatorBound.maxAbs(10, 1, WeightFormat.ofInt(2))).isEqualTo(10);
        assertThat(AccumulatorBound.check("conv1", 1800, 8, WeightFormat.ofInt(8))).isEqualTo(58_293_000L);
    }

    @Test
    void theLimitIsOneBelowIntMax() {
        long k = AccumulatorBound.LIMIT / (255L * 127);        // largest K that fits at 8/8
        assertThat(AccumulatorBound.check("fc", k, 8, WeightFormat.ofInt(8))).isLessThanOrEqualTo(AccumulatorBound.LIMIT);
        assertThatThrownBy(() -> AccumulatorBound.check("fc", k + 1, 8, WeightFormat.ofInt(8)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("layer fc")
                .hasMessageContaining((k + 1) + " products")
                .hasMessageContaining("exceeds the int32 limit 2147483646");
        // exactly Integer.MAX_VALUE is rejected too: a MAX_VALUE threshold must stay unreachable
        assertThat(AccumulatorBound.maxAbs(Integer.MAX_VALUE, 1, WeightFormat.BINARY)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> AccumulatorBound.check("x", Integer.MAX_VALUE, 1, WeightFormat.BINARY))
                .isInstanceOf(BadInputException.class);
    }

    @Test
    void rejectsFloatAndBadArguments() {
        assertThatThrownBy(() -> AccumulatorBound.maxAbs(10, 8, WeightFormat.FLOAT)).hasMessageContaining("float");
        assertThatThrownBy(() -> AccumulatorBound.maxAbs(0, 8, WeightFormat.BINARY)).hasMessageContaining("reduction");
        assertThatThrownBy(() -> AccumulatorBound.maxAbs(5, 0, WeightFormat.BINARY)).hasMessageContaining("input bits");
    }
    /** Exact in float while (2^a - 1) * sum |w| <= 2^24 for every output channel, boundary included. */
    @Test
    void exactInFloatChecksEveryOutputChannelsSumOfMagnitudes() {
        // 8-bit codes: 255 * sum |w| <= 16,777,216 holds for sum |w| <= 65,793
        byte[] codes = new byte[2 * 600];
        java.util.Arrays.fill(codes, (byte) -100); // channel sums 60,000
        assertThat(AccumulatorBound.exactInFloat(codes, 2, 8)).isTrue();
        codes[600] = 127; // channel 1: 59,900 + 127
        for (int i = 601; i < 1200; i++) {
            codes[i] = (byte) (i % 2 == 0 ? 110 : -110); // 599 * 110 + 127 = 66,017
        }
        assertThat(AccumulatorBound.exactInFloat(codes, 2, 8)).isFalse();
        assertThat(AccumulatorBound.exactInFloat(codes, 2, 4)).isTrue(); // 15 * 66,017
        // the boundary itself: 2^24 is exact, one more is not
        byte[] edge = new byte[1 << 17]; // 131,072 codes of 128 with 1-bit codes: sum 2^24
        java.util.Arrays.fill(edge, (byte) -128);
        assertThat(AccumulatorBound.exactInFloat(edge, 1, 1)).isTrue();
        byte[] over = java.util.Arrays.copyOf(edge, edge.length + 1);
        over[edge.length] = 1;
        assertThat(AccumulatorBound.exactInFloat(over, 1, 1)).isFalse();
        assertThatThrownBy(() -> AccumulatorBound.exactInFloat(new byte[7], 2, 8)).hasMessageContaining("7 weight codes");
    }
}
