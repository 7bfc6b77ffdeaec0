/*
 * What a reproduction trains and measures: the studies (a dataset and a network), the
 * configurations of each, the seeds and the epochs.
 *
 *   spectral-cnn on the real labeled spectra (IndianPines-spectra, Botswana-spectra), 10%
 *   training: float, then 8/8, 4/4, 2/2, 2/1 and 1/1, each with both surrogate gradients, and
 *   2/2 and 2/1 with the first conv's weights at 8 bits, the LSQ clip gradient and element-wise
 *   gradient scaling 0.05 (constant gradient; the named variant `hsiq train --first-layer 8
 *   --clip lsq --ewgs 0.05`), and 4/4, and that variant of 2/2 and 2/1, with the activation
 *   after the first layer at 8 bits (`--first-activation 8`), at the tuned epochs
 *   of TrainConfig (float) and QatTrainer (fine-tuning from float).
 *   patch-cnn on the scenes (the canonical IndianPines and PaviaU cubes where present, the
 *   IndianPines and Botswana stand-ins always), the protocol's training ratio (10% Indian
 *   Pines, 5% the others): float, then 8/8, 4/4, 2/2, 2/1, 1/1 and 2/1 with 4-bit input with
 *   the constant gradient, and 2/1 with tanh too. A patch-cnn epoch costs about 35x a
 *   spectral-cnn one (7.4 M vs 0.2 M MACs per sample), so the scene studies compare the
 *   gradient modes only at 2/1 and train for fewer epochs (20 float, 6 fine-tuning).
 *
 * The full plan uses 5 seeds; --quick keeps every study and configuration but uses 1 seed,
 * fewer epochs and at most 20 training samples per class for the patch network, so that it
 * finishes within minutes and still exercises every stage of the report.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.training.quant.ClipMode;
import dev.hsiq.training.quant.GradientMode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

public record ReproducePlan(String mode, List<Long> seeds, List<Study> studies) {

    public ReproducePlan {
        seeds = List.copyOf(seeds);
        studies = List.copyOf(studies);
    }

    /**
     * One configuration of a study: "fp32", or activation/weight bits, a gradient mode, input
     * bits and, for the named variant `hsiq train --first-layer 8 --clip lsq --ewgs 0.05`, the
     * first layer's weight format (null: the network-wide one, the default clip gradient and
     * no gradient scaling; set: that format, the LSQ clip gradient and gradient scaling 0.05,
     * the combination training/QAT.md measured best).
     */
    public record Config(String bits, GradientMode grad, int inputBits, WeightFormat firstWeights,
                         int firstActivation) {

        public static final Config FLOAT = new Config("fp32", null, 8);

        public Config(String bits, GradientMode grad, int inputBits) {
            this(bits, grad, inputBits, null, 0);
        }

        public Config(String bits, GradientMode grad, int inputBits, WeightFormat firstWeights) {
            this(bits, grad, inputBits, firstWeights, 0);
        }

        /** This configuration with the activation after the first layer at {@code bits} (`--first-activation`). */
        public Config withFirstActivation(int bits) {
            return new Config(this.bits, grad, inputBits, firstWeights, bits);
        }

        /** The clip gradient of this configuration: LSQ for the first-layer variant, else the default. */
        public ClipMode clip() {
            return firstWeights != null ? ClipMode.LSQ : null;
        }

        /** Element-wise gradient scaling of this configuration: VARIANT_EWGS for the first-layer variant, else 0. */
        public double gradientScaling() {
            return firstWeights != null ? VARIANT_EWGS : 0;
        }

        public boolean isFloat() {
            return grad == null;
        }

        public QuantSettings quant() {
            return QuantSettings.parseBits(bits).withInputBits(inputBits);
        }

        public String gradLabel() {
            return isFloat() ? "none" : grad.label();
        }

        /** "2/1", "2/1 in4", "2/2 first8 lsq ewgs0.05", "4/4 act8": the bits and the variant, without the gradient. */
        public String variant() {
            return isFloat() ? "fp32" : bits + (inputBits != 8 ? " in" + inputBits : "")
                    + (firstWeights != null ? " first" + firstWeights + " lsq ewgs" + VARIANT_EWGS : "")
                    + (firstActivation != 0 ? " act" + firstActivation : "");
        }

        @Override
        public String toString() {
            return isFloat() ? "fp32" : variant() + " " + grad.label();
        }
    }

    /**
     * A dataset trained with a network. floatEpochs and fineTuneEpochs are RECIPE_EPOCHS (0) for
     * the training recipe's own (which may differ per bit width). trainRatio is null for the dataset's protocol default
     * (DESIGN section 3); trainLimitPerClass caps the training samples per class (0 = no cap,
     * used by --quick for the patch network); scene is true when the dataset has a scene
     * (scene timing and class maps).
     */
    public record Study(String dataset, String model, Double trainRatio, int floatEpochs, int fineTuneEpochs,
                        int trainCountPerClass, List<Config> configs, boolean scene) {

        public Study {
            configs = List.copyOf(configs);
        }

        public boolean patchModel() {
            return "patch-cnn".equals(model);
        }
    }

    /** Epochs "as the training recipe says" (TrainConfig.defaultsFor, QatTrainer.defaultConfig). */
    static final int RECIPE_EPOCHS = 0;

    /** patch-cnn epochs (float, fine-tuning) of the full plan (see the file comment). */
    static final int PATCH_FLOAT_EPOCHS = 20;
    static final int PATCH_FINE_TUNE_EPOCHS = 6;

    /** The named variant's gradient scaling delta (training/QAT.md, fifth round). */
    public static final double VARIANT_EWGS = 0.05;

    /** Bit widths that also get the 8-bit first-layer weight variant (spectral studies). */
    static final List<String> FIRST_LAYER_VARIANT_BITS = List.of("2/2", "2/1");

    /**
     * The bits of the activation after the first layer in the first-activation variants
     * (`hsiq train --first-activation 8`, training/QAT.md seventh round), and the bit widths that
     * get them (spectral studies): 4/4 on the default recipe, 2/2 and 2/1 on the first-layer variant.
     */
    static final int FIRST_ACTIVATION_BITS = 8;
    static final List<String> FIRST_ACTIVATION_VARIANT_BITS = List.of("4/4", "2/2", "2/1");

    /** The bit widths of the paper's table. */
    static final List<String> BITS = List.of("8/8", "4/4", "2/2", "2/1", "1/1");

    /** The paper's protocol with {@code seedCount} seeds (1..seedCount). */
    public static ReproducePlan full(int seedCount) {
        return build("full", seedCount, false);
    }

    /** The quick plan: every study and configuration, 1 seed (unless told), fewer epochs. */
    public static ReproducePlan quick(int seedCount) {
        return build("quick", seedCount, true);
    }

    private static ReproducePlan build(String mode, int seedCount, boolean quick) {
        if (seedCount < 1) {
            throw new IllegalArgumentException("--seeds " + seedCount + " must be at least 1");
        }
        List<Long> seeds = LongStream.rangeClosed(1, seedCount).boxed().toList();
        int spectralFloat = quick ? 30 : RECIPE_EPOCHS;
        int spectralTune = quick ? 8 : RECIPE_EPOCHS;
        int patchFloat = quick ? 6 : PATCH_FLOAT_EPOCHS;
        int patchTune = quick ? 2 : PATCH_FINE_TUNE_EPOCHS;
        int patchCap = quick ? 20 : 0;
        List<Study> studies = new ArrayList<>();
        // real data: labeled spectra, spectral network, 10% training (issue 4's protocol)
        for (String d : List.of("IndianPines-spectra", "Botswana-spectra")) {
            studies.add(new Study(d, "spectral-cnn", 0.1, spectralFloat, spectralTune, 0, configs(false), false));
        }
        // scenes: the canonical cubes where present, the stand-ins always
        for (String d : List.of("IndianPines", "PaviaU", "IndianPines-semisynthetic", "Botswana-semisynthetic")) {
            studies.add(new Study(d, "patch-cnn", null, patchFloat, patchTune, patchCap, configs(true), true));
        }
        return new ReproducePlan(mode, seeds, studies);
    }

    static List<Config> configs(boolean patch) {
        List<Config> out = new ArrayList<>();
        out.add(Config.FLOAT);
        for (String b : BITS) {
            if (!patch) {
                for (GradientMode g : GradientMode.values()) {
                    out.add(new Config(b, g, 8));
                }
                Config variant = null;
                if (FIRST_LAYER_VARIANT_BITS.contains(b)) {
                    // the first conv's weights at 8 bits with the LSQ clip gradient (training/QAT.md);
                    // cheap in spectral-cnn, whose first conv reads one channel (5% of the MACs)
                    variant = new Config(b, GradientMode.CONSTANT, 8, WeightFormat.parse("8"));
                    out.add(variant);
                }
                if (FIRST_ACTIVATION_VARIANT_BITS.contains(b)) {
                    // conv2 (65% of spectral-cnn's MACs) then reads 8-bit codes, and conv1 ends in 255
                    // thresholds per channel: a speed and a size cost (training/QAT.md)
                    Config on = variant != null ? variant : new Config(b, GradientMode.CONSTANT, 8);
                    out.add(on.withFirstActivation(FIRST_ACTIVATION_BITS));
                }
                continue;
            }
            out.add(new Config(b, GradientMode.CONSTANT, 8));
            if ("2/1".equals(b)) {
                out.add(new Config(b, GradientMode.TANH, 8));
                // the first layer carries 76% of patch-cnn's MACs: 4-bit input codes halve its planes
                out.add(new Config(b, GradientMode.CONSTANT, 4));
            }
        }
        return out;
    }
}
