/*
 * What a reproduction trains and measures: the studies (a dataset and a network), the
 * configurations of each (float, then 8/8, 4/4, 2/2, 2/1 and 1/1 with both surrogate
 * gradients, and for patch networks 2/1 with 4-bit input too), the seeds and the epochs.
 *
 * The full plan is the paper's protocol (5 seeds; the tuned epochs of TrainConfig and
 * QatTrainer); --quick keeps every study and configuration but uses 1 seed, fewer epochs and
 * fewer patch-network training samples, so that it finishes within minutes and still
 * exercises every stage of the report.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.engine.model.QuantSettings;
import dev.hsiq.training.quant.GradientMode;
import dev.hsiq.training.quant.QatTrainer;
import dev.hsiq.training.train.TrainConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

public record ReproducePlan(String mode, List<Long> seeds, List<Study> studies) {

    public ReproducePlan {
        seeds = List.copyOf(seeds);
        studies = List.copyOf(studies);
    }

    /** One configuration of a study: "fp32", or activation/weight bits, a gradient mode and input bits. */
    public record Config(String bits, GradientMode grad, int inputBits) {

        public static final Config FLOAT = new Config("fp32", null, 8);

        public boolean isFloat() {
            return grad == null;
        }

        public QuantSettings quant() {
            return QuantSettings.parseBits(bits).withInputBits(inputBits);
        }

        public String gradLabel() {
            return isFloat() ? "none" : grad.label();
        }

        @Override
        public String toString() {
            return isFloat() ? "fp32" : bits + (inputBits != 8 ? " in" + inputBits : "") + " " + grad.label();
        }
    }

    /**
     * A dataset trained with a network. trainRatio is null for the dataset's protocol default
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
        int spectralFloat = quick ? 30 : TrainConfig.defaultsFor("spectral-cnn").epochs();
        int spectralTune = quick ? 8 : QatTrainer.defaultConfig("spectral-cnn", true).epochs();
        int patchFloat = quick ? 6 : TrainConfig.defaultsFor("patch-cnn").epochs();
        int patchTune = quick ? 2 : QatTrainer.defaultConfig("patch-cnn", true).epochs();
        int patchCap = quick ? 20 : 0;
        List<Study> studies = new ArrayList<>();
        // real data: labeled spectra, spectral network, 10% training (issue 4's protocol)
        for (String d : List.of("IndianPines-spectra", "Botswana-spectra")) {
            studies.add(new Study(d, "spectral-cnn", 0.1, spectralFloat, spectralTune, 0, configs(false), false));
        }
        // scenes: the canonical cubes where present, the stand-ins always (protocol default ratios)
        for (String d : List.of("IndianPines", "PaviaU", "IndianPines-semisynthetic", "Botswana-semisynthetic")) {
            studies.add(new Study(d, "patch-cnn", null, patchFloat, patchTune, patchCap, configs(true), true));
        }
        return new ReproducePlan(mode, seeds, studies);
    }

    static List<Config> configs(boolean patch) {
        List<Config> out = new ArrayList<>();
        out.add(Config.FLOAT);
        for (String b : BITS) {
            for (GradientMode g : GradientMode.values()) {
                out.add(new Config(b, g, 8));
            }
            if (patch && "2/1".equals(b)) {
                // the first layer carries 76% of patch-cnn's MACs: 4-bit input codes halve its planes
                for (GradientMode g : GradientMode.values()) {
                    out.add(new Config(b, g, 4));
                }
            }
        }
        return out;
    }

    /** Training runs of the plan (for progress). */
    public int trainingRuns() {
        return studies.stream().mapToInt(s -> s.configs().size()).sum() * seeds.size();
    }
}
