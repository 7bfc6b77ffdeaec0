package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.training.data.DatasetRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StratifiedSplitterTest {

    /** Labels with the given per-class counts, interleaved with unlabeled samples. */
    static int[] labels(int... counts) {
        List<Integer> l = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            for (int i = 0; i < counts[k]; i++) {
                l.add(k + 1);
                l.add(0);
            }
        }
        // deterministic interleaving of classes
        java.util.Collections.shuffle(l, new java.util.Random(5));
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<String> names(int k) {
        return IntStream.rangeClosed(1, k).mapToObj(i -> "c" + i).toList();
    }

    private static final int[] INDIAN_PINES = DatasetRegistry.get("IndianPines").expectedCounts();

    @Test
    void indianPinesTenPercentWithMinimumFive() {
        int[] lab = labels(INDIAN_PINES);
        Split s = StratifiedSplitter.split(lab, names(16), SplitSpec.ratio(0.1, 1));
        // round(0.1 n), at least 5: Alfalfa 46 -> 5 (4.6 rounds to 5), Grass-pasture-mowed 28 -> 5 (from 3),
        // Oats 20 -> 5 (from 2), Corn-notill 1428 -> 143, Soybean-mintill 2455 -> 246 (245.5 rounds up)
        assertThat(s.trainPerClass()).containsExactly(5, 143, 83, 24, 48, 73, 5, 48, 5, 97, 246, 59, 21, 127, 39, 9);
        for (int k = 0; k < 16; k++) {
            assertThat(s.trainPerClass()[k] + s.testPerClass()[k]).isEqualTo(INDIAN_PINES[k]);
        }
        assertThat(s.train().length).isEqualTo(1032);
        assertThat(s.test().length).isEqualTo(10249 - 1032);
        assertThat(s.validation()).isEmpty();
        assertThat(s.notes()).containsExactly(
                "class 7 (c7): 28 samples, raised from 3 to the minimum of 5 training samples",
                "class 9 (c9): 20 samples, raised from 2 to the minimum of 5 training samples");
        checkPartition(lab, s);
    }

    /** Train, validation and test are disjoint, ascending, cover every labeled sample, and labels agree. */
    static void checkPartition(int[] lab, Split s) {
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())),
                Arrays.stream(s.test())).sorted().toArray();
        int[] labeled = IntStream.range(0, lab.length).filter(i -> lab[i] > 0).toArray();
        assertThat(all).containsExactly(labeled);
        for (int[] part : new int[][]{s.train(), s.validation(), s.test()}) {
            assertThat(part).isSorted();
        }
        int[] perClass = new int[s.classCount()];
        for (int i : s.train()) {
            perClass[lab[i] - 1]++;
        }
        assertThat(perClass).containsExactly(s.trainPerClass());
    }

    @Test
    void isAPureFunctionOfLabelsAndSpec() {
        int[] lab = labels(INDIAN_PINES);
        Split a = StratifiedSplitter.split(lab, names(16), SplitSpec.ratio(0.1, 1));
        Split b = StratifiedSplitter.split(lab.clone(), names(16), SplitSpec.ratio(0.1, 1));
        Split c = StratifiedSplitter.split(lab, names(16), SplitSpec.ratio(0.1, 2));
        assertThat(a.train()).containsExactly(b.train());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(c.train()).isNotEqualTo(a.train());
        assertThat(c.fingerprint()).isNotEqualTo(a.fingerprint());
        // Pins the algorithm (SplitMix64 streams per class, Fisher-Yates, rounding rule):
        // a change here changes every recorded split, so it must be deliberate.
        assertThat(StratifiedSplitter.split(labels(10, 20, 30), names(3), SplitSpec.ratio(0.3, 42)).train())
                .containsExactly(GOLDEN_TRAIN);
    }

    /**
     * Training indices for labels(10, 20, 30) with ratio 0.3 and seed 42, recorded when the
     * algorithm was written (java.util.Random and Collections.shuffle, used by labels(), are
     * specified algorithms, so the input is fixed too).
     */
    private static final int[] GOLDEN_TRAIN = {3, 5, 22, 26, 30, 35, 40, 44, 55, 60, 68, 76, 79, 84, 86, 99, 102,
            103, 105, 113};

    @Test
    void testSetDoesNotDependOnTheValidationFraction() {
        int[] lab = labels(50, 80, 12);
        Split plain = StratifiedSplitter.split(lab, names(3), SplitSpec.ratio(0.2, 9));
        Split withVal = StratifiedSplitter.split(lab, names(3), SplitSpec.ratio(0.2, 9).withValidation(0.25));
        assertThat(withVal.test()).containsExactly(plain.test());
        // train 10, 16, 5 -> validation floor(0.25 t) = 2, 4, 1
        assertThat(withVal.validationPerClass()).containsExactly(2, 4, 1);
        assertThat(withVal.trainPerClass()).containsExactly(8, 12, 4);
        int[] union = IntStream.concat(Arrays.stream(withVal.train()), Arrays.stream(withVal.validation())).sorted()
                .toArray();
        assertThat(union).containsExactly(plain.train());
        checkPartition(lab, withVal);
    }

    @Test
    void countPerClassAndTinyClasses() {
        int[] lab = labels(100, 3, 2, 40);
        Split s = StratifiedSplitter.split(lab, names(4), SplitSpec.count(30, 4));
        // 30 each; the 3-sample class trains on 2 and tests on 1; the 2-sample class on 1 and 1
        assertThat(s.trainPerClass()).containsExactly(30, 2, 1, 30);
        assertThat(s.testPerClass()).containsExactly(70, 1, 1, 10);
        assertThat(s.notes()).containsExactly(
                "class 2 (c2): 3 samples, rule asks for 30 training samples; using 2 and keeping 1 for testing",
                "class 3 (c3): 2 samples, rule asks for 30 training samples; using 1 and keeping 1 for testing");
        checkPartition(lab, s);
        Split minOnly = StratifiedSplitter.split(lab, names(4), SplitSpec.ratio(0.05, 4).withMinPerClass(0));
        assertThat(minOnly.trainPerClass()).containsExactly(5, 1, 1, 2);
    }

    @Test
    void classesThatCannotBeSplitAreErrors() {
        assertThatThrownBy(() -> StratifiedSplitter.split(labels(10, 0, 5), names(3), SplitSpec.ratio(0.1, 1)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("class 2 (c2) has no labeled samples, so it cannot be split; drop the class or use other "
                        + "data");
        assertThatThrownBy(() -> StratifiedSplitter.split(labels(10, 1), names(2), SplitSpec.ratio(0.1, 1)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("class 2 (c2) has a single labeled sample; a split needs at least 2 (one to train on, one "
                        + "to test)");
        assertThatThrownBy(() -> StratifiedSplitter.split(new int[]{1, 2, 1, 2, 4}, names(3), SplitSpec.ratio(0.5, 1)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("label 4 of sample 4 is outside 0..3 (0 = unlabeled, 3 classes)");
        assertThatThrownBy(() -> StratifiedSplitter.split(new int[]{1, -1}, names(1), SplitSpec.ratio(0.5, 1)))
                .hasMessage("label -1 of sample 1 is outside 0..1 (0 = unlabeled, 1 classes)");
        assertThatThrownBy(() -> SplitSpec.ratio(1.0, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> SplitSpec.count(0, 1)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> SplitSpec.ratio(0.1, 1).withValidation(1.0)).isInstanceOf(BadInputException.class);
        assertThat(SplitSpec.defaultFor(DatasetRegistry.get("IndianPines-spectra"), 3).ratio()).isEqualTo(0.10);
        assertThat(SplitSpec.defaultFor(DatasetRegistry.get("PaviaU-synthetic"), 3).ratio()).isEqualTo(0.05);
        assertThat(SplitSpec.ratio(0.1, 1).withValidation(0.2).describe())
                .isEqualTo("10% per class (min 5), 20% of it for validation, seed 1");
    }
}
