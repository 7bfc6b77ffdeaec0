/*
 * A quantized conv or dense layer with binary weights on the table-lookup convolution
 * (LutConv, T-MAC style: per input pixel, tables of subset sums of small channel groups,
 * looked up by the weight bits; one table serves every window that reads its pixel).
 * Reads byte codes of any width up to 8 bits.
 *
 * Tables belong to a sample's input pixels, so the work is cut along them: in per-sample mode
 * a unit is a sample (tables for its map, then all its output pixels); in dense scene mode a
 * unit is an output row of the scene, and a run covers strips of output rows, each the
 * convolution of the input rows under it (kh - 1 rows of halo, tables rebuilt for them; scene
 * mode has no stride and no padding, so a strip is an ordinary smaller convolution). LutConv
 * prepares weights for one geometry; strips have a few heights, each prepared once and cached.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.ConvGeometry;
import dev.hsiq.kernels.LutConv;
import dev.hsiq.kernels.LutWeights;

import java.util.concurrent.ConcurrentHashMap;

final class LutConvOp extends WindowedOp {

    /** Output rows per strip in scene mode. */
    private static final int STRIP = 8;

    private final byte[] codes;
    private final Epilogue epilogue;
    private final ConcurrentHashMap<ConvGeometry, LutWeights> prepared = new ConcurrentHashMap<>();

    LutConvOp(String name, Window window, MapLayout in, MapLayout out, byte[] binaryCodes, int outChannels,
              Epilogue epilogue) {
        super(name, window, in, out, outChannels);
        if (in.kind() != MapLayout.Kind.CODES) {
            throw new IllegalArgumentException(name + ": the lookup convolution reads byte codes, not " + in);
        }
        this.codes = binaryCodes.clone();
        this.epilogue = epilogue;
    }

    @Override
    String kernel() {
        return "table lookup a" + in.bits() + "w1";
    }

    @Override
    long macsPerPixel() {
        return (long) in.channels() * window.taps() * outChannels;
    }

    @Override
    int units(Pass p) {
        return p.scene() ? window.out(p.in()).h() : p.n();
    }

    private LutWeights weightsFor(ConvGeometry g) {
        return prepared.computeIfAbsent(g, key -> LutConv.get().prepare(codes, key));
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        LutConv lut = LutConv.get();
        Spatial inSize = p.in();
        Spatial os = window.out(inSize);
        int c = in.channels();
        if (!p.scene()) {
            ConvGeometry g = window.geometry(c, outChannels, inSize);
            LutWeights w = weightsFor(g);
            short[] tables = ws.lut(lut.workspaceSize(g));
            int outPixels = os.pixels();
            int[] acc = ws.acc(outPixels * outChannels);
            int sampleStride = in.sampleStride(inSize);
            for (int s = u0; s < u1; s++) {
                lut.tables(g, src.bytes, s * sampleStride, tables, 0, inSize.pixels());
                lut.conv(g, w, tables, 0, outPixels, acc, 0, outChannels);
                epilogue.apply(acc, outChannels, outPixels, s * outPixels, dst);
            }
            return;
        }
        if (!window.slides()) {
            throw new IllegalStateException(name + ": dense scene mode needs stride 1 and no padding");
        }
        for (int y0 = u0; y0 < u1; y0 += STRIP) {
            int y1 = Math.min(u1, y0 + STRIP);
            ConvGeometry g = new ConvGeometry(c, y1 - y0 + window.kh() - 1, inSize.w(), outChannels, window.kh(),
                    window.kw(), 1, 1, 0, 0);
            LutWeights w = weightsFor(g);
            short[] tables = ws.lut(lut.workspaceSize(g));
            int rows = g.outPixels();
            int[] acc = ws.acc(rows * outChannels);
            lut.tables(g, src.bytes, y0 * inSize.w() * c, tables, 0, g.inH() * g.inW());
            lut.conv(g, w, tables, 0, rows, acc, 0, outChannels);
            epilogue.apply(acc, outChannels, rows, y0 * os.w(), dst);
        }
    }
}
