/*
 * Byte codes -> bit planes (CodePacker, the vector packer): turns the quantized input, or the
 * output of a layer that can only write codes, into the planes a bit-serial layer reads.
 * Units are pixels.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.CodePacker;

final class PackOp extends PlanOp {

    PackOp(String name, MapLayout codes, MapLayout planes) {
        super(name, codes, planes, codes.channels());
        if (codes.kind() != MapLayout.Kind.CODES || planes.kind() != MapLayout.Kind.PLANES
                || codes.channels() != planes.channels() || codes.bits() > planes.bits()) {
            throw new IllegalArgumentException(name + ": cannot pack " + codes + " into " + planes);
        }
    }

    @Override
    Spatial outSize(Spatial inSize) {
        return inSize;
    }

    @Override
    String kernel() {
        return "pack " + out.bits() + " planes";
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        int c = in.channels();
        int stride = out.pixelStride();
        CodePacker.get().packRows(src.bytes, u0 * c, c, u1 - u0, c, out.bits(), dst.words, u0 * stride, stride);
    }
}
