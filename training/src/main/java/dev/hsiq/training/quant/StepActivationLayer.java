/*
 * The k-bit step activation as a trainable layer (DESIGN section 1), in place of ReLU in a
 * quantized network. k in 1..8, L = 2^k - 1, clip level a ("<name>.clip", shape [1]).
 *
 * Forward (training and evaluation alike): y = StepActivation(k, a).value(x), the engine's
 * exact float rule (q = Math.round(clip(x, 0, a) * (L / a)), y = q * (a / L)), so the codes
 * this layer produces are the codes the integer engine produces from the same real input.
 *
 * Backward, dL/dx = dL/dy * g(x):
 *   CONSTANT  g(x) = 1 for 0 <= x <= a, else 0                   (clipped straight-through)
 *             With an element-wise gradient scaling delta > 0 (EWGS, Lee et al., CVPR 2021,
 *             with a fixed delta instead of the paper's Hessian-based one), inside [0, a]:
 *               dL/dx = dL/dy * (1 + delta * sign(dL/dy) * e),  e = x / s - round(x / s)
 *             with s = a / L, so e in [-1/2, 1/2] is the rounding error in steps (delta here is
 *             the paper's delta times L, which measures e in units of the clip range). The
 *             update is enlarged where x has further to go before its code changes in the
 *             direction the gradient asks for (x above its level and dL/dy > 0, which asks for a
 *             lower output, or x below its level and dL/dy < 0) and shrunk where x is already
 *             close to that boundary.
 *             The clip gradient keeps the plain g(x).
 *   TANH      g(x) = s'(x), the soft staircase derivative (SoftStaircase) at the sharpness
 *             tau of the TemperatureSchedule for the current training progress, read from a
 *             SoftStaircase.DerivativeTable that is rebuilt whenever tau has moved by more
 *             than TABLE_TOLERANCE (relative) since it was built (a few hundred times per
 *             run instead of at every step).
 * Clip level (ClipMode), in both gradient modes:
 *   LEARNABLE (PACT)  dy/da = 1 where x > a, else 0, so
 *                     dL/da = clipGradientScale * sum over the batch of dL/dy where x > a;
 *   LSQ               dy/da = (y - x * g(x)) / a with y the forward value and g the dL/dx
 *                     factor above (the step s = a / L times the rounding R(x / s), R's
 *                     derivative taken as g): q/L - x/a inside [0, a] for CONSTANT, 1 above
 *                     a, 0 below 0; dL/da = clipGradientScale * sum of dL/dy * dy/da.
 * clipGradientScale (set by the factory, see QatSettings) rescales that sum, which adds up
 * every element of every sample and is therefore far larger than any single weight's
 * gradient; 1 gives PACT's raw gradient.
 *
 * A learnable clip is a trained parameter without weight decay (role BIAS); a fixed clip is
 * state (role RUNNING_STAT: exported, never updated). After an optimizer step the clip could
 * leave (0, inf); forward raises it to MIN_CLIP if it fell below and rejects NaN.
 *
 * Calibration (ClipCalibration) switches the layer to a pass-through mode: forward is then
 * ReLU, optionally recording its inputs, so the clip of this layer can be chosen from the
 * distribution it will quantize.
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.Shape;
import dev.hsiq.engine.quant.StepActivation;
import dev.hsiq.training.nn.Layer;
import dev.hsiq.training.nn.Param;

import java.util.Arrays;
import java.util.List;

public final class StepActivationLayer implements Layer {

    /** The smallest clip level the layer accepts after an update. */
    public static final float MIN_CLIP = 1e-3f;

    /** Relative change of tau that triggers a rebuild of the derivative table. */
    public static final double TABLE_TOLERANCE = 0.005;

    /** What forward does: quantize (normal), or ReLU for calibration (optionally recording inputs). */
    enum Mode { QUANTIZE, RELU, RECORD }

    private final String name;
    private final Shape shape;
    private final int bits;
    private final GradientMode gradientMode;
    private final TemperatureSchedule temperature;
    private final Param clip;
    private final double clipGradientScale;
    private final boolean lsqClip;
    private final float ewgsDelta;
    private double sharpness;
    private SoftStaircase.DerivativeTable table;
    private Mode mode = Mode.QUANTIZE;
    private float[] recorded;
    private int recordedCount;

    private float[] out;
    private float[] gradIn;
    private float[] lastIn;
    private float lastClip;

    public StepActivationLayer(String name, Shape shape, int bits, float initialClip, GradientMode gradientMode,
                               TemperatureSchedule temperature, ClipMode clipMode, double clipGradientScale) {
        this(name, shape, bits, initialClip, gradientMode, temperature, clipMode, clipGradientScale, 0);
    }

    /** As above, with the element-wise gradient scaling delta of the constant gradient (0: none). */
    public StepActivationLayer(String name, Shape shape, int bits, float initialClip, GradientMode gradientMode,
                               TemperatureSchedule temperature, ClipMode clipMode, double clipGradientScale,
                               double ewgsDelta) {
        new StepActivation(bits, initialClip); // validates bits and clip
        if (!(ewgsDelta >= 0 && ewgsDelta < 2)) {
            throw new IllegalArgumentException(name + ": gradient scaling delta " + ewgsDelta + " must be in [0, 2)");
        }
        if (ewgsDelta > 0 && gradientMode != GradientMode.CONSTANT) {
            throw new IllegalArgumentException(name + ": element-wise gradient scaling applies to the constant gradient only");
        }
        if (gradientMode == GradientMode.TANH && temperature == null) {
            throw new IllegalArgumentException(name + ": the tanh gradient needs a temperature schedule");
        }
        if (!(clipGradientScale > 0) || !Double.isFinite(clipGradientScale)) {
            throw new IllegalArgumentException(name + ": clip gradient scale " + clipGradientScale + " must be > 0");
        }
        this.name = name;
        this.shape = shape;
        this.bits = bits;
        this.gradientMode = gradientMode;
        this.temperature = temperature;
        this.clip = new Param(name + ".clip", clipMode.trained() ? Param.Role.BIAS : Param.Role.RUNNING_STAT, 1);
        this.clip.value()[0] = initialClip;
        this.clipGradientScale = clipGradientScale;
        this.lsqClip = clipMode == ClipMode.LSQ;
        this.ewgsDelta = (float) ewgsDelta;
        this.sharpness = temperature == null ? Double.NaN : temperature.sharpness(0);
    }

    public int bits() {
        return bits;
    }

    public GradientMode gradientMode() {
        return gradientMode;
    }

    public Param clip() {
        return clip;
    }

    /** The current clip level a. */
    public float clipLevel() {
        return clip.value()[0];
    }

    /** Sets the clip level (calibration). */
    public void setClipLevel(float a) {
        new StepActivation(bits, a);
        clip.value()[0] = a;
    }

    /** The sharpness of the derivative table backward last used (NaN before the first tanh backward). */
    public double tableSharpness() {
        return table == null ? Double.NaN : table.tau();
    }

    /** The tanh surrogate's current sharpness tau = T * D (NaN in constant mode). */
    public double sharpness() {
        return sharpness;
    }

    /** The engine's step activation at the current clip level. */
    public StepActivation step() {
        return new StepActivation(bits, currentClip());
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
        return List.of(clip);
    }

    @Override
    public void trainingProgress(double fraction) {
        if (temperature != null) {
            sharpness = temperature.sharpness(fraction);
        }
    }

    /**
     * The sharpness the tanh derivative table was built for (backward reuses a table until
     * tau drifts by TABLE_TOLERANCE, so the table in use depends on the run's history and a
     * resumed run must rebuild the same one); null before the first tanh backward.
     */
    @Override
    public long[] checkpointState() {
        return table == null ? null : new long[]{Double.doubleToRawLongBits(table.tau())};
    }

    @Override
    public void restoreCheckpointState(long[] state) {
        if (state == null || state.length != 1) {
            throw new IllegalArgumentException(name + ": the checkpoint state is one long (the table's sharpness)");
        }
        table = new SoftStaircase.DerivativeTable((1 << bits) - 1, Double.longBitsToDouble(state[0]));
    }

    void setMode(Mode m) {
        this.mode = m;
        if (m == Mode.RECORD) {
            recordedCount = 0;
        }
    }

    /** The inputs seen since setMode(RECORD), in order. */
    float[] recorded() {
        return recorded == null ? new float[0] : Arrays.copyOf(recorded, recordedCount);
    }

    private float currentClip() {
        float a = clip.value()[0];
        if (Float.isNaN(a) || a == Float.POSITIVE_INFINITY) {
            throw new IllegalStateException(name + ": clip level became " + a + "; training diverged (lower the "
                    + "learning rate)");
        }
        if (a < MIN_CLIP) {
            a = MIN_CLIP;
            clip.value()[0] = a;
        }
        return a;
    }

    @Override
    public float[] forward(float[] in, int batch, boolean training) {
        if (batch <= 0 || (long) batch * shape.size() > in.length) {
            throw new IllegalArgumentException(name + ": a batch of " + batch + " x " + shape + " does not fit "
                    + in.length + " input values");
        }
        int n = batch * shape.size();
        if (out == null || out.length < n) {
            out = new float[n];
        }
        lastIn = in;
        if (mode != Mode.QUANTIZE) {
            if (mode == Mode.RECORD) {
                record(in, n);
            }
            for (int i = 0; i < n; i++) {
                out[i] = Math.max(in[i], 0f);
            }
            return out;
        }
        StepActivation step = new StepActivation(bits, currentClip());
        lastClip = step.clip();
        for (int i = 0; i < n; i++) {
            out[i] = step.value(in[i]);
        }
        return out;
    }

    private void record(float[] in, int n) {
        if (recorded == null || recorded.length < recordedCount + n) {
            recorded = Arrays.copyOf(recorded == null ? new float[0] : recorded,
                    Math.max(recordedCount + n, 2 * recordedCount));
        }
        System.arraycopy(in, 0, recorded, recordedCount, n);
        recordedCount += n;
    }

    @Override
    public float[] backward(float[] gradOut, int batch) {
        if (mode != Mode.QUANTIZE) {
            throw new IllegalStateException(name + ": backward during calibration");
        }
        int n = batch * shape.size();
        if (gradIn == null || gradIn.length < n) {
            gradIn = new float[n];
        }
        float a = lastClip;
        double clipSum = 0;
        if (gradientMode == GradientMode.CONSTANT) {
            if (lsqClip) {
                // y = out[i]: forward's staircase value at this clip (the next layer only reads it)
                for (int i = 0; i < n; i++) {
                    float x = lastIn[i];
                    boolean inside = x >= 0f && x <= a;
                    gradIn[i] = inside ? gradOut[i] : 0f;
                    if (inside) {
                        clipSum += gradOut[i] * ((double) out[i] - x) / a;
                    } else if (x > a) {
                        clipSum += gradOut[i];
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float x = lastIn[i];
                    gradIn[i] = x >= 0f && x <= a ? gradOut[i] : 0f;
                    if (x > a) {
                        clipSum += gradOut[i];
                    }
                }
            }
            if (ewgsDelta > 0) {
                scaleElementWise(n, a);
            }
        } else {
            int levels = (1 << bits) - 1;
            if (table == null || Math.abs(sharpness / table.tau() - 1) > TABLE_TOLERANCE) {
                table = new SoftStaircase.DerivativeTable(levels, sharpness);
            }
            SoftStaircase.DerivativeTable t = table;
            float perUnit = levels / a;
            if (lsqClip) {
                for (int i = 0; i < n; i++) {
                    float x = lastIn[i];
                    float gx = t.at(x, perUnit);
                    gradIn[i] = gradOut[i] * gx;
                    clipSum += gradOut[i] * ((double) out[i] - (double) x * gx) / a;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float x = lastIn[i];
                    gradIn[i] = gradOut[i] * t.at(x, perUnit);
                    if (x > a) {
                        clipSum += gradOut[i];
                    }
                }
            }
        }
        if (clip.trainable()) {
            clip.grad()[0] += (float) (clipGradientScale * clipSum);
        }
        return gradIn;
    }

    /** EWGS on the constant gradient (file comment): gradIn *= 1 + delta sign(gradIn) e inside [0, a]. */
    private void scaleElementWise(int n, float a) {
        float perUnit = ((1 << bits) - 1) / a;
        for (int i = 0; i < n; i++) {
            float g = gradIn[i];
            if (g != 0f) { // zero outside [0, a] (and where dL/dy is zero)
                float v = lastIn[i] * perUnit;
                float e = v - Math.round(v);
                gradIn[i] = g * (1 + ewgsDelta * Math.signum(g) * e);
            }
        }
    }
}
