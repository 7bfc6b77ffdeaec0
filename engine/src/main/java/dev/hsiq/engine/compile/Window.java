/*
 * The sliding window of a conv, dense or pooling layer, independent of the input size, so
 * that one compiled layer serves per-sample inference (a P x P patch, a 1 x B spectrum) and
 * dense scene mode (the whole padded scene) alike. A dense layer is the window that covers
 * its input map: kernel = the map's h x w in the patch network, no stride, no padding (its
 * weight [out, C*h*w] is exactly the conv weight [out, C, h, w]).
 *   out = (in + 2 pad - kernel) / stride + 1   per dimension (the tail is dropped)
 */
package dev.hsiq.engine.compile;

import dev.hsiq.kernels.ConvGeometry;

record Window(int kh, int kw, int sh, int sw, int ph, int pw) {

    Window {
        if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException("window " + kh + "x" + kw + " stride " + sh + "x" + sw + " padding "
                    + ph + "x" + pw + " is not valid");
        }
    }

    /** The window of a dense layer over an h x w map. */
    static Window whole(Spatial in) {
        return new Window(in.h(), in.w(), 1, 1, 0, 0);
    }

    Spatial out(Spatial in) {
        if (in.h() + 2 * ph < kh || in.w() + 2 * pw < kw) {
            throw new IllegalArgumentException("a " + kh + "x" + kw + " window does not fit a " + in + " map");
        }
        return new Spatial((in.h() + 2 * ph - kh) / sh + 1, (in.w() + 2 * pw - kw) / sw + 1);
    }

    int taps() {
        return kh * kw;
    }

    /** 1 x 1, stride 1, no padding: output pixel p reads input pixel p only. */
    boolean pointwise() {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
    }

    /** One output pixel whose window is the whole input map in pixel order (a dense layer in per-sample mode). */
    boolean covers(Spatial in) {
        return kh == in.h() && kw == in.w() && ph == 0 && pw == 0;
    }

    /** No stride and no padding: the layer commutes with sliding over a larger map (dense scene mode). */
    boolean slides() {
        return sh == 1 && sw == 1 && ph == 0 && pw == 0;
    }

    ConvGeometry geometry(int inChannels, int outChannels, Spatial in) {
        return new ConvGeometry(inChannels, in.h(), in.w(), outChannels, kh, kw, sh, sw, ph, pw);
    }

    @Override
    public String toString() {
        return kh + "x" + kw + (sh != 1 || sw != 1 ? " stride " + sh + "x" + sw : "")
                + (ph != 0 || pw != 0 ? " pad " + ph + "x" + pw : "");
    }
}
