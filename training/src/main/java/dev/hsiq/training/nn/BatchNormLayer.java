/*
 * Per-channel batch normalization over the batch and all spatial positions of a CHW map
 * (a dense layer's output is C x 1 x 1). With M = batch * H * W values per channel c:
 *
 *   training:  mu = mean(x), var = mean((x - mu)^2)          (biased, over the batch)
 *              xhat = (x - mu) / sqrt(var + eps),  y = gamma * xhat + beta
 *              running_mean = (1 - m) running_mean + m mu
 *              running_var  = (1 - m) running_var  + m var * M / (M - 1)   (unbiased)
 *   eval:      y = gamma * (x - running_mean) / sqrt(running_var + eps) + beta
 *
 * Backward (training), with g = dL/dy:
 *   dgamma = sum g xhat,  dbeta = sum g,
 *   dx = gamma / sqrt(var + eps) * (g - dbeta / M - xhat * dgamma / M)
 * and in eval mode (statistics are constants) dx = gamma / sqrt(running_var + eps) * g.
 * Channel sums are accumulated in double.
 *
 * Parameters: "<name>.gamma", "<name>.beta" (trained), "<name>.mean", "<name>.var" (state).
 *
 * Frozen statistics (setStatisticsFrozen(true), off by default): training steps normalize with
 * the running statistics, which stop updating, exactly as in eval mode (quantization-aware
 * fine-tuning freezes them for its last epochs, training/QAT.md).
 */
package dev.hsiq.training.nn;

import dev.hsiq.engine.model.Shape;

import java.util.Arrays;
import java.util.List;

public final class BatchNormLayer implements Layer {

    private final String name;
    private final Shape shape;
    private final int channels;
    private final int positions;
    private final float eps;
    private final float momentum;
    private final Param gamma;
    private final Param beta;
    private final Param runningMean;
    private final Param runningVar;
    private final float[] invStd;
    private boolean needsInputGradient = true;

    private float[] out;
    private float[] xhat;
    private float[] gradIn;
    private boolean lastTraining;
    private boolean frozen;

    public BatchNormLayer(String name, Shape shape, float eps, float momentum) {
        if (!(eps > 0) || !(momentum > 0 && momentum <= 1)) {
            throw new IllegalArgumentException(name + ": eps " + eps + " must be > 0 and momentum " + momentum
                    + " in (0, 1]");
        }
        this.name = name;
        this.shape = shape;
        this.channels = shape.channels();
        this.positions = shape.height() * shape.width();
        this.eps = eps;
        this.momentum = momentum;
        this.gamma = new Param(name + ".gamma", Param.Role.BN_GAMMA, channels);
        this.beta = new Param(name + ".beta", Param.Role.BN_BETA, channels);
        this.runningMean = new Param(name + ".mean", Param.Role.RUNNING_STAT, channels);
        this.runningVar = new Param(name + ".var", Param.Role.RUNNING_STAT, channels);
        Arrays.fill(gamma.value(), 1f);
        Arrays.fill(runningVar.value(), 1f);
        this.invStd = new float[channels];
    }

    public Param gamma() {
        return gamma;
    }

    public Param beta() {
        return beta;
    }

    public Param runningMean() {
        return runningMean;
    }

    public Param runningVar() {
        return runningVar;
    }

    public float eps() {
        return eps;
    }

    public float momentum() {
        return momentum;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta, runningMean, runningVar);
    }

    /** Whether training steps use (and keep) the running statistics instead of the batch's. */
    public void setStatisticsFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    public boolean statisticsFrozen() {
        return frozen;
    }

    @Override
    public void setNeedsInputGradient(boolean needed) {
        this.needsInputGradient = needed;
    }

    @Override
    public float[] forward(float[] in, int batch, boolean training) {
        Buffers.checkInput(this, in, batch);
        long total = (long) batch * shape.size();
        out = Buffers.ensure(out, total);
        xhat = Buffers.ensure(xhat, total);
        training = training && !frozen;
        lastTraining = training;
        int size = shape.size();
        float[] g = gamma.value();
        float[] b = beta.value();
        float[] rm = runningMean.value();
        float[] rv = runningVar.value();
        long m = (long) batch * positions;
        for (int c = 0; c < channels; c++) {
            float mean;
            float inv;
            if (training) {
                double sum = 0;
                for (int n = 0; n < batch; n++) {
                    int base = n * size + c * positions;
                    for (int p = 0; p < positions; p++) {
                        sum += in[base + p];
                    }
                }
                double mu = sum / m;
                double sq = 0;
                for (int n = 0; n < batch; n++) {
                    int base = n * size + c * positions;
                    for (int p = 0; p < positions; p++) {
                        double d = in[base + p] - mu;
                        sq += d * d;
                    }
                }
                double var = sq / m;
                mean = (float) mu;
                inv = (float) (1.0 / Math.sqrt(var + eps));
                double unbiased = m > 1 ? var * m / (m - 1) : var;
                rm[c] = (float) ((1 - momentum) * rm[c] + momentum * mu);
                rv[c] = (float) ((1 - momentum) * rv[c] + momentum * unbiased);
            } else {
                mean = rm[c];
                inv = (float) (1.0 / Math.sqrt((double) rv[c] + eps));
            }
            invStd[c] = inv;
            float gc = g[c];
            float bc = b[c];
            for (int n = 0; n < batch; n++) {
                int base = n * size + c * positions;
                for (int p = 0; p < positions; p++) {
                    float xh = (in[base + p] - mean) * inv;
                    xhat[base + p] = xh;
                    out[base + p] = gc * xh + bc;
                }
            }
        }
        return out;
    }

    @Override
    public float[] backward(float[] gradOut, int batch) {
        int size = shape.size();
        if (needsInputGradient) {
            gradIn = Buffers.ensure(gradIn, (long) batch * size);
        }
        float[] g = gamma.value();
        float[] dGamma = gamma.grad();
        float[] dBeta = beta.grad();
        long m = (long) batch * positions;
        for (int c = 0; c < channels; c++) {
            double sumG = 0;
            double sumGx = 0;
            for (int n = 0; n < batch; n++) {
                int base = n * size + c * positions;
                for (int p = 0; p < positions; p++) {
                    float go = gradOut[base + p];
                    sumG += go;
                    sumGx += (double) go * xhat[base + p];
                }
            }
            dGamma[c] += (float) sumGx;
            dBeta[c] += (float) sumG;
            if (!needsInputGradient) {
                continue;
            }
            float scale = g[c] * invStd[c];
            if (lastTraining) {
                float meanG = (float) (sumG / m);
                float meanGx = (float) (sumGx / m);
                for (int n = 0; n < batch; n++) {
                    int base = n * size + c * positions;
                    for (int p = 0; p < positions; p++) {
                        gradIn[base + p] = scale * (gradOut[base + p] - meanG - xhat[base + p] * meanGx);
                    }
                }
            } else {
                for (int n = 0; n < batch; n++) {
                    int base = n * size + c * positions;
                    for (int p = 0; p < positions; p++) {
                        gradIn[base + p] = scale * gradOut[base + p];
                    }
                }
            }
        }
        return needsInputGradient ? gradIn : null;
    }
}
