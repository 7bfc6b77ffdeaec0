/*
 * A feature-map shape: channels x height x width, stored channel-major (CHW).
 * A spectrum is 1 x 1 x bands; a patch is bands x size x size; a dense layer's output is
 * n x 1 x 1. One-dimensional layers run along the width.
 */
package dev.hsiq.engine.model;

public record Shape(int channels, int height, int width) {

    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape " + channels + " x " + height + " x " + width
                    + " has a non-positive dimension");
        }
    }

    public int size() {
        return Math.multiplyExact(Math.multiplyExact(channels, height), width);
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
