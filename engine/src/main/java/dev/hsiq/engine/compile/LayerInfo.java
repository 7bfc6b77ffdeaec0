/*
 * One step of a compiled plan as reports and `hsiq bench engine` describe it: the layer(s) it
 * runs, the kernel, the layouts it reads and writes, and its multiply-accumulates per output
 * pixel.
 */
package dev.hsiq.engine.compile;

public record LayerInfo(String name, String kernel, String input, String output, long macsPerPixel) {

    @Override
    public String toString() {
        return name + ": " + kernel + " (" + input + " -> " + output + ")";
    }
}
