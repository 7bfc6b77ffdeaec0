/*
 * The color table of class maps, shared by the PNG images and the ENVI "class lookup":
 * index 0 (unlabeled / unclassified) is black; classes 1..24 take a fixed table of
 * saturated, mutually distinguishable colors in the spirit of the tables HSI papers use
 * (red, green, blue, yellow, magenta, cyan, then darker and pastel variants); further
 * classes get hues stepped by the golden angle at full saturation, so any K works.
 */
package dev.hsiq.training.output;

public final class ClassPalette {

    private static final int[] FIXED = {
            0x000000, // 0 unlabeled
            0xff0000, 0x00ff00, 0x0000ff, 0xffff00, 0xff00ff, 0x00ffff,
            0xb03060, 0x2e8b57, 0xa020f0, 0xff7f50, 0x7fffd4, 0xda70d6,
            0xa0522d, 0x7fff00, 0xd8bfd8, 0xff8c00, 0x4682b4, 0x808000,
            0x800000, 0x008080, 0xffc0cb, 0x556b2f, 0x9370db, 0xc0c0c0,
    };

    private ClassPalette() {
    }

    /** 0xRRGGBB color of class index {@code k} (0 = unlabeled). */
    public static int rgb(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("class index must be >= 0, got " + k);
        }
        if (k < FIXED.length) {
            return FIXED[k];
        }
        float hue = (float) (((k - FIXED.length) * 0.6180339887498949) % 1.0);
        float brightness = (k % 2 == 0) ? 0.95f : 0.7f;
        return java.awt.Color.HSBtoRGB(hue, 0.85f, brightness) & 0xffffff;
    }

    public static int red(int k) {
        return (rgb(k) >> 16) & 0xff;
    }

    public static int green(int k) {
        return (rgb(k) >> 8) & 0xff;
    }

    public static int blue(int k) {
        return rgb(k) & 0xff;
    }
}
