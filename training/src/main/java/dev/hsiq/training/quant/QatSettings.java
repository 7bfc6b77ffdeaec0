/*
 * How the layers of a quantized network train (everything but the optimizer and schedule,
 * which stay in TrainConfig):
 *
 *   quant          bit widths: --bits A/W, --input-bits, --last-layer (QuantSettings);
 *                  per-layer overrides come from the model spec (ModelSpec.resolve)
 *   gradient       --grad constant | tanh (GradientMode)
 *   clip           --clip learnable | lsq | fixed (ClipMode)
 *   temperature    the tanh surrogate's sharpness schedule tau0 -> tau1 (TemperatureSchedule)
 *   scaleClipGradient  whether a step layer's clip gradient (a sum over all of a sample's
 *                  activations) is divided by sqrt(activations per sample), in the spirit of
 *                  LSQ's gradient scale, so that one learning rate suits weights and clips
 *   calibrationSamples training samples in the calibration batch of ClipCalibration
 *   weightScales   how m-bit weight scales are chosen (WeightScaleRule)
 *   distillWeight, distillTemperature  knowledge distillation from the float model when
 *                  fine-tuning (Distillation; weight 0 = labels only); unused from scratch
 *   recalibrateBatchNorm  re-estimate batch norm statistics on the training set before every
 *                  validation and before export (BatchNormRecalibration)
 *   firstWeights   the first conv/dense layer's weight format (--first-layer), or null for the
 *                  network-wide one; a spec that sets that layer's "weights" wins
 *   freezeBatchNormFrom  fraction of the epochs after which batch norm statistics are frozen
 *                  (re-estimated on the training set at that point when recalibrateBatchNorm,
 *                  then used as constants by the remaining training steps); 1 = never
 *   weightAverageDecay  the decay of an exponential moving average of the trainable
 *                  parameters that the run ends with (WeightAveraging); 0 = none
 *   clipLearningRateFactor  multiplies the learning rate of the learnable clip levels
 *                  relative to the other parameters (1 = the same rate). Applied as a factor
 *                  on the clip gradient (StepActivationLayer's clipGradientScale): clips have
 *                  no weight decay and SGD with momentum is linear in the gradient, so with
 *                  SGD (the QAT recipe) this is exactly a per-parameter-group learning rate;
 *                  Adam normalizes gradient scale away, so there it has (almost) no effect
 *   gradientScalingDelta  element-wise gradient scaling (EWGS) of the constant gradient with
 *                  this fixed delta (StepActivationLayer); 0 = the plain straight-through
 *                  gradient; only with the constant gradient
 *   inputMargin    the quantized input's range widened by this fraction of each band's
 *                  normalized range on both sides (InputRange); 0 = the float normalization
 *   firstActivationBits  the bits of the step activation after the first conv/dense layer
 *                  (--first-activation), the input of the second layer, or 0 for the
 *                  network-wide activation bits; a spec that sets that activation's bits wins.
 *                  The first layer reads the raw spectrum, and its features are where a 4- or
 *                  2-bit network loses most of its accuracy (training/QAT.md, seventh round)
 *
 * defaults(quant) gives the tuned values (training/QAT.md).
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.WeightFormat;

import java.util.function.Consumer;

public record QatSettings(QuantSettings quant, GradientMode gradient, ClipMode clip,
                          TemperatureSchedule temperature, boolean scaleClipGradient, int calibrationSamples,
                          WeightScaleRule weightScales, double distillWeight, double distillTemperature,
                          boolean recalibrateBatchNorm, double freezeBatchNormFrom,
                          WeightFormat firstWeights, double weightAverageDecay, double clipLearningRateFactor,
                          double gradientScalingDelta, double inputMargin, int firstActivationBits) {

    /** Default sharpness schedule of the tanh surrogate (see training/QAT.md). */
    public static final TemperatureSchedule DEFAULT_TEMPERATURE = new TemperatureSchedule(2.0, 8.0);

    public static final int DEFAULT_CALIBRATION_SAMPLES = 512;

    public QatSettings {
        if (quant == null || gradient == null || clip == null || temperature == null || weightScales == null) {
            throw new IllegalArgumentException("quantization settings, gradient mode, clip mode and temperature "
                    + "schedule must all be given");
        }
        if (calibrationSamples < 1) {
            throw new IllegalArgumentException("calibration needs at least one sample, not " + calibrationSamples);
        }
        if (!(distillWeight >= 0 && distillWeight <= 1) || !(distillTemperature > 0)) {
            throw new IllegalArgumentException("distillation weight " + distillWeight + " must be in [0, 1] and "
                    + "temperature " + distillTemperature + " > 0");
        }
        if (firstWeights != null && firstWeights.isFloat()) {
            throw new IllegalArgumentException("the first layer's weights must be quantized (binary, ternary or 2..8 bits)");
        }
        if (!(weightAverageDecay == 0 || (weightAverageDecay > 0 && weightAverageDecay < 1))) {
            throw new IllegalArgumentException("weight averaging decay " + weightAverageDecay
                    + " must be 0 (none) or in (0, 1)");
        }
        if (!(clipLearningRateFactor > 0) || !Double.isFinite(clipLearningRateFactor)) {
            throw new IllegalArgumentException("clip learning rate factor " + clipLearningRateFactor
                    + " must be finite and > 0");
        }
        if (!(gradientScalingDelta >= 0 && gradientScalingDelta < 2)) {
            throw new IllegalArgumentException("gradient scaling delta " + gradientScalingDelta + " must be in [0, 2)");
        }
        if (gradientScalingDelta > 0 && gradient != GradientMode.CONSTANT) {
            throw new IllegalArgumentException("element-wise gradient scaling applies to the constant gradient only");
        }
        new InputRange(inputMargin); // validates it
        if (firstActivationBits != 0 && (firstActivationBits < 1 || firstActivationBits > 8)) {
            throw new IllegalArgumentException("the first activation's bits " + firstActivationBits
                    + " must be in 1..8 (or 0 for the network-wide bits)");
        }
        if (!(freezeBatchNormFrom > 0 && freezeBatchNormFrom <= 1)) {
            throw new IllegalArgumentException("batch norm freeze point " + freezeBatchNormFrom + " must be in (0, 1]");
        }
    }

    /** The tuned defaults for these bit widths: constant gradient, learnable clip. */
    public static QatSettings defaults(QuantSettings quant) {
        return new QatSettings(quant, GradientMode.CONSTANT, ClipMode.LEARNABLE, DEFAULT_TEMPERATURE, true,
                DEFAULT_CALIBRATION_SAMPLES, WeightScaleRule.LEAST_SQUARES, 0.0, 1.0, true, 1.0, null, 0.0, 1.0, 0.0,
                InputRange.DEFAULT_MARGIN, 0);
    }

    public QatSettings withGradient(GradientMode g) {
        return edit(c -> c.gradient = g);
    }

    public QatSettings withClip(ClipMode m) {
        return edit(c -> c.clip = m);
    }

    public QatSettings withTemperature(TemperatureSchedule t) {
        return edit(c -> c.temperature = t);
    }

    public QatSettings withScaleClipGradient(boolean s) {
        return edit(c -> c.scaleClipGradient = s);
    }

    public QatSettings withQuant(QuantSettings q) {
        return edit(c -> c.quant = q);
    }

    public QatSettings withCalibrationSamples(int n) {
        return edit(c -> c.calibrationSamples = n);
    }

    public QatSettings withWeightScales(WeightScaleRule r) {
        return edit(c -> c.weightScales = r);
    }

    public QatSettings withDistillation(double weight, double softTemperature) {
        return edit(c -> {
            c.distillWeight = weight;
            c.distillTemperature = softTemperature;
        });
    }

    public QatSettings withBatchNormRecalibration(boolean on) {
        return edit(c -> c.recalibrateBatchNorm = on);
    }

    public QatSettings withBatchNormFreeze(double fromFraction) {
        return edit(c -> c.freezeBatchNormFrom = fromFraction);
    }

    /** The first conv/dense layer's weights at {@code w} (null: the network-wide format). */
    public QatSettings withFirstWeights(WeightFormat w) {
        return edit(c -> c.firstWeights = w);
    }

    /** Ends the run with an exponential moving average of the weights of this decay (0: none). */
    public QatSettings withWeightAveraging(double decay) {
        return edit(c -> c.weightAverageDecay = decay);
    }

    /** The learnable clip levels train at {@code factor} times the learning rate of the rest (1: the same). */
    public QatSettings withClipLearningRate(double factor) {
        return edit(c -> c.clipLearningRateFactor = factor);
    }

    /** Element-wise gradient scaling of the constant gradient with this delta (0: none). */
    public QatSettings withGradientScaling(double delta) {
        return edit(c -> c.gradientScalingDelta = delta);
    }

    /** The quantized input's range widened by this margin (InputRange; 0: the float normalization's). */
    public QatSettings withInputMargin(double margin) {
        return edit(c -> c.inputMargin = margin);
    }

    /** The step activation after the first conv/dense layer at {@code bits} (0: the network-wide bits). */
    public QatSettings withFirstActivationBits(int bits) {
        return edit(c -> c.firstActivationBits = bits);
    }

    /** The input range this run's quantized network reads. */
    public InputRange inputRange() {
        return new InputRange(inputMargin);
    }

    /** A copy with {@code change} applied to its components (validated again by the constructor). */
    private QatSettings edit(Consumer<Components> change) {
        Components c = new Components(this);
        change.accept(c);
        return c.build();
    }

    /** The components as mutable fields, for the with-methods. */
    private static final class Components {
        QuantSettings quant;
        GradientMode gradient;
        ClipMode clip;
        TemperatureSchedule temperature;
        boolean scaleClipGradient;
        int calibrationSamples;
        WeightScaleRule weightScales;
        double distillWeight;
        double distillTemperature;
        boolean recalibrateBatchNorm;
        double freezeBatchNormFrom;
        WeightFormat firstWeights;
        double weightAverageDecay;
        double clipLearningRateFactor;
        double gradientScalingDelta;
        double inputMargin;
        int firstActivationBits;

        Components(QatSettings s) {
            quant = s.quant;
            gradient = s.gradient;
            clip = s.clip;
            temperature = s.temperature;
            scaleClipGradient = s.scaleClipGradient;
            calibrationSamples = s.calibrationSamples;
            weightScales = s.weightScales;
            distillWeight = s.distillWeight;
            distillTemperature = s.distillTemperature;
            recalibrateBatchNorm = s.recalibrateBatchNorm;
            freezeBatchNormFrom = s.freezeBatchNormFrom;
            firstWeights = s.firstWeights;
            weightAverageDecay = s.weightAverageDecay;
            clipLearningRateFactor = s.clipLearningRateFactor;
            gradientScalingDelta = s.gradientScalingDelta;
            inputMargin = s.inputMargin;
            firstActivationBits = s.firstActivationBits;
        }

        QatSettings build() {
            return new QatSettings(quant, gradient, clip, temperature, scaleClipGradient, calibrationSamples,
                    weightScales, distillWeight, distillTemperature, recalibrateBatchNorm, freezeBatchNormFrom,
                    firstWeights, weightAverageDecay, clipLearningRateFactor, gradientScalingDelta,
                    inputMargin, firstActivationBits);
        }
    }

    /** One line for logs: "2/1, input 8 bits, last layer 8, grad tanh (tau 2 -> 8), clip learnable". */
    public String describe() {
        return quant.label() + ", input " + quant.inputBits() + " bits"
                + (inputMargin > 0 ? " (range widened by " + inputMargin + ")" : "")
                + (firstWeights == null ? "" : ", first layer " + firstWeights)
                + (firstActivationBits == 0 ? "" : ", first activation " + firstActivationBits + " bits")
                + ", last layer " + quant.lastWeights()
                + ", grad " + gradient.label()
                + (gradient == GradientMode.TANH ? " (tau " + temperature.tau0() + " -> " + temperature.tau1() + ")" : "")
                + (gradientScalingDelta > 0 ? " (element-wise scaling " + gradientScalingDelta + ")" : "")
                + ", clip " + clip.label()
                + (clipLearningRateFactor != 1 ? " (lr x" + clipLearningRateFactor + ")" : "")
                + (weightAverageDecay > 0 ? ", weight average " + weightAverageDecay : "");
    }
}
