/*
 * The layers a model spec is built from. A spec is a plain list; shapes follow from the
 * input shape (ModelSpec.shapes). Parameter tensors are named "<layer name>.<param>":
 *
 *   Conv       .weight [out, in, kh, kw], .bias [out]        (conv1d is kh = 1)
 *   Dense      .weight [out, in], .bias [out]                (flattens its CHW input)
 *   BatchNorm  .gamma, .beta, .mean, .var  [channels]
 *   Act        .clip [1]  (step activation clip level a; absent for ReLU)
 *
 * Conv and Dense carry the weight format of the quantized network (FLOAT in a float one);
 * Act carries its activation bits (0 = ReLU, 1..8 = step activation with L = 2^bits - 1).
 * In a spec as written by a user, a null weight format or Act.DEFAULT_BITS means "the
 * network-wide setting"; ModelSpec.resolve replaces them.
 * An output count of {@link #CLASSES} means "the number of classes of the dataset".
 */
package dev.hsiq.engine.model;

public sealed interface LayerSpec {

    /** Placeholder output count replaced by the dataset's class count when a spec is resolved. */
    int CLASSES = -1;

    String name();

    /** Convolution over CHW maps; {@code oneD} only records that the spec said conv1d. */
    record Conv(String name, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                int padH, int padW, boolean oneD, WeightFormat weights) implements LayerSpec {
        public Conv {
            if (outChannels <= 0 && outChannels != CLASSES) {
                throw new IllegalArgumentException(name + ": out channels " + outChannels + " must be positive");
            }
            if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0) {
                throw new IllegalArgumentException(name + ": kernel " + kernelH + "x" + kernelW + ", stride "
                        + strideH + "x" + strideW + ", padding " + padH + "x" + padW + " is not valid");
            }
        }

        public Conv withWeights(WeightFormat w) {
            return new Conv(name, outChannels, kernelH, kernelW, strideH, strideW, padH, padW, oneD, w);
        }

        public Conv withOut(int out) {
            return new Conv(name, out, kernelH, kernelW, strideH, strideW, padH, padW, oneD, weights);
        }
    }

    /** Fully connected layer over the flattened CHW input. */
    record Dense(String name, int outFeatures, WeightFormat weights) implements LayerSpec {
        public Dense {
            if (outFeatures <= 0 && outFeatures != CLASSES) {
                throw new IllegalArgumentException(name + ": out features " + outFeatures + " must be positive");
            }
        }

        public Dense withWeights(WeightFormat w) {
            return new Dense(name, outFeatures, w);
        }
    }

    /** Per-channel batch normalization: y = gamma * (x - mean) / sqrt(var + eps) + beta. */
    record BatchNorm(String name, float eps, float momentum) implements LayerSpec {
        public BatchNorm {
            // eps finite: a JSON value beyond float range (1e47) would otherwise become Infinity
            if (!(eps > 0 && eps < Float.POSITIVE_INFINITY) || !(momentum > 0 && momentum <= 1)) {
                throw new IllegalArgumentException(name + ": eps " + eps + " must be finite and > 0, and momentum "
                        + momentum + " in (0, 1]");
            }
        }
    }

    /** ReLU in a float network (bits = 0), the k-bit step activation in a quantized one. */
    record Act(String name, int bits) implements LayerSpec {
        /** Bits value of an Act whose width is left to the network-wide setting. */
        public static final int DEFAULT_BITS = -1;

        public Act {
            if (bits < DEFAULT_BITS || bits > 8) {
                throw new IllegalArgumentException(name + ": activation bits " + bits + " must be 0 (ReLU) or 1..8");
            }
        }

        public boolean isStep() {
            return bits > 0;
        }

        /** L = 2^bits - 1, the largest code. */
        public int levels() {
            return (1 << bits) - 1;
        }
    }

    /** Max or average pooling with a kernel and stride, no padding (the tail that does not fit is dropped). */
    record Pool(String name, PoolKind kind, int kernelH, int kernelW, int strideH, int strideW, boolean oneD)
            implements LayerSpec {
        public Pool {
            if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0) {
                throw new IllegalArgumentException(name + ": pooling kernel and stride must be positive");
            }
        }
    }

    enum PoolKind { MAX, AVG }

    /** Reshape CHW to (C*H*W) x 1 x 1. Dense layers flatten implicitly; this makes it explicit. */
    record Flatten(String name) implements LayerSpec {
    }

    /** Inverted dropout with drop probability p in training, identity at inference. */
    record Dropout(String name, float p) implements LayerSpec {
        public Dropout {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException(name + ": dropout probability " + p + " must be in [0, 1)");
            }
        }
    }
}
