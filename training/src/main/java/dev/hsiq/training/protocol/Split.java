/*
 * A stratified split: sample indices (into the dataset's label array) for training,
 * validation and test, each ascending, the per-class sizes (index k-1 for class k), the
 * spec that produced it, and notes on classes where the rule had to bend (tiny classes).
 * fingerprint() is a stable 64-bit digest of the three index lists, for recording a split
 * in a model file and checking later that the same one is used.
 */
package dev.hsiq.training.protocol;

import java.util.List;

public record Split(SplitSpec spec, int[] train, int[] validation, int[] test, int[] trainPerClass,
                    int[] validationPerClass, int[] testPerClass, List<String> notes) {

    public Split {
        notes = List.copyOf(notes);
    }

    public int classCount() {
        return trainPerClass.length;
    }

    /** FNV-1a over the three index lists with separators; identical on every JVM. */
    public long fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (int[] part : new int[][]{train, validation, test}) {
            for (int v : part) {
                h = (h ^ (v & 0xffffffffL)) * 0x100000001b3L;
            }
            h = (h ^ 0xffffffffL) * 0x100000001b3L;
        }
        return h;
    }

    /** Hex form of the fingerprint. */
    public String fingerprintHex() {
        return String.format("%016x", fingerprint());
    }
}
