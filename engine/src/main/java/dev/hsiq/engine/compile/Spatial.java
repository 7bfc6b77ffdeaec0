/*
 * The spatial size of one sample's feature map at some point of a compiled plan: h x w
 * pixels. A spectrum is 1 x B (conv1d runs along the width), a patch P x P, a whole
 * mirror-padded scene (rows + 2m) x (cols + 2m) in dense scene mode.
 */
package dev.hsiq.engine.compile;

record Spatial(int h, int w) {

    Spatial {
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("feature map " + h + " x " + w + " is empty");
        }
    }

    int pixels() {
        return Math.multiplyExact(h, w);
    }

    @Override
    public String toString() {
        return h + "x" + w;
    }
}
