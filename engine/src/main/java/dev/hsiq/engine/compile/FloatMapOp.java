/*
 * The elementwise and pooling steps of the float plan that are not folded into a conv/dense
 * layer, on CHW float maps, as the reference float forward computes them:
 *   batch norm  (float) (g_c (x - mean_c) + beta_c) in double (per channel, or per feature
 *               when it follows a flatten: feature = c * h * w + pixel);
 *   activation  ReLU or step value;
 *   pooling     max, or mean in double of the window, no padding, tail dropped.
 * Units are channel planes (sample, channel), in both modes.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.quant.ChannelAffine;

final class FloatMapOp extends PlanOp {

    enum Kind { BATCH_NORM, ACTIVATION, MAX_POOL, AVG_POOL }

    private final Kind kind;
    private final ChannelAffine.BatchNorm batchNorm;
    private final boolean perFeature;
    private final FloatActivation activation;
    private final Window window;

    private FloatMapOp(String name, int channels, Kind kind, ChannelAffine.BatchNorm batchNorm, boolean perFeature,
                       FloatActivation activation, Window window) {
        super(name, MapLayout.floats(channels), MapLayout.floats(channels), channels);
        this.kind = kind;
        this.batchNorm = batchNorm;
        this.perFeature = perFeature;
        this.activation = activation;
        this.window = window;
    }

    static FloatMapOp batchNorm(String name, int channels, ChannelAffine.BatchNorm bn, boolean perFeature) {
        return new FloatMapOp(name, channels, Kind.BATCH_NORM, bn, perFeature, null, null);
    }

    static FloatMapOp activation(String name, int channels, FloatActivation a) {
        return new FloatMapOp(name, channels, Kind.ACTIVATION, null, false, a, null);
    }

    static FloatMapOp pool(String name, int channels, LayerSpec.PoolKind kind, Window window) {
        return new FloatMapOp(name, channels, kind == LayerSpec.PoolKind.MAX ? Kind.MAX_POOL : Kind.AVG_POOL, null,
                false, null, window);
    }

    @Override
    boolean slides() {
        return window != null ? window.slides() : !perFeature;
    }

    @Override
    Spatial outSize(Spatial inSize) {
        return window == null ? inSize : window.out(inSize);
    }

    @Override
    String kernel() {
        return switch (kind) {
            case BATCH_NORM -> "batch norm";
            case ACTIVATION -> activation.toString();
            case MAX_POOL -> "max pool";
            case AVG_POOL -> "average pool";
        };
    }

    @Override
    int units(Pass p) {
        return p.n() * in.channels();
    }

    @Override
    void run(MapBuffer src, MapBuffer dst, Pass p, int u0, int u1, Workspace ws) {
        Spatial inSize = p.in();
        Spatial os = outSize(inSize);
        int plane = inSize.pixels();
        int outPlane = os.pixels();
        int channels = in.channels();
        for (int u = u0; u < u1; u++) {
            int c = u % channels;
            int from = u * plane;
            int to = u * outPlane;
            switch (kind) {
                case BATCH_NORM -> {
                    for (int i = 0; i < plane; i++) {
                        int f = perFeature ? c * plane + i : c;
                        dst.floats[to + i] = (float) batchNorm.apply(f, src.floats[from + i]);
                    }
                }
                case ACTIVATION -> {
                    System.arraycopy(src.floats, from, dst.floats, to, plane);
                    activation.apply(dst.floats, to, to + plane);
                }
                case MAX_POOL, AVG_POOL -> pool(src.floats, from, inSize, dst.floats, to, os);
            }
        }
    }

    private void pool(float[] in, int from, Spatial inSize, float[] out, int to, Spatial os) {
        int area = window.taps();
        for (int oy = 0; oy < os.h(); oy++) {
            for (int ox = 0; ox < os.w(); ox++) {
                float max = Float.NEGATIVE_INFINITY;
                double sum = 0;
                for (int ky = 0; ky < window.kh(); ky++) {
                    for (int kx = 0; kx < window.kw(); kx++) {
                        float v = in[from + (oy * window.sh() + ky) * inSize.w() + ox * window.sw() + kx];
                        max = Math.max(max, v);
                        sum += v;
                    }
                }
                out[to + oy * os.w() + ox] = kind == Kind.MAX_POOL ? max : (float) (sum / area);
            }
        }
    }
}
