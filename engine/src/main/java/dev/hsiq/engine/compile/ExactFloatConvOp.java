/*
 * A conv or dense layer with FLOAT weights inside a quantized network: the reference's
 * documented fallback (not integer-only), computed exactly as ReferenceExecutor computes it so
 * that the compiled engine stays bit-identical:
 *   x = q * D_in (float, StepActivation.valueOf of the producer), z = b + sum w * x with the
 *   products summed in double in the reference's order (input channel, kernel row, kernel
 *   column; positions outside the map skipped), then
 *   hidden: v = batch norm of z in double, q_out = next.code((float) v)   -> byte codes
 *   last:   logit = (float) (sum + b)                                    -> logits
 * Plain loops (a float GEMM would sum in another order and round differently, which can move a
 * code across a step boundary); this path is slow and is never chosen when quantized weights
 * are available.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.quant.ChannelAffine;
import dev.hsiq.engine.quant.StepActivation;

final class ExactFloatConvOp extends WindowedOp {

    private final float[] weights;
    private final float[] bias;
    private final ChannelAffine.BatchNorm batchNorm;
    private final StepActivation next;
    private final float[] values;

    /** next == null: the last layer (logits). */
    ExactFloatConvOp(String name, Window window, MapLayout in, MapLayout out, int outChannels, float[] weights,
                     float[] bias, ChannelAffine.BatchNorm batchNorm, StepActivation producer, StepActivation next) {
        super(name, window, in, out, outChannels);
        if (in.kind() != MapLayout.Kind.CODES || (out != null && out.kind() != MapLayout.Kind.CODES)) {
            throw new IllegalArgumentException(name + ": exact float layers read and write byte codes");
        }
        this.weights = weights.clone();
        this.bias = bias == null ? null : bias.clone();
        this.batchNorm = batchNorm;
        this.next = next;
        this.values = new float[producer.levels() + 1];
        for (int q = 0; q < values.length; q++) {
            values[q] = producer.valueOf(q);
        }
    }

    @Override
    String kernel() {
        return "exact float (double sums)";
    }

    @Override
    long macsPerPixel() {
        return (long) in.channels() * window.taps() * outChannels;
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        Spatial inSize = p.in();
        Spatial os = window.out(inSize);
        int outPixels = os.pixels();
        int c = in.channels();
        int sampleStride = in.sampleStride(inSize);
        int kh = window.kh();
        int kw = window.kw();
        byte[] codes = src.bytes;
        for (int r = u0; r < u1; r++) {
            int s = r / outPixels;
            int q = r - s * outPixels;
            int oy = q / os.w();
            int ox = q % os.w();
            int base = s * sampleStride;
            for (int o = 0; o < outChannels; o++) {
                double sum = 0;
                for (int ch = 0; ch < c; ch++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * window.sh() - window.ph() + ky;
                        if (iy < 0 || iy >= inSize.h()) continue;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * window.sw() - window.pw() + kx;
                            if (ix < 0 || ix >= inSize.w()) continue;
                            float x = values[codes[base + (iy * inSize.w() + ix) * c + ch] & 0xFF];
                            sum += (double) x * weights[((o * c + ch) * kh + ky) * kw + kx];
                        }
                    }
                }
                double z = sum + (bias == null ? 0.0 : bias[o]);
                if (next == null) {
                    dst.floats[r * outChannels + o] = (float) z;
                } else {
                    double v = batchNorm == null ? z : batchNorm.apply(o, z);
                    dst.bytes[r * outChannels + o] = (byte) next.code((float) v);
                }
            }
        }
    }
}
