/*
 * An image cube as read from a file, before it becomes a Scene: rows x cols pixels of
 * `bands` samples in BIP order (pixel-major: index (r*cols + c)*bands + b), with the
 * wavelengths and band names when the file has them (ENVI), and a source description.
 * The data array is shared, not copied.
 */
package dev.hsiq.training.data;

import java.util.List;

public record Cube(int rows, int cols, int bands, float[] data, float[] wavelengths, List<String> bandNames,
                   String source) {

    public Cube {
        if (rows < 0 || cols < 0 || bands < 0 || (long) rows * cols * bands != data.length) {
            throw new IllegalArgumentException("cube " + rows + " x " + cols + " x " + bands + " needs "
                    + (long) rows * cols * bands + " values, got " + data.length);
        }
        if (wavelengths != null && wavelengths.length != bands) {
            throw new IllegalArgumentException(wavelengths.length + " wavelengths for " + bands + " bands");
        }
        if (bandNames != null) {
            bandNames = List.copyOf(bandNames);
        }
    }

    /** Sample (r, c, b). */
    public float get(int r, int c, int b) {
        return data[(r * cols + c) * bands + b];
    }
}
