/*
 * Max pooling on codes (byte codes or bit planes, CodePooling): the step activation is
 * monotone, so pooling its codes equals pooling its values (DESIGN section 1). Works per
 * sample (units are samples).
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.CodePooling;
import dev.hsiq.kernels.ConvGeometry;

final class CodePoolOp extends WindowedOp {


    CodePoolOp(String name, Window window, MapLayout layout) {
        super(name, window, layout, layout, layout.channels());
        if (layout.kind() == MapLayout.Kind.FLOATS) {
            throw new IllegalArgumentException(name + ": code pooling needs codes or planes");
        }
    }

    @Override
    String kernel() {
        return in.kind() == MapLayout.Kind.PLANES ? "max pool on planes" : "max pool on codes";
    }

    @Override
    int units(Pass p) {
        return p.n();
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        Spatial os = window.out(p.in());
        ConvGeometry g = window.geometry(in.channels(), in.channels(), p.in());
        int inSample = in.sampleStride(p.in());
        int outSample = out.sampleStride(os);
        for (int s = u0; s < u1; s++) {
            if (in.kind() == MapLayout.Kind.PLANES) {
                CodePooling.maxPlanes(g, in.bits(), src.words, s * inSample, in.pixelStride(), dst.words,
                        s * outSample, out.pixelStride());
            } else {
                CodePooling.maxCodes(g, src.bytes, s * inSample, dst.bytes, s * outSample);
            }
        }
    }
}
