package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetRegistryTest {

    @Test
    void knowsTheCommunityNames() {
        assertThat(DatasetRegistry.names()).containsExactly("IndianPines", "IndianPines-spectra",
                "IndianPines-semisynthetic", "PaviaU", "PaviaU-synthetic", "PaviaC", "PaviaC-synthetic", "Salinas",
                "Salinas-synthetic", "SalinasA", "SalinasA-synthetic", "KSC", "KSC-synthetic", "Botswana",
                "Botswana-spectra", "Botswana-semisynthetic");
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> DatasetRegistry.get("Houston"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("unknown dataset 'Houston'; known datasets: IndianPines, IndianPines-spectra,")
                .hasMessageContaining("Botswana-semisynthetic");
        assertThatThrownBy(() -> DatasetRegistry.get("paviau")).hasMessageContaining("(did you mean PaviaU?)");
    }

    @Test
    void entriesAreConsistent() {
        for (DatasetInfo d : DatasetRegistry.all()) {
            assertThat(d.classNames()).as(d.name()).hasSize(d.classIds().length);
            assertThat(Arrays.stream(d.expectedCounts()).allMatch(c -> c > 0)).as(d.name()).isTrue();
            assertThat(d.files()).as(d.name()).isNotEmpty().doesNotContainNull();
            for (DataFile f : d.files()) {
                assertThat(f.sha256()).as(f.fileName()).hasSize(64);
                assertThat(f.url()).as(f.fileName()).startsWith("https://").endsWith("/" + f.fileName());
                assertThat(f.size()).isPositive();
            }
            DatasetInfo base = DatasetRegistry.get(d.baseScene());
            assertThat(d.bands()).isEqualTo(base.bands());
            assertThat(d.expectedCounts()).containsExactly(base.expectedCounts());
            assertThat(d.defaultTrainRatio()).isEqualTo(d.baseScene().equals("IndianPines") ? 0.10 : 0.05);
            switch (d.kind()) {
                case SCENE -> assertThat(d.provenance()).isEqualTo("canonical");
                case SEMISYNTHETIC -> assertThat(d.provenance()).startsWith("semisynthetic stand-in for " + base.name());
                case SYNTHETIC -> assertThat(d.provenance()).startsWith("synthetic stand-in for " + base.name());
                case SPECTRA -> assertThat(d.provenance()).startsWith("real labeled spectra of " + base.name());
            }
        }
        assertThat(DatasetRegistry.get("PaviaU-synthetic").bands()).isEqualTo(103);
        assertThat(DatasetRegistry.get("PaviaC-synthetic").bands()).isEqualTo(102);
        assertThat(DatasetRegistry.get("Salinas-synthetic").bands()).isEqualTo(204);
        assertThat(DatasetRegistry.get("SalinasA-synthetic").bands()).isEqualTo(204);
        assertThat(DatasetRegistry.get("KSC-synthetic").bands()).isEqualTo(176);
        assertThat(DatasetRegistry.get("SalinasA").classIds()).containsExactly(1, 10, 11, 12, 13, 14);
        assertThat(DatasetRegistry.get("IndianPines").cube().variable()).isEqualTo("indian_pines_corrected");
        assertThat(DatasetRegistry.get("Botswana-semisynthetic").files()).extracting(DataFile::fileName)
                .containsExactly("Botswana_gt.mat", "BOTSWANA.mat");
    }
}
