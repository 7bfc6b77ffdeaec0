/*
 * The inputs of an EngineProbe: a batch of raw test samples and, for scene studies, the
 * scene cube, passed from the reproduction to the probe's JVM through a file.
 *
 * Layout (little-endian): magic "HSIQPRB1", int32 count, sampleLength, rows, cols, bands
 * (rows = cols = bands = 0 without a scene), then count x sampleLength float32 samples and
 * rows x cols x bands float32 scene values. The file is the reproduction's own scratch
 * (written atomically, read back by its child process); a file of another size is refused.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

public record ProbeInput(float[] samples, int count, int sampleLength, EngineSpeed.Cube scene) {

    private static final byte[] MAGIC = "HSIQPRB1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 5 * 4;

    public void write(Path file) {
        int rows = scene == null ? 0 : scene.rows();
        int cols = scene == null ? 0 : scene.cols();
        int bands = scene == null ? 0 : scene.bands();
        long values = (long) count * sampleLength + (long) rows * cols * bands;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(HEADER + 4 * values)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(count).putInt(sampleLength).putInt(rows).putInt(cols).putInt(bands);
        b.asFloatBuffer().put(samples, 0, count * sampleLength);
        b.position(b.position() + 4 * count * sampleLength);
        if (scene != null) {
            b.asFloatBuffer().put(scene.values(), 0, rows * cols * bands);
        }
        AtomicFiles.write(file, b.array());
    }

    public static ProbeInput read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) {
                throw new BadFileException(file, "header", "file of " + size + " bytes is shorter than the header");
            }
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read fully
            }
            b.flip();
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new BadFileException(file, "magic", "not a probe input file");
            }
            int count = b.getInt();
            int len = b.getInt();
            int rows = b.getInt();
            int cols = b.getInt();
            int bands = b.getInt();
            long values = (long) count * len + (long) rows * cols * bands;
            if (count < 1 || len < 1 || rows < 0 || cols < 0 || bands < 0 || HEADER + 4 * values != size) {
                throw new BadFileException(file, "header", "sizes " + count + " x " + len + ", scene " + rows + " x "
                        + cols + " x " + bands + " do not match the file's " + size + " bytes");
            }
            float[] samples = new float[count * len];
            b.asFloatBuffer().get(samples);
            b.position(b.position() + 4 * samples.length);
            EngineSpeed.Cube scene = null;
            if (rows > 0) {
                float[] cube = new float[rows * cols * bands];
                b.asFloatBuffer().get(cube);
                scene = new EngineSpeed.Cube(cube, rows, cols, bands);
            }
            return new ProbeInput(samples, count, len, scene);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
