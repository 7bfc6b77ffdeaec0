/*
 * When a patch network can classify a whole scene in one dense pass, and why that pass gives
 * every pixel exactly the labels of per-patch inference (DESIGN section 2).
 *
 * Per-patch inference classifies pixel (r, c) from its P x P patch, cut from the scene with
 * mirror padding (MirrorPadding, numpy "reflect"): patch[y][x] = S[reflect(r - m + y)]
 * [reflect(c - m + x)], m = P / 2. Let S' be the scene padded by m on every side with the same
 * rule, S'[i][j] = S[reflect(i - m)][reflect(j - m)]. Then patch(r, c) is exactly the block
 * S'[r .. r + P - 1][c .. c + P - 1], for border pixels too (the padding IS the mirror).
 *
 * Now take a network whose every layer slides: convolutions and poolings with stride 1 and
 * no padding, elementwise steps (input quantization, batch norm and activations per channel,
 * thresholds), and dense layers, each of which is the convolution whose kernel covers its
 * input map (h x w of the patch network; its weight [out, C*h*w] is the conv weight
 * [out, C, h, w]), then a 1 x 1 output. A sliding layer's output at position (i, j) depends
 * only on its input block at (i, j) and is computed the same way at every position. By
 * induction over the layers, running the network on S' gives, at every position (r, c),
 * exactly what it gives on the block of S' at (r, c): each output value is computed from the
 * same input values with the same weights, the same reduction order (integer sums are exact
 * anyway) and the same per-channel epilogue. The output map of S' is rows x cols (each
 * layer shrinks a map by kernel - 1, P - 1 = 2m in total), and its (r, c) entry is the logits
 * of patch(r, c): identical labels, identical logits, on every pixel.
 *
 * Cost: per-patch inference recomputes every overlapping window (patch-cnn: 7.4 M MACs per
 * pixel at B = 200); the dense pass computes each feature once, about 20 times fewer MACs
 * (conv1 runs on (rows + 6) x (cols + 6) positions instead of 49 per pixel).
 *
 * Not dense-equivalent (per-patch inference over the scene is used instead): strides, padding
 * (zeros at a patch border are real neighbours in the scene), a batch norm applied per feature
 * after a flatten, and spectral models (their scene is simply every pixel's spectrum).
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.ModelSpec;

import java.util.List;

final class DenseScene {

    private DenseScene() {
    }

    /** Whether the plan's ops can run over a whole padded scene with per-patch results. */
    static boolean applies(ModelSpec spec, List<PlanOp> ops) {
        if (spec.input() != ModelSpec.InputKind.PATCH) {
            return false;
        }
        for (PlanOp op : ops) {
            if (!op.slides()) {
                return false;
            }
        }
        return true;
    }
}
