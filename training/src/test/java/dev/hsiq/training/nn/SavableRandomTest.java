/*
 * SavableRandom draws exactly what java.util.SplittableRandom draws (so training runs from
 * before checkpoints existed repeat bit for bit), and a generator restored from a saved
 * state continues the same sequence.
 */
package dev.hsiq.training.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SavableRandomTest {

    @Test
    void drawsTheSameSequenceAsSplittableRandom() {
        int[] bounds = {1, 2, 3, 7, 64, 100, 1000, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE};
        for (long seed : new long[]{0, 1, -1, 42, Long.MIN_VALUE, 0x9e3779b97f4a7c15L}) {
            SplittableRandom jdk = new SplittableRandom(seed);
            SavableRandom own = new SavableRandom(seed);
            for (int i = 0; i < 2000; i++) {
                switch (i % 5) {
                    case 0 -> assertThat(own.nextLong()).isEqualTo(jdk.nextLong());
                    case 1 -> assertThat(own.nextInt()).isEqualTo(jdk.nextInt());
                    case 2 -> assertThat(own.nextDouble()).isEqualTo(jdk.nextDouble());
                    case 3 -> {
                        int b = bounds[(i / 5) % bounds.length];
                        assertThat(own.nextInt(b)).as("bound " + b).isEqualTo(jdk.nextInt(b));
                    }
                    default -> assertThat(Gaussian.next(own)).isEqualTo(Gaussian.next(jdk));
                }
            }
            SplittableRandom jdkChild = jdk.split();
            SavableRandom ownChild = own.split();
            for (int i = 0; i < 100; i++) {
                assertThat(ownChild.nextLong()).isEqualTo(jdkChild.nextLong());
                assertThat(ownChild.nextInt(13)).isEqualTo(jdkChild.nextInt(13));
            }
            assertThat(own.nextLong()).isEqualTo(jdk.nextLong());
        }
    }

    @Test
    void aRestoredGeneratorContinuesTheSequence() {
        SavableRandom a = new SavableRandom(5).split();
        for (int i = 0; i < 37; i++) {
            a.nextInt(10);
        }
        SavableRandom b = SavableRandom.fromState(a.state());
        for (int i = 0; i < 100; i++) {
            assertThat(b.nextLong()).isEqualTo(a.nextLong());
        }
        assertThatThrownBy(() -> SavableRandom.fromState(new long[]{1, 2})).hasMessageContaining("odd gamma");
        assertThatThrownBy(() -> SavableRandom.fromState(new long[]{1})).hasMessageContaining("two longs");
    }
}
