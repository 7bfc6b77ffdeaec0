/*
 * Scalar reference for LutConv: its "tables" are the codes themselves (widened to shorts, HWC),
 * and conv is a direct integer convolution with the +-1 weights. Fallback and test oracle.
 */
package dev.hsiq.kernels;

final class ScalarLutConv implements LutConv {

    static final ScalarLutConv INSTANCE = new ScalarLutConv();

    private ScalarLutConv() {
    }

    @Override
    public LutWeights prepare(byte[] codes, ConvGeometry g) {
        return new LutWeights(g, codes, null);
    }

    @Override
    public int workspaceSize(ConvGeometry g) {
        return Math.multiplyExact(g.inH() * g.inW(), g.inChannels());
    }

    @Override
    public void tables(ConvGeometry g, byte[] codes, int off, short[] workspace, int pixelStart, int pixelEnd) {
        LutConv.checkTables(g, workspaceSize(g), codes, off, workspace, pixelStart, pixelEnd);
        int c = g.inChannels();
        for (int i = pixelStart * c; i < pixelEnd * c; i++) {
            workspace[i] = (short) (codes[off + i] & 0xFF);
        }
    }

    @Override
    public void conv(ConvGeometry g, LutWeights w, short[] workspace, int outStart, int outEnd,
                     int[] c, int cOff, int ldc) {
        LutConv.checkConv(g, w, workspaceSize(g), workspace, outStart, outEnd, c, cOff, ldc);
        byte[] wt = w.codesShared();
        int ch = g.inChannels();
        for (int p = outStart; p < outEnd; p++) {
            int oy = p / g.outW();
            int ox = p - oy * g.outW();
            for (int o = 0; o < g.outChannels(); o++) {
                int acc = 0;
                for (int i = 0; i < g.kH(); i++) {
                    int iy = oy * g.strideH() - g.padH() + i;
                    if (iy < 0 || iy >= g.inH()) {
                        continue;
                    }
                    for (int j = 0; j < g.kW(); j++) {
                        int ix = ox * g.strideW() - g.padW() + j;
                        if (ix < 0 || ix >= g.inW()) {
                            continue;
                        }
                        int px = (iy * g.inW() + ix) * ch;
                        for (int x = 0; x < ch; x++) {
                            acc += workspace[px + x] * wt[((o * ch + x) * g.kH() + i) * g.kW() + j];
                        }
                    }
                }
                c[cOff + p * ldc + o] = acc;
            }
        }
    }
}
