/*
 * The quantization-aware training options of `hsiq train` (picocli mixin). --bits switches
 * training to the quantized network; the other options refine it and need --bits:
 *
 *   --bits A/W          activation / weight bits network-wide: 8/8, 4/4, 2/2, 2/1, 1/1, 2/t
 *                       (t = ternary); "weights" / "bits" in a JSON spec override per layer
 *   --grad MODE         step activation gradient: constant (clipped straight-through) or tanh
 *                       (soft staircase with an annealed temperature)
 *   --input-bits N      bits of the first layer's input codes, 2..8 (default 8)
 *   --last-layer F      the last layer's weights: 8 (default) or float
 *   --first-layer F     the first layer's weights: 8, or the network-wide W (default); a named
 *                       variant (the network is then not A/W everywhere)
 *   --init FILE         fine-tune from this model file (float or quantized); else from scratch
 *   --clip MODE         clip levels learnable (PACT's gradient), lsq (LSQ's gradient, with the
 *                       in-range term) or fixed after calibration
 *   --ewgs DELTA        element-wise gradient scaling of the constant gradient (EWGS, Lee et al.
 *                       CVPR 2021) with this delta, in (0, 2); off by default (training/QAT.md,
 *                       fifth round: 0.05 with --first-layer 8 --clip lsq)
 *   --input-margin M    the quantized input's range: the float normalization's widened by M
 *                       times each band's range on both sides (InputRange; default 0.1, 0 = the
 *                       float normalization's range, which clips the tails)
 *
 * Defaults come from QatSettings.defaults and QatTrainer.defaultConfig (training/QAT.md).
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.training.quant.ClipMode;
import dev.hsiq.training.quant.GradientMode;
import dev.hsiq.training.quant.InputRange;
import dev.hsiq.training.quant.QatSettings;
import dev.hsiq.training.quant.QatTrainer;
import dev.hsiq.training.train.TrainConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

public final class QatOptions {

    @Option(names = "--bits", paramLabel = "A/W",
            description = "Train a quantized network: activation/weight bits, e.g. 8/8, 4/4, 2/2, 2/1, 1/1, 2/t "
                    + "(t = ternary weights). Without it the network is float.")
    String bits;

    @Option(names = "--grad", paramLabel = "MODE",
            description = "Step activation gradient: constant (clipped straight-through) or tanh (soft staircase) "
                    + "(default: constant). Needs --bits.")
    String grad;

    @Option(names = "--input-bits", paramLabel = "N",
            description = "Bits of the first layer's input, 2..8 (default: 8). Needs --bits.")
    Integer inputBits;

    @Option(names = "--last-layer", paramLabel = "8|float",
            description = "Weights of the last layer: 8 (8-bit, default) or float. Needs --bits.")
    String lastLayer;

    @Option(names = "--first-layer", paramLabel = "8|W",
            description = "Weights of the first layer: 8 (8-bit) or the network-wide format of --bits (default). "
                    + "Needs --bits.")
    String firstLayer;

    @Option(names = "--first-activation", paramLabel = "N",
            description = "Bits of the step activation after the first layer (the second layer's input), 1..8 "
                    + "(default: the --bits activation width; 8 measured best at 4/4 and 2/2, training/QAT.md). "
                    + "Needs --bits.")
    Integer firstActivation;

    @Option(names = "--init", paramLabel = "FILE",
            description = "Fine-tune from this model (e.g. a float model of the same network and split) "
                    + "instead of training from scratch. Needs --bits.")
    Path init;

    @Option(names = "--clip", paramLabel = "MODE",
            description = "Step activation clip levels: learnable (PACT gradient), lsq (LSQ gradient) or fixed "
                    + "after calibration "
                    + "(default: learnable). Needs --bits.")
    String clip;

    @Option(names = "--ewgs", paramLabel = "DELTA",
            description = "Element-wise gradient scaling of the constant gradient with this delta, in (0, 2) "
                    + "(default: off; 0.05 measured best, training/QAT.md). Needs --bits and --grad constant.")
    Double ewgs;

    @Option(names = "--input-margin", paramLabel = "M",
            description = "Widen the quantized input's range by M times each band's normalized range on both sides, "
                    + "so values beyond the training percentiles are not clipped, in [0, 10] (default: 0.1; 0 = "
                    + "the float normalization's range; training/QAT.md, \"Input range\"). Needs --bits.")
    Double inputMargin;

    /** True when --bits was given: the run trains a quantized network. */
    public boolean active() {
        return bits != null;
    }

    /** Fails when a QAT option was given without --bits. */
    public void check() {
        if (bits != null) {
            return;
        }
        String given = grad != null ? "--grad" : inputBits != null ? "--input-bits" : lastLayer != null ? "--last-layer"
                : firstLayer != null ? "--first-layer" : firstActivation != null ? "--first-activation"
                : init != null ? "--init" : clip != null ? "--clip" : ewgs != null ? "--ewgs"
                : inputMargin != null ? "--input-margin" : null;
        if (given != null) {
            throw new BadInputException(given + " applies to quantized training; add --bits A/W (e.g. --bits 2/1)");
        }
    }

    /** The quantization settings of these options (defaults for what was not given). */
    public QatSettings settings() {
        QuantSettings q;
        try {
            q = QuantSettings.parseBits(bits);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--bits '" + bits + "': " + e.getMessage());
        }
        if (inputBits != null) {
            if (inputBits < 2 || inputBits > 8) {
                throw new BadInputException("--input-bits " + inputBits + " must be in 2..8");
            }
            q = q.withInputBits(inputBits);
        }
        if (lastLayer != null) {
            String l = lastLayer.trim().toLowerCase(Locale.ROOT);
            WeightFormat f = switch (l) {
                case "8" -> WeightFormat.ofInt(8);
                case "float", "fp32" -> WeightFormat.FLOAT;
                default -> throw new BadInputException("--last-layer '" + lastLayer + "' must be 8 or float");
            };
            q = q.withLastWeights(f);
        }
        QatSettings s = QatSettings.defaults(q);
        if (firstLayer != null) {
            String f = firstLayer.trim().toLowerCase(Locale.ROOT);
            if (f.equals("8")) {
                s = s.withFirstWeights(WeightFormat.ofInt(8));
            } else if (!f.equalsIgnoreCase(q.weights().toString())) {
                throw new BadInputException("--first-layer '" + firstLayer + "' must be 8 or the --bits weight format "
                        + q.weights());
            }
        }
        if (firstActivation != null) {
            if (firstActivation < 1 || firstActivation > 8) {
                throw new BadInputException("--first-activation " + firstActivation + " must be in 1..8");
            }
            s = s.withFirstActivationBits(firstActivation);
        }
        try {
            if (grad != null) {
                s = s.withGradient(GradientMode.parse(grad));
            }
            if (clip != null) {
                s = s.withClip(ClipMode.parse(clip));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        if (ewgs != null) {
            if (!(ewgs > 0 && ewgs < 2)) {
                throw new BadInputException("--ewgs " + ewgs + " must be in (0, 2)");
            }
            if (s.gradient() != GradientMode.CONSTANT) {
                throw new BadInputException("--ewgs scales the constant gradient; it does not apply to --grad "
                        + s.gradient().label());
            }
            s = s.withGradientScaling(ewgs);
        }
        if (inputMargin != null) {
            if (!(inputMargin >= 0 && inputMargin <= InputRange.MAX_MARGIN)) {
                throw new BadInputException("--input-margin " + inputMargin + " must be in [0, "
                        + InputRange.MAX_MARGIN + "]");
            }
            s = s.withInputMargin(inputMargin);
        }
        return s;
    }

    /** The model named by --init, read and checked (null without --init). */
    public Model initModel() {
        if (init == null) {
            return null;
        }
        if (!Files.isRegularFile(init)) {
            throw new BadInputException("--init " + init + ": no such file (train a float model first: "
                    + "hsiq train ... --out DIR, then --init DIR/model.hsiq)");
        }
        try {
            return ModelFile.read(init);
        } catch (IOException e) {
            throw new BadFileException(init, "", "cannot read: " + e.getMessage(), e);
        }
    }

    /** The --init path as given (null without --init). */
    public String initName() {
        return init == null ? null : init.toString();
    }

    /** The tuned optimizer / schedule for this run before --epochs / --lr overrides. */
    public TrainConfig defaults(ModelSpec spec) {
        return QatTrainer.defaultConfig(spec.name(), init != null);
    }
}
