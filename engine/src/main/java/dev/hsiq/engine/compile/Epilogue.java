/*
 * What happens to a tile of int32 accumulators acc[r * ldAcc + c] (rows row0..row0+rows-1 of a
 * pass, c < channels) of a quantized conv/dense layer:
 *   hidden layer: the folded thresholds (bias, batch norm and the next step activation, from
 *                 ThresholdFolding exactly as the reference executor folds them) turn them into
 *                 the next layer's input, written straight in the layout it reads: bit planes
 *                 (ThresholdActivation.planes) or byte codes (ThresholdActivation.codes);
 *   last layer:   float logits (float) (alpha_c * acc + delta_c), ChannelAffine.logit, the
 *                 reference's definition of a quantized layer's logits, bit for bit.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.quant.ChannelAffine;
import dev.hsiq.engine.quant.FoldedThresholds;
import dev.hsiq.kernels.ThresholdActivation;
import dev.hsiq.kernels.Thresholds;

sealed interface Epilogue {

    void apply(int[] acc, int ldAcc, int rows, int row0, MapBuffer dst);

    /** The kernels' form of folded thresholds (direction -1 = descending). */
    static Thresholds thresholds(FoldedThresholds f) {
        boolean[] descending = new boolean[f.channels()];
        for (int c = 0; c < descending.length; c++) {
            descending[c] = f.direction(c) < 0;
        }
        return new Thresholds(f.channels(), f.levels(), f.thresholds(), descending);
    }

    /** Hidden layer whose consumer reads bit planes of `bits` planes. */
    record ToPlanes(Thresholds thresholds, int bits) implements Epilogue {
        @Override
        public void apply(int[] acc, int ldAcc, int rows, int row0, MapBuffer dst) {
            int stride = MapLayout.planes(thresholds.channels(), bits).pixelStride();
            ThresholdActivation.get().planes(acc, 0, ldAcc, rows, thresholds, bits, dst.words, row0 * stride, stride);
        }
    }

    /** Hidden layer whose consumer reads byte codes. */
    record ToCodes(Thresholds thresholds) implements Epilogue {
        @Override
        public void apply(int[] acc, int ldAcc, int rows, int row0, MapBuffer dst) {
            int c = thresholds.channels();
            ThresholdActivation.get().codes(acc, 0, ldAcc, rows, thresholds, dst.bytes, row0 * c, c);
        }
    }

    /** Last layer: float logits, [row][channel]. */
    record ToLogits(ChannelAffine affine) implements Epilogue {
        @Override
        public void apply(int[] acc, int ldAcc, int rows, int row0, MapBuffer dst) {
            int channels = affine.channels();
            float[] out = dst.floats;
            for (int r = 0; r < rows; r++) {
                int o = (row0 + r) * channels;
                int a = r * ldAcc;
                for (int c = 0; c < channels; c++) {
                    out[o + c] = affine.logit(c, acc[a + c]);
                }
            }
        }
    }
}
