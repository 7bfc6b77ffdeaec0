package dev.hsiq.training.protocol;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SplitMix64Test {

    @Test
    void matchesTheReferenceSplitMix64() {
        // First outputs of Vigna's splitmix64.c for seed 1234567.
        SplitMix64 r = new SplitMix64(1234567L);
        assertThat(Long.toUnsignedString(r.nextLong())).isEqualTo("6457827717110365317");
        assertThat(Long.toUnsignedString(r.nextLong())).isEqualTo("3203168211198807973");
        assertThat(Long.toUnsignedString(r.nextLong())).isEqualTo("9817491932198370423");
        assertThat(Long.toUnsignedString(r.nextLong())).isEqualTo("4593380528125082431");
        assertThat(Long.toUnsignedString(r.nextLong())).isEqualTo("16408922859458223821");
        // ... which is also what java.util.SplittableRandom(seed).nextLong() produces.
        for (long seed : new long[]{0, 1, -1, 42, Long.MIN_VALUE}) {
            SplitMix64 a = new SplitMix64(seed);
            SplittableRandom b = new SplittableRandom(seed);
            for (int i = 0; i < 100; i++) {
                assertThat(a.nextLong()).isEqualTo(b.nextLong());
            }
        }
    }

    @Test
    void boundedIntsAreInRangeAndUniform() {
        SplitMix64 r = new SplitMix64(7);
        int[] hist = new int[7];
        for (int i = 0; i < 70_000; i++) {
            int v = r.nextInt(7);
            assertThat(v).isBetween(0, 6);
            hist[v]++;
        }
        double chi2 = 0;
        for (int h : hist) {
            chi2 += (h - 10_000.0) * (h - 10_000.0) / 10_000.0;
        }
        assertThat(chi2).as("chi-square, 6 degrees of freedom (99.9%% quantile 22.5)").isLessThan(22.5);
        for (int bound : new int[]{1, 2, 64, 1 << 30, Integer.MAX_VALUE, 1_000_003}) {
            for (int i = 0; i < 1000; i++) {
                assertThat(r.nextInt(bound)).isBetween(0, bound - 1);
            }
        }
    }

    @Test
    void doublesAndGaussiansHaveTheRightMoments() {
        SplitMix64 r = new SplitMix64(99);
        double sum = 0;
        double sq = 0;
        double usum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            sum += g;
            sq += g * g;
            double u = r.nextDouble();
            assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
            usum += u;
        }
        assertThat(sum / n).isCloseTo(0, within(0.01));
        assertThat(sq / n).isCloseTo(1, within(0.02));
        assertThat(usum / n).isCloseTo(0.5, within(0.005));
    }

    @Test
    void shuffleIsAPermutationAndSeedsAreStable() {
        int[] a = new int[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        new SplitMix64(3).shuffle(a, 0, a.length);
        assertThat(a).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 100).toArray());
        assertThat(a).isNotEqualTo(java.util.stream.IntStream.range(0, 100).toArray());
        assertThat(SplitMix64.seedOf("Botswana-semisynthetic")).isEqualTo(SplitMix64.seedOf("Botswana-semisynthetic"))
                .isNotEqualTo(SplitMix64.seedOf("Botswana-synthetic"));
        assertThat(SplitMix64.derive(1, 1)).isNotEqualTo(SplitMix64.derive(1, 2)).isNotEqualTo(SplitMix64.derive(2, 1));
    }
}
