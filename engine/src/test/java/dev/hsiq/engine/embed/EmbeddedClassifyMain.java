/*
 * A minimal embedding program for the runtime tests: loads a model file with HsiClassifier,
 * classifies a raw little-endian float32 BIP scene, and writes the labels (int32) and logits
 * (float32), little-endian, to an output file. Prints the kernels' vectorization decision.
 *   java -cp engine:kernels:this dev.hsiq.engine.embed.EmbeddedClassifyMain MODEL SCENE ROWS COLS BANDS OUT
 * Uses nothing but java.base and the two hsiq jars' classes.
 */
package dev.hsiq.engine.embed;

import dev.hsiq.engine.Classification;
import dev.hsiq.engine.HsiClassifier;
import dev.hsiq.kernels.Vectorization;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

public final class EmbeddedClassifyMain {

    private EmbeddedClassifyMain() {
    }

    public static void main(String[] args) throws IOException {
        HsiClassifier clf = HsiClassifier.load(Path.of(args[0])).withThreads(2);
        int rows = Integer.parseInt(args[2]);
        int cols = Integer.parseInt(args[3]);
        int bands = Integer.parseInt(args[4]);
        float[] cube = readFloats(Path.of(args[1]));
        Classification c = clf.classifySceneWithLogits(cube, rows, cols, bands);
        ByteBuffer out = ByteBuffer.allocate(4 * (c.labels().length + c.logits().length)).order(ByteOrder.LITTLE_ENDIAN);
        for (int l : c.labels()) out.putInt(l);
        for (float f : c.logits()) out.putFloat(f);
        Files.write(Path.of(args[5]), out.array());
        System.out.println(Vectorization.decision());
    }

    static float[] readFloats(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    static void writeFloats(Path p, float[] f) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(f);
        Files.write(p, b.array());
    }
}
