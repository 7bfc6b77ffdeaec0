/*
 * What a registry entry is: a canonical scene (cube + ground truth), a spectra-only set
 * (labeled spectra without positions), or a stand-in scene built from the files present
 * (semisynthetic: real layout and real spectra; synthetic: real layout, synthetic spectra).
 */
package dev.hsiq.training.data;

public enum DatasetKind {
    SCENE("scene"),
    SPECTRA("spectra"),
    SEMISYNTHETIC("stand-in (semisynthetic)"),
    SYNTHETIC("stand-in (synthetic)");

    private final String label;

    DatasetKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isStandIn() {
        return this == SEMISYNTHETIC || this == SYNTHETIC;
    }

    /** Whether loading gives a Scene (pixel positions known). */
    public boolean isScene() {
        return this != SPECTRA;
    }
}
