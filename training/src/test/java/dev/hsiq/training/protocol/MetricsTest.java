package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {

    /** rows true, columns predicted: [[5,1,0],[2,3,1],[0,0,4]]. */
    static ConfusionMatrix example() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        int[][] counts = {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < counts[t][p]; i++) {
                    m.add(t, p);
                }
            }
        }
        return m;
    }

    @Test
    void handComputedExample() {
        ConfusionMatrix m = example();
        // N = 16, correct = 12
        assertThat(m.total()).isEqualTo(16);
        assertThat(m.overallAccuracy()).isEqualTo(0.75);
        // recall 5/6, 3/6, 4/4
        assertThat(m.classAccuracy(0)).isEqualTo(5.0 / 6);
        assertThat(m.classAccuracy(1)).isEqualTo(0.5);
        assertThat(m.classAccuracy(2)).isEqualTo(1.0);
        assertThat(m.averageAccuracy()).isCloseTo((5.0 / 6 + 0.5 + 1) / 3, within(1e-15));
        // rows (6, 6, 4), columns (7, 4, 5): p_e = (42 + 24 + 20) / 256 = 0.3359375
        // kappa = (0.75 - 0.3359375) / (1 - 0.3359375) = 0.4140625 / 0.6640625
        assertThat(m.kappa()).isCloseTo(0.4140625 / 0.6640625, within(1e-15));
        EvaluationMetrics e = m.metrics(List.of("a", "b", "c"));
        assertThat(e.perClass()).containsExactly(new ClassAccuracy("a", 5.0 / 6, 6), new ClassAccuracy("b", 0.5, 6),
                new ClassAccuracy("c", 1.0, 4));
        assertThat(e.confusion()[1]).containsExactly(2, 3, 1);
        assertThat(e.total()).isEqualTo(16);
    }

    @Test
    void labelsAndArraysAndEdgeCases() {
        ConfusionMatrix a = ConfusionMatrix.of(3, new int[]{0, 0, 1, 2}, new int[]{0, 1, 1, 2});
        ConfusionMatrix b = new ConfusionMatrix(3);
        b.addLabels(new int[]{1, 1, 2, 3}, new int[]{0, 1, 1, 2});
        assertThat(b.counts()).isDeepEqualTo(a.counts());
        a.merge(b);
        assertThat(a.total()).isEqualTo(8);

        ConfusionMatrix perfect = ConfusionMatrix.of(2, new int[]{0, 1, 1}, new int[]{0, 1, 1});
        assertThat(perfect.kappa()).isEqualTo(1.0);
        ConfusionMatrix oneClass = ConfusionMatrix.of(2, new int[]{1, 1}, new int[]{1, 1});
        assertThat(oneClass.kappa()).as("p_e = 1 and p_o = 1").isEqualTo(1.0);
        assertThat(oneClass.classAccuracy(0)).isNaN();
        assertThat(oneClass.averageAccuracy()).as("classes without test samples are left out").isEqualTo(1.0);
        ConfusionMatrix chance = ConfusionMatrix.of(2, new int[]{0, 0, 1, 1}, new int[]{0, 1, 0, 1});
        assertThat(chance.kappa()).isEqualTo(0.0);
        assertThatThrownBy(() -> new ConfusionMatrix(2).add(0, 2)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("out of range 0..1");
        assertThatThrownBy(() -> ConfusionMatrix.of(2, new int[1], new int[2])).isInstanceOf(BadInputException.class);
    }

    @Test
    void summaryOverSeeds() {
        EvaluationMetrics r1 = ConfusionMatrix.of(2, new int[]{0, 0, 1, 1, 1}, new int[]{0, 0, 1, 1, 0})
                .metrics(List.of("x", "y"));
        EvaluationMetrics r2 = ConfusionMatrix.of(2, new int[]{0, 0, 1, 1, 1}, new int[]{0, 1, 1, 1, 1})
                .metrics(List.of("x", "y"));
        EvaluationMetrics r3 = ConfusionMatrix.of(2, new int[]{0, 0, 1, 1, 1}, new int[]{0, 0, 1, 1, 1})
                .metrics(List.of("x", "y"));
        MetricsSummary s = MetricsSummary.of(List.of(r1, r2, r3));
        // OA 0.8, 0.8, 1.0: mean 13/15, population std sqrt(((1/15)^2 * 2 + (2/15)^2) / 3)
        assertThat(s.runs()).isEqualTo(3);
        assertThat(s.oa().mean()).isCloseTo(13.0 / 15, within(1e-12));
        assertThat(s.oa().std()).isCloseTo(Math.sqrt((2.0 / 225 + 4.0 / 225) / 3), within(1e-12));
        // class x accuracy 1, 0.5, 1 -> mean 5/6
        assertThat(s.perClass().get(0).mean()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(s.classNames()).containsExactly("x", "y");
        assertThat(MetricsSummary.of(List.of(r1)).oa().std()).isZero();
        assertThatThrownBy(() -> MetricsSummary.of(List.of())).isInstanceOf(BadInputException.class);
    }
}
