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
}
