/*
 * The reproduction plan's configurations: the spectral studies carry the named variants (8-bit
 * first-layer weights at 2/2 and 2/1; the 8-bit first activation at 4/4 and on that variant at
 * 2/2 and 2/1), the patch studies none of them, and every configuration of a study is distinct
 * (the run cache keys and the report rows follow variant()).
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.training.quant.GradientMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReproducePlanTest {

    @Test
    void spectralStudiesCarryTheFirstActivationVariants() {
        List<ReproducePlan.Config> spectral = ReproducePlan.configs(false);
        List<String> withAct = spectral.stream().filter(c -> c.firstActivation() != 0)
                .map(ReproducePlan.Config::variant).toList();
        assertThat(withAct).containsExactly("4/4 act8", "2/2 first8 lsq ewgs0.05 act8", "2/1 first8 lsq ewgs0.05 act8");
        assertThat(spectral.stream().filter(c -> c.firstActivation() != 0))
                .allMatch(c -> c.grad() == GradientMode.CONSTANT && c.inputBits() == 8);
        assertThat(spectral.stream().map(ReproducePlan.Config::toString).distinct().count()).isEqualTo(spectral.size());
        assertThat(ReproducePlan.configs(true)).noneMatch(c -> c.firstActivation() != 0 || c.firstWeights() != null);
    }

    @Test
    void theFirstActivationVariantKeepsTheRestOfTheConfiguration() {
        ReproducePlan.Config base = new ReproducePlan.Config("2/2", GradientMode.CONSTANT, 8, WeightFormat.parse("8"));
        ReproducePlan.Config on = base.withFirstActivation(8);
        assertThat(on.firstWeights()).isEqualTo(base.firstWeights());
        assertThat(on.clip()).isEqualTo(base.clip());
        assertThat(on.gradientScaling()).isEqualTo(base.gradientScaling());
        assertThat(on.firstActivation()).isEqualTo(8);
        assertThat(base.firstActivation()).isZero();
        assertThat(on).isNotEqualTo(base);
    }
}
