/*
 * Reads the real files of the shared data directory and checks them against the facts
 * of its README (transcribed here independently of the registry, then compared with it):
 * variable, shape, storage type, values and labeled pixels per class. Skipped with the
 * reason when the directory is absent.
 */
package dev.hsiq.training.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RealDataTest {

    static Stream<Arguments> groundTruths() {
        return Stream.of(
                Arguments.of("IndianPines", "indian_pines/Indian_pines_gt.mat", "indian_pines_gt", 145, 145, "double",
                        "uint8", "1:46 2:1428 3:830 4:237 5:483 6:730 7:28 8:478 9:20 10:972 11:2455 12:593 13:205 "
                                + "14:1265 15:386 16:93", 10249),
                Arguments.of("PaviaU", "pavia_university/PaviaU_gt.mat", "paviaU_gt", 610, 340, "uint8", "uint8",
                        "1:6631 2:18649 3:2099 4:3064 5:1345 6:5029 7:1330 8:3682 9:947", 42776),
                Arguments.of("Salinas", "salinas/Salinas_gt.mat", "salinas_gt", 512, 217, "double", "uint8",
                        "1:2009 2:3726 3:1976 4:1394 5:2678 6:3959 7:3579 8:11271 9:6203 10:3278 11:1068 12:1927 "
                                + "13:916 14:1070 15:7268 16:1807", 54129),
                Arguments.of("SalinasA", "salinas_a/SalinasA_gt.mat", "salinasA_gt", 83, 86, "double", "uint8",
                        "1:391 10:1343 11:616 12:1525 13:674 14:799", 5348),
                Arguments.of("KSC", "ksc/KSC_gt.mat", "KSC_gt", 512, 614, "double", "uint8",
                        "1:761 2:243 3:256 4:252 5:161 6:229 7:105 8:431 9:520 10:404 11:419 12:503 13:927", 5211),
                Arguments.of("Botswana", "botswana/Botswana_gt.mat", "Botswana_gt", 1476, 256, "double", "uint8",
                        "1:270 2:101 3:251 4:215 5:269 6:269 7:259 8:203 9:314 10:248 11:305 12:181 13:268 14:95",
                        3248),
                Arguments.of("PaviaC", "pavia_centre/Pavia_gt.mat", "pavia_gt", 1096, 715, "uint8", "uint8",
                        "1:65971 2:7598 3:3090 4:2685 5:6584 6:9248 7:7287 8:42826 9:2863", 148152));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groundTruths")
    void groundTruthMatchesTheReadme(String name, String file, String variable, int rows, int cols, String cls,
                                     String storage, String counts, int labeled) {
        Path p = SharedData.require(file);
        MatVariableInfo info = MatReader.variables(p).stream().filter(v -> v.name().equals(variable)).findFirst()
                .orElseThrow();
        assertThat(info.dims()).containsExactly(rows, cols);
        assertThat(info.matlabClass()).isEqualTo(cls);
        assertThat(info.storageType()).isEqualTo(storage);

        MatArray gt = MatReader.read(p, variable);
        int[] labels = gt.toLabelsRowMajor();
        TreeMap<Integer, Integer> hist = new TreeMap<>();
        for (int l : labels) {
            if (l > 0) {
                hist.merge(l, 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        hist.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append(':').append(v));
        assertThat(sb.toString()).isEqualTo(counts);
        assertThat(hist.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(labeled);
        // row-major conversion: labels[r*cols + c] is MATLAB's gt(r+1, c+1)
        assertThat(labels[7 * cols + 11]).isEqualTo((int) gt.get(7, 11));

        DatasetInfo reg = DatasetRegistry.get(name);
        assertThat(reg.groundTruth().relativePath()).isEqualTo(file);
        assertThat(reg.groundTruth().variable()).isEqualTo(variable);
        assertThat(new int[]{reg.rows(), reg.cols()}).containsExactly(rows, cols);
        assertThat(reg.expectedLabeled()).isEqualTo(labeled);
        int[] ids = reg.classIds();
        int[] expected = reg.expectedCounts();
        for (int k = 0; k < ids.length; k++) {
            assertThat(hist.get(ids[k])).as("registry count of id %d", ids[k]).isEqualTo(expected[k]);
        }
        FileStatus st = new Datasets(SharedData.directory()).status(reg.groundTruth(), true);
        assertThat(st.shaMatches()).as("sha256 of %s", file).isTrue();
        assertThat(st.size()).isEqualTo(reg.groundTruth().size());
    }

    @Test
    void indianPinesLabeledSpectra() {
        checkLabeledOnly("IndianPines-spectra", "indian_pines/labeled_only/INDIANPINES.mat", 10249, 200, 985, 9604);
    }

    @Test
    void botswanaLabeledSpectra() {
        checkLabeledOnly("Botswana-spectra", "botswana/labeled_only/BOTSWANA.mat", 3248, 145, 0, 10055);
    }

    private static void checkLabeledOnly(String name, String file, int n, int bands, float min, float max) {
        Path p = SharedData.require(file);
        MatVariableInfo x = MatReader.variables(p).get(0);
        assertThat(x.name()).isEqualTo("X");
        assertThat(x.describe()).isEqualTo("X (double " + n + "x" + bands + ", stored uint16)");
        Datasets ds = new Datasets(SharedData.directory());
        LabeledSpectra s = ds.loadSpectra(name);
        assertThat(s.count()).isEqualTo(n);
        assertThat(s.bands()).isEqualTo(bands);
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : s.spectra()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertThat(lo).isEqualTo(min);
        assertThat(hi).isEqualTo(max);
        assertThat(s.classCounts()).containsExactly(DatasetRegistry.get(name).expectedCounts());
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < n; i++) {
            distinct.add(Arrays.toString(Arrays.copyOfRange(s.spectra(), i * bands, (i + 1) * bands)));
        }
        assertThat(distinct).as("rows distinct").hasSize(n);
        // row-major conversion: spectrum i, band b is X(i+1, b+1)
        MatArray raw = MatReader.read(p, "X");
        assertThat(s.spectra()[5 * bands + 17]).isEqualTo(raw.get(5, 17));
        assertThat(s.provenance()).contains("real labeled spectra").contains("without pixel positions");
        assertThat(s.isStandIn()).isFalse();
    }
}
