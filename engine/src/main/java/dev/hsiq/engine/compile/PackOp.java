/*
 * Byte codes -> bit planes (CodePacker, the vector packer): turns the quantized input, or the
 * output of a layer that can only write codes, into the planes a bit-serial layer reads.
 * Units are pixels.
 *
 * With merged tails (MapLayout): the full words go to the first region; each pixel's remainder
 * codes are packed into its tail word (bits 0..R-1), and then, pixel by pixel from left to
 * right, tail_i(p) |= sum_{0 < kx < kw} low_R(tail_i(p + kx)) << (kx * R): the low R bits of a
 * tail are its own remainder whether or not it was merged already, so the merge can run in
 * place (CodePacker.mergeTails, vectorized over the planes, for every pixel but the task's
 * last kw - 1, which this op merges itself); the kw - 1 pixels after a task's range are packed
 * into a scratch instead of read, so a task writes only its own pixels and reads nothing
 * another task writes. The neighbours p + kx may lie in the next map row or sample: such
 * pixels start no window (a window starts at x <= W - kw), so their merged bits are never read.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.CodePacker;

final class PackOp extends PlanOp {

    PackOp(String name, MapLayout codes, MapLayout planes) {
        super(name, codes, planes, codes.channels());
        if (codes.kind() != MapLayout.Kind.CODES || planes.kind() != MapLayout.Kind.PLANES
                || codes.channels() != planes.channels() || codes.bits() > planes.bits()
                || codes.mergedTails() != 1) {
            throw new IllegalArgumentException(name + ": cannot pack " + codes + " into " + planes);
        }
    }

    @Override
    Spatial outSize(Spatial inSize) {
        return inSize;
    }

    @Override
    String kernel() {
        return "pack " + out.bits() + " planes" + (out.mergedTails() > 1 ? ", merge tails" : "");
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        int c = in.channels();
        int bits = out.bits();
        int stride = out.pixelStride();
        CodePacker packer = CodePacker.get();
        int kw = out.mergedTails();
        if (kw == 1) {
            packer.packRows(src.bytes, u0 * c, c, u1 - u0, c, bits, dst.words, u0 * stride, stride);
            return;
        }
        if (u1 == u0) {
            return;
        }
        if (c >= 64) {
            packer.packRows(src.bytes, u0 * c, c, u1 - u0, c / 64 * 64, bits, dst.words, u0 * stride, stride);
        }
        int full = c / 64;
        int rem = c % 64;
        int total = p.n() * p.in().pixels();
        int tails = total * stride;
        int end = Math.min(total, u1 + kw - 1);
        long[] after = ws.window((kw - 1) * bits);
        packer.packRows(src.bytes, u0 * c + 64 * full, c, u1 - u0, rem, bits, dst.words, tails + u0 * stride, stride);
        if (end > u1) {
            packer.packRows(src.bytes, u1 * c + 64 * full, c, end - u1, rem, bits, after, 0, bits);
        }
        // pixels whose kw - 1 neighbours are in this task's range: the vector merge, in place
        int inner = Math.max(u0, u1 - (kw - 1));
        packer.mergeTails(dst.words, tails + u0 * stride, stride, inner - u0, bits, rem, kw);
        long low = (1L << rem) - 1;
        long[] w = dst.words;
        for (int q = inner; q < u1; q++) {
            int word = tails + q * stride;
            for (int kx = 1; kx < kw && q + kx < end; kx++) {
                int shift = kx * rem;
                int next = q + kx;
                if (next < u1) {
                    int from = tails + next * stride;
                    for (int i = 0; i < bits; i++) {
                        w[word + i] |= (w[from + i] & low) << shift;
                    }
                } else {
                    int from = (next - u1) * bits;
                    for (int i = 0; i < bits; i++) {
                        w[word + i] |= after[from + i] << shift;
                    }
                }
            }
        }
    }
}
