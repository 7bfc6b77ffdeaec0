/*
 * A dataset registry entry: community name, kind, shape, band count, class names and
 * original ids, the expected labeled pixels per class (from the data README), the files
 * it is loaded from, the canonical scene it derives from (for spectra sets and stand-ins),
 * the provenance string its data carries, and the default training ratio of the protocol
 * (DESIGN section 3: 10% for Indian Pines, 5% for the others).
 */
package dev.hsiq.training.data;

import java.util.ArrayList;
import java.util.List;

public record DatasetInfo(String name, DatasetKind kind, String title, int rows, int cols, int bands,
                          List<String> classNames, int[] classIds, int[] expectedCounts, DataFile groundTruth,
                          DataFile cube, DataFile spectra, String baseScene, String provenance,
                          double defaultTrainRatio) {

    public DatasetInfo {
        classNames = List.copyOf(classNames);
        classIds = classIds.clone();
        expectedCounts = expectedCounts.clone();
        if (classIds.length != classNames.size() || expectedCounts.length != classNames.size()) {
            throw new IllegalArgumentException(name + ": class names, ids and counts differ in length");
        }
    }

    @Override
    public int[] classIds() {
        return classIds.clone();
    }

    @Override
    public int[] expectedCounts() {
        return expectedCounts.clone();
    }

    public int classCount() {
        return classNames.size();
    }

    public long expectedLabeled() {
        long n = 0;
        for (int c : expectedCounts) {
            n += c;
        }
        return n;
    }

    /** The files loading this dataset reads, in the order they are needed. */
    public List<DataFile> files() {
        List<DataFile> out = new ArrayList<>();
        switch (kind) {
            case SCENE -> {
                out.add(groundTruth);
                out.add(cube);
            }
            case SPECTRA -> out.add(spectra);
            case SEMISYNTHETIC -> {
                out.add(groundTruth);
                out.add(spectra);
            }
            case SYNTHETIC -> out.add(groundTruth);
        }
        return out;
    }
}
