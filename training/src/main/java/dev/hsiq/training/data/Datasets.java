/*
 * Loads registry datasets from a data directory: canonical scenes (ground truth + cube),
 * the spectra-only sets, and the stand-in scenes built from the files present. Every
 * loaded file is checked against the registry: shape, band count (a mismatch names both
 * numbers), class ids, and the labeled pixels per class (a ground truth whose counts
 * differ from the canonical ones is rejected). Original class ids are remapped to
 * contiguous 1..K (Salinas-A: 1, 10..14 -> 1..6; the ids stay in classIds()). A missing
 * file gives a MissingDataException saying how to fetch it, or where it is expected.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public final class Datasets {

    private final DataDirectory dir;

    public Datasets(DataDirectory dir) {
        this.dir = dir;
    }

    /** Datasets under the directory resolved as the command line does (--data value or null). */
    public static Datasets resolve(Path dataOption) {
        return new Datasets(DataDirectory.resolve(dataOption));
    }

    public DataDirectory directory() {
        return dir;
    }

    public Path path(DataFile f) {
        return dir.file(f.relativePath());
    }

    /** Presence, size and (when {@code checkSha}) sha256 agreement of one file. */
    public FileStatus status(DataFile f, boolean checkSha) {
        Path p = path(f);
        if (!Files.isRegularFile(p)) {
            return new FileStatus(f, p, false, -1, null);
        }
        long size;
        try {
            size = Files.size(p);
        } catch (IOException e) {
            return new FileStatus(f, p, false, -1, null);
        }
        Boolean sha = null;
        if (checkSha && f.sha256() != null) {
            sha = f.sha256().equals(Sha256.of(p));
        }
        return new FileStatus(f, p, true, size, sha);
    }

    /** Whether every file {@code name} needs is present. */
    public boolean available(String name) {
        return DatasetRegistry.get(name).files().stream().allMatch(f -> Files.isRegularFile(path(f)));
    }

    /** A scene (canonical or stand-in) or, for the spectra-only sets, their labeled spectra. */
    public LabeledData load(String name) {
        DatasetInfo info = DatasetRegistry.get(name);
        return info.kind() == DatasetKind.SPECTRA ? loadSpectra(name) : loadScene(name);
    }

    /** The scene {@code name}; a spectra-only set has none and is refused with a hint. */
    public Scene loadScene(String name) {
        DatasetInfo info = DatasetRegistry.get(name);
        return switch (info.kind()) {
            case SPECTRA -> throw new BadInputException(name + " holds labeled spectra without pixel positions, so it "
                    + "has no scene (use a spectral model such as spectral-cnn, or " + info.baseScene()
                    + "-semisynthetic for a scene)");
            case SCENE -> loadCanonicalScene(info);
            case SEMISYNTHETIC -> StandInScenes.semisynthetic(info, loadGroundTruth(info),
                    readSpectraFile(info, info.spectra()));
            case SYNTHETIC -> StandInScenes.synthetic(info, loadGroundTruth(info));
        };
    }

    /** Labeled spectra: the spectra-only sets directly, any scene's labeled pixels otherwise. */
    public LabeledSpectra loadSpectra(String name) {
        DatasetInfo info = DatasetRegistry.get(name);
        if (info.kind() == DatasetKind.SPECTRA) {
            return readSpectraFile(info, info.spectra());
        }
        return loadScene(name).labeledSpectra();
    }

    /** The ground truth of a scene entry as contiguous labels (row-major), checked against the registry. */
    public int[] loadGroundTruth(DatasetInfo info) {
        DataFile f = info.groundTruth();
        if (f == null) {
            throw new BadInputException(info.name() + " has no ground-truth map");
        }
        Path p = require(info, f, "ground truth");
        MatArray gt = MatReader.read(p, f.variable());
        gt.require2d();
        if (gt.rows() != info.rows() || gt.cols() != info.cols()) {
            throw new BadFileException(p, f.variable(), "shape " + gt.rows() + "x" + gt.cols() + ", but "
                    + info.baseScene() + " is " + info.rows() + "x" + info.cols());
        }
        int[] raw = gt.toLabelsRowMajor();
        int[] labels = remap(p, f.variable(), raw, info, info.cols());
        checkCounts(p, f.variable(), labels, info, "labeled pixels");
        return labels;
    }

    private Scene loadCanonicalScene(DatasetInfo info) {
        int[] labels = loadGroundTruth(info);
        DataFile f = info.cube();
        Path p = require(info, f, "image cube");
        Cube cube = MatReader.readCube(p, f.variable());
        if (cube.rows() != info.rows() || cube.cols() != info.cols()) {
            throw new BadFileException(p, f.variable(), "cube is " + cube.rows() + "x" + cube.cols()
                    + " pixels, but the ground truth of " + info.name() + " is " + info.rows() + "x" + info.cols());
        }
        if (cube.bands() != info.bands()) {
            throw new BadFileException(p, f.variable(), "cube has " + cube.bands() + " bands, " + info.name()
                    + " expects " + info.bands());
        }
        return new Scene(info.name(), info.rows(), info.cols(), info.bands(), cube.data(), labels, info.classNames(),
                info.classIds(), LabeledData.CANONICAL);
    }

    private LabeledSpectra readSpectraFile(DatasetInfo info, DataFile f) {
        Path p = require(info, f, "labeled spectra");
        String xName = f.variables().get(0);
        String yName = f.variables().get(1);
        MatArray x = MatReader.read(p, xName);
        MatArray y = MatReader.read(p, yName);
        x.require2d();
        y.require2d();
        int n = x.rows();
        int bands = x.cols();
        if (bands != info.bands()) {
            throw new BadFileException(p, xName, "spectra have " + bands + " bands, " + info.name() + " expects "
                    + info.bands());
        }
        if (y.rows() * y.cols() != n || (y.rows() != 1 && y.cols() != 1)) {
            throw new BadFileException(p, yName, "labels are " + y.shape() + ", expected " + n + "x1 (one per row of "
                    + xName + ")");
        }
        int[] raw = y.toLabelsRowMajor();
        int[] labels = remap(p, yName, raw, info, 0);
        for (int i = 0; i < n; i++) {
            if (labels[i] == 0) {
                throw new BadFileException(p, yName, "row " + (i + 1) + " has label 0; every spectrum must have a class");
            }
        }
        checkCounts(p, yName, labels, info, "spectra");
        float[] spectra = x.toRowMajor();
        return new LabeledSpectra(info.name(), bands, spectra, labels, info.classNames(), info.classIds(),
                info.kind() == DatasetKind.SPECTRA ? info.provenance()
                        : "real labeled spectra of " + info.baseScene() + " (" + f.relativePath() + ")");
    }

    private static int[] remap(Path p, String var, int[] raw, DatasetInfo info, int cols) {
        int[] ids = info.classIds();
        int max = Arrays.stream(ids).max().orElse(0);
        int[] toContiguous = new int[max + 1];
        for (int k = 0; k < ids.length; k++) {
            toContiguous[ids[k]] = k + 1;
        }
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int v = raw[i];
            if (v == 0) {
                continue;
            }
            int mapped = v <= max ? toContiguous[v] : 0;
            if (mapped == 0) {
                String where = cols > 0 ? "(row " + (i / cols + 1) + ", col " + (i % cols + 1) + ")" : "row " + (i + 1);
                throw new BadFileException(p, var, "value " + v + " at " + where + " is not a class id of "
                        + info.baseScene() + " (ids " + Arrays.toString(ids) + ")");
            }
            out[i] = mapped;
        }
        return out;
    }

    private static void checkCounts(Path p, String var, int[] labels, DatasetInfo info, String what) {
        int[] expected = info.expectedCounts();
        int[] found = new int[expected.length];
        for (int l : labels) {
            if (l > 0) {
                found[l - 1]++;
            }
        }
        for (int k = 0; k < expected.length; k++) {
            if (found[k] != expected[k]) {
                throw new BadFileException(p, var, "class " + info.classIds()[k] + " " + info.classNames().get(k)
                        + " has " + found[k] + " " + what + ", the canonical " + info.baseScene() + " data has "
                        + expected[k] + " (not the canonical file?)");
            }
        }
    }

    /** The path of {@code f}, or a MissingDataException explaining how to get it. */
    private Path require(DatasetInfo info, DataFile f, String role) {
        Path p = path(f);
        if (Files.isRegularFile(p)) {
            return p;
        }
        throw new MissingDataException(missingMessage(info, f, role));
    }

    String missingMessage(DatasetInfo info, DataFile f, String role) {
        Path p = path(f);
        StringBuilder sb = new StringBuilder(info.name()).append(": ").append(role).append(' ').append(f.fileName())
                .append(" is missing from ").append(p.getParent()).append(" (data directory ").append(dir.path())
                .append(", chosen by ").append(dir.source()).append("); ");
        if (f.hasUrl()) {
            sb.append("run 'hsiq data fetch ").append(info.name()).append("' to download it");
        } else {
            sb.append("no public URL serves it; put it at ").append(p).append(" (").append(f.note()).append(')');
        }
        if (info.kind() == DatasetKind.SCENE) {
            String standIn = DatasetRegistry.contains(info.name() + "-semisynthetic") ? info.name() + "-semisynthetic"
                    : info.name() + "-synthetic";
            if (DatasetRegistry.contains(standIn)) {
                sb.append(", or use ").append(standIn).append(", a stand-in built from the files present");
            }
        }
        return sb.toString();
    }
}
