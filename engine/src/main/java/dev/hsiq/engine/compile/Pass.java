/*
 * One forward pass through a plan's ops: n samples whose maps have spatial size `in` at the
 * op being run; `scene` is set in dense scene mode (one sample, the padded scene), where ops
 * split their work over output pixels instead of samples.
 */
package dev.hsiq.engine.compile;

record Pass(int n, Spatial in, boolean scene) {

    Pass next(Spatial out) {
        return new Pass(n, out, scene);
    }
}
