/*
 * The embedding API end to end: a model file written by ModelFile, loaded and classified in
 * the three calls of the class Javadoc, against the reference executor; options (threads,
 * logits), class names, and the errors a user sees (missing / corrupt file, wrong band count).
 */
package dev.hsiq.engine;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.error.HsiqException;
import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.io.ModelFileException;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.reference.ReferenceExecutor;
import dev.hsiq.engine.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HsiClassifierTest {

    static float[] flatten(float[][] s) {
        float[] f = new float[s.length * s[0].length];
        for (int i = 0; i < s.length; i++) System.arraycopy(s[i], 0, f, i * s[0].length, s[0].length);
        return f;
    }

    @Test
    void loadClassifySpectraPatchesAndScenes(@TempDir Path dir) throws Exception {
        Model spectral = TestModels.random(ModelSpec.spectralCnn().resolve(5, QuantSettings.parseBits("2/1")), 103, 1,
                false);
        Path sf = dir.resolve("spectral.hsiq");
        ModelFile.write(spectral, sf);
        HsiClassifier clf = HsiClassifier.load(sf);
        assertThat(clf.bands()).isEqualTo(103);
        assertThat(clf.patchModel()).isFalse();
        assertThat(clf.quantized()).isTrue();
        assertThat(clf.classNames()).hasSize(5);
        assertThat(clf.className(2)).isEqualTo("class 2");
        float[][] spectra = TestModels.samples(spectral, 9, new Random(2));
        int[] labels = clf.classifySpectra(flatten(spectra), 9);
        ReferenceExecutor ref = new ReferenceExecutor(spectral);
        assertThat(labels).isEqualTo(ref.labels(spectra));
        Classification withLogits = clf.withThreads(1).classifySpectraWithLogits(flatten(spectra), 9);
        assertThat(withLogits.labels()).isEqualTo(labels);
        assertThat(withLogits.logits(4)).isEqualTo(ref.logits(spectra[4]));

        Model patch = TestModels.random(ModelSpec.patchCnn(7).resolve(4, null), 10, 3, false);
        Path pf = dir.resolve("patch.hsiq");
        ModelFile.write(patch, pf);
        HsiClassifier p = HsiClassifier.load(pf).withThreads(2);
        assertThat(p.threads()).isEqualTo(2);
        assertThat(p.patchSize()).isEqualTo(7);
        float[][] patches = TestModels.samples(patch, 6, new Random(4));
        assertThat(p.classifyPatches(flatten(patches), 6)).hasSize(6);
        int rows = 5;
        int cols = 6;
        float[] cube = new float[rows * cols * 10];
        Random rnd = new Random(5);
        for (int i = 0; i < cube.length; i++) cube[i] = patch.normalization().low()[i % 10] + 500 * rnd.nextFloat();
        int[] map = p.classifyScene(cube, rows, cols, 10);
        assertThat(map).hasSize(rows * cols);
        assertThat(p.classifySceneWithLogits(cube, rows, cols, 10).labels()).isEqualTo(map);
        assertThat(HsiClassifier.load(sf).classifyScene(flatten(spectra), 3, 3, 103)).isEqualTo(labels);
    }

    @Test
    void usersSeeWhatIsWrong(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> HsiClassifier.load(dir.resolve("missing.hsiq"))).isInstanceOf(HsiqException.class)
                .hasMessageContaining("missing.hsiq").hasMessageContaining("no such model file");
        Path junk = dir.resolve("junk.hsiq");
        Files.writeString(junk, "not a model at all, just text that is long enough to hold a header");
        assertThatThrownBy(() -> HsiClassifier.load(junk)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("junk.hsiq");
        Model spectral = TestModels.random(ModelSpec.spectralCnn().resolve(5, QuantSettings.parseBits("2/1")), 103, 1,
                false);
        HsiClassifier clf = HsiClassifier.of(spectral);
        assertThatThrownBy(() -> clf.classifyScene(new float[2 * 2 * 200], 2, 2, 200))
                .isInstanceOf(BadInputException.class).hasMessageContaining("200 bands").hasMessageContaining("103");
        assertThatThrownBy(() -> clf.withThreads(0)).hasMessageContaining("at least 1");
    }
}
