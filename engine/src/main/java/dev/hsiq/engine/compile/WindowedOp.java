/*
 * A plan step that slides a window (kernel size, stride, padding) over its input map: the
 * convolutions of every kernel family and code pooling. Its output size and whether it can
 * run in dense scene mode both follow from the window alone.
 */
package dev.hsiq.engine.compile;

abstract class WindowedOp extends PlanOp {

    final Window window;

    WindowedOp(String name, Window window, MapLayout in, MapLayout out, int outChannels) {
        super(name, in, out, outChannels);
        this.window = window;
    }

    @Override
    final boolean slides() {
        return window.slides();
    }

    @Override
    final Spatial outSize(Spatial inSize) {
        return window.out(inSize);
    }
}
