/*
 * Small synthetic labeled sets for trainer tests: class c has a smooth mean spectrum (a
 * few sinusoids with class-dependent phase) plus per-sample brightness and Gaussian noise;
 * patches repeat the spectrum over a P x P window with spatial noise.
 */
package dev.hsiq.training.train;

import dev.hsiq.engine.model.Shape;

import java.util.Random;

final class SyntheticSets {

    private SyntheticSets() {
    }

    static float mean(int c, int b, int bands) {
        double t = (double) b / bands;
        return (float) (0.5 + 0.25 * Math.sin(2 * Math.PI * (t + 0.23 * c)) + 0.1 * Math.cos(6 * Math.PI * t * (1 + 0.3 * c)));
    }

    static LabeledSamples spectra(int classes, int perClass, int bands, double noise, long seed) {
        Random r = new Random(seed);
        int n = classes * perClass;
        float[] x = new float[n * bands];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            y[i] = c;
            double brightness = 1 + 0.1 * r.nextGaussian();
            for (int b = 0; b < bands; b++) {
                x[i * bands + b] = (float) (brightness * mean(c, b, bands) + noise * r.nextGaussian());
            }
        }
        return new LabeledSamples(x, y, new Shape(1, 1, bands));
    }

    static LabeledSamples patches(int classes, int perClass, int bands, int size, double noise, long seed) {
        Random r = new Random(seed);
        int n = classes * perClass;
        int s = bands * size * size;
        float[] x = new float[n * s];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            y[i] = c;
            for (int b = 0; b < bands; b++) {
                for (int p = 0; p < size * size; p++) {
                    x[i * s + b * size * size + p] = (float) (mean(c, b, bands) + noise * r.nextGaussian());
                }
            }
        }
        return new LabeledSamples(x, y, new Shape(bands, size, size));
    }
}
