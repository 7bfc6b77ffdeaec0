package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.training.data.LabeledSpectra;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NormalizationFitTest {

    @Test
    void robustPercentilesOfTheTrainingSamplesOnly() {
        // 2 bands, 300 samples: band 0 = i, band 1 = 1000 - 2i; samples 200..299 are not
        // training samples and carry an outlier that must not matter.
        int n = 300;
        float[] data = new float[n * 2];
        for (int i = 0; i < n; i++) {
            data[2 * i] = i;
            data[2 * i + 1] = 1000 - 2 * i;
        }
        data[2 * 250] = 1e9f;
        int[] train = IntStream.range(0, 200).toArray();
        Normalization norm = NormalizationFit.fit(data, 2, train, 0.5, 99.5);
        // numpy.percentile(range(200), 0.5) = 0.995, (..., 99.5) = 198.005
        assertThat(norm.low()[0]).isCloseTo(0.995f, within(1e-5f));
        assertThat(norm.high()[0]).isCloseTo(198.005f, within(1e-4f));
        // band 1 over training: 1000 - 2i for i < 200 -> values 602..1000
        assertThat(norm.low()[1]).isCloseTo(603.99f, within(1e-3f));
        assertThat(norm.high()[1]).isCloseTo(998.01f, within(1e-3f));
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, 1);
        LabeledSpectra spectra = new LabeledSpectra("t", 2, data, labels, List.of("a"), new int[]{1}, "test data");
        assertThat(NormalizationFit.fit(spectra, train)).as("default percentiles are 0.5 and 99.5").isEqualTo(norm);
    }

    @Test
    void percentileInterpolatesLinearly() {
        float[] sorted = {1, 2, 4, 8};
        assertThat(NormalizationFit.percentileOfSorted(sorted, 0)).isEqualTo(1f);
        assertThat(NormalizationFit.percentileOfSorted(sorted, 100)).isEqualTo(8f);
        assertThat(NormalizationFit.percentileOfSorted(sorted, 50)).isEqualTo(3f); // pos 1.5
        assertThat(NormalizationFit.percentileOfSorted(sorted, 90)).isCloseTo(6.8f, within(1e-6f)); // pos 2.7
        assertThat(NormalizationFit.percentileOfSorted(new float[]{5}, 99.5)).isEqualTo(5f);
    }

    @Test
    void degenerateBandsStillGetHighAboveLow() {
        // band 0 constant; band 1 constant except one training sample (the percentiles are
        // then equal, min/max are not); band 2 constant zero.
        int n = 1000;
        float[] data = new float[n * 3];
        for (int i = 0; i < n; i++) {
            data[3 * i] = 42;
            data[3 * i + 1] = i == 7 ? 50 : 10;
        }
        Normalization norm = NormalizationFit.fit(data, 3, IntStream.range(0, n).toArray(), 0.5, 99.5);
        assertThat(norm.low()[0]).isEqualTo(42f);
        assertThat(norm.high()[0]).isEqualTo(42f + 42f * 1e-3f);
        assertThat(norm.low()[1]).isEqualTo(10f);
        assertThat(norm.high()[1]).isEqualTo(50f);
        assertThat(norm.low()[2]).isEqualTo(0f);
        assertThat(norm.high()[2]).isEqualTo(1e-3f);
        assertThatThrownBy(() -> NormalizationFit.fit(data, 3, new int[0], 0.5, 99.5))
                .isInstanceOf(BadInputException.class).hasMessageContaining("zero training samples");
    }

    @Test
    void applyComputesExactlyWhatTheEngineComputes() {
        float[] data = {1, 2, 3, 4, 5, 6, 7.5f, -1};
        Normalization norm = new Normalization(new float[]{0.3f, 1.1f}, new float[]{6.7f, 9.3f});
        float[] out = NormalizationFit.apply(norm, data, 2);
        for (int i = 0; i < data.length; i++) {
            assertThat(out[i]).isEqualTo(norm.apply(i % 2, data[i]));
        }
        assertThat(data[0]).as("input untouched").isEqualTo(1f);
        assertThatThrownBy(() -> NormalizationFit.apply(norm, new float[3], 3)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("normalization has 2 bands, the data 3");
    }

}
