/*
 * Quantization-aware training, the entry point for `hsiq train --bits ...` and the
 * reproduction driver (issue 4 item 4):
 *
 *   1. resolve the spec with the bit widths (ModelSpec.resolve(classes, settings.quant()):
 *      network-wide A/W, input bits, last layer; per-layer "weights" / "bits" in the spec win)
 *      and build the network with QatLayerFactory (network seed = config seed);
 *   2. fine-tuning (init != null): load every parameter of the float (or quantized) model,
 *      weights as the float shadow weights (dequantized for a quantized model); only the clip
 *      levels may be missing, anything else missing or misshaped is an error naming it; the
 *      network reads its inputs in the widened range of InputRange (settings.inputMargin()),
 *      and the first layer is folded so that it starts from what it computed on the init
 *      model's normalization;
 *   3. calibrate the clip levels on a calibration batch (ClipCalibration; always, also when
 *      the init model had clip levels, since the bit widths may differ);
 *   4. train with the Trainer (batch-statistics batch norm; straight-through weights; the
 *      step activations' surrogate gradients); when fine-tuning with a distillation weight,
 *      the loss also matches the init model's softened outputs (Distillation);
 *   5. with settings.freezeBatchNormFrom() < 1, after that fraction of the epochs the batch
 *      norm statistics are re-estimated on the training set and frozen for the rest;
 *      batch norm statistics are re-estimated on the (unaugmented) training set before every
 *      validation and before export (BatchNormRecalibration, on by default);
 *      with a validation set: every config.validateEvery() epochs the network is exported and
 *      its validation accuracy measured through ReferenceExecutor (the integer semantics);
 *      with config.keepBest() the best epoch's parameters are kept (earliest on ties);
 *   6. export (QatExport): codes and scales of the final shadow weights, clip levels, batch
 *      norm, the resolved spec; metadata gains the quantization settings.
 *
 * defaultConfig(model, fineTune) is the tuned optimizer / schedule (training/QAT.md).
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.LayerSpec;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.model.Normalization;
import dev.hsiq.engine.model.Tensor;
import dev.hsiq.engine.reference.PackedSize;
import dev.hsiq.training.checkpoint.CheckpointData;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.train.EpochListener;
import dev.hsiq.training.train.EpochReport;
import dev.hsiq.training.train.LabeledSamples;
import dev.hsiq.training.train.StatefulEpochListener;
import dev.hsiq.training.train.TrainConfig;
import dev.hsiq.training.train.TrainResult;
import dev.hsiq.training.train.Trainer;
import dev.hsiq.training.train.WeightAveraging;
import dev.hsiq.training.train.TrainingCheckpoints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class QatTrainer {

    private final QatSettings settings;
    private final TrainConfig config;

    public QatTrainer(QatSettings settings, TrainConfig config) {
        this.settings = settings;
        this.config = config;
    }

    public QatSettings settings() {
        return settings;
    }

    public TrainConfig config() {
        return config;
    }

    /**
     * The tuned optimizer and schedule: from scratch, the float defaults of the network
     * (TrainConfig.defaultsFor); fine-tuning from a float model, the same recipe with a
     * shorter schedule (see the constants).
     */
    public static TrainConfig defaultConfig(String modelName, boolean fineTune) {
        TrainConfig base = TrainConfig.defaultsFor(modelName);
        if (!fineTune) {
            return base;
        }
        return base.withEpochs(Math.max(1, (int) Math.round(base.epochs() * FINE_TUNE_EPOCH_FRACTION)))
                .withLearningRate(base.learningRate() * FINE_TUNE_LR_FACTOR)
                .withSchedule(base.schedule(), FINE_TUNE_WARMUP_EPOCHS);
    }

    /**
     * Epochs of a fine-tuning run as a fraction of the float run's (spectral-cnn: 100 -> 80;
     * patch-cnn: 60 -> 48, not tuned). At 1 and 2 bits
     * the long, high-rate schedule recovers about a point more than 30 epochs at a quarter of
     * the rate (IndianPines-spectra and Botswana-spectra, seeds 1-3, training/QAT.md); 80
     * rather than 100 keeps a spectral-cnn fine-tune on IndianPines-spectra under ~40 s.
     */
    public static final double FINE_TUNE_EPOCH_FRACTION = 0.8;

    /**
     * Fine-tuning learning rate as a fraction of the float one: 1, the float recipe's 0.2 for
     * spectral-cnn (0.02, 0.05 and 0.1 over 30 or 60 epochs all scored lower at 2/2, see
     * training/QAT.md).
     */
    public static final double FINE_TUNE_LR_FACTOR = 1.0;

    /** Warmup epochs of the fine-tuning cosine schedule (as the float recipe). */
    public static final double FINE_TUNE_WARMUP_EPOCHS = 3;

    /**
     * Trains a quantized network.
     *
     * @param spec          the network (built-in or user spec, unresolved or resolved with
     *                      quantization)
     * @param bands         input bands
     * @param classNames    class names (their count is the class count)
     * @param normalization the per-band normalization the samples were normalized with
     * @param train         normalized training samples
     * @param validation    normalized validation samples, or null
     * @param init          a float or quantized model to fine-tune from, or null (from scratch)
     * @param metadata      metadata for the model file (dataset, split, ...); QAT fields are added
     * @param listener      per-epoch progress (validation accuracy is the integer-semantics one)
     */
    public QatRun train(ModelSpec spec, int bands, List<String> classNames, Normalization normalization,
                        LabeledSamples train, LabeledSamples validation, Model init,
                        Map<String, Object> metadata, EpochListener listener) {
        return train(spec, bands, classNames, normalization, train, validation, init, metadata, listener, null);
    }

    /**
     * As above, saving checkpoints to and resuming from {@code checkpoints} (null: none); the
     * best-epoch selection's state is part of every checkpoint.
     */
    public QatRun train(ModelSpec spec, int bands, List<String> classNames, Normalization normalization,
                        LabeledSamples train, LabeledSamples validation, Model init,
                        Map<String, Object> metadata, EpochListener listener, TrainingCheckpoints checkpoints) {
        List<String> notes = new ArrayList<>();
        // the quantized network reads the widened input range (InputRange): its own normalization
        InputRange range = settings.inputRange();
        Normalization inputs = range.widen(normalization);
        LabeledSamples trainIn = range.rescale(train);
        LabeledSamples validationIn = range.rescale(validation);
        if (init != null && !init.normalization().equals(normalization) && !init.normalization().equals(inputs)) {
            notes.add("initial model " + init.spec().name() + " was trained with a different input normalization "
                    + "(another split or seed?); its first layer is folded to this run's where it can be");
        }
        Prepared p = prepare(spec, bands, classNames, inputs, trainIn, init, notes);
        Network net = p.network();
        Map<String, Object> meta = new LinkedHashMap<>(metadata);
        meta.putAll(describe(init != null));
        Selection selection = new Selection(net, classNames, inputs, meta, trainIn, validationIn, listener);
        Trainer.LossHook hook = init != null && settings.distillWeight() > 0
                ? new Distillation(teacher(init, inputs, notes), settings.distillWeight(),
                settings.distillTemperature()) : null;
        WeightAveraging averaging = settings.weightAverageDecay() > 0
                ? new WeightAveraging(settings.weightAverageDecay()) : null;
        TrainResult raw = new Trainer(config, hook, averaging).train(net, trainIn, null, selection, checkpoints);
        TrainResult result = selection.finish(raw);
        Model model = QatExport.toModel(net, classNames, inputs, meta);
        return new QatRun(model, net, net.spec(), result, p.clips(), PackedSize.of(net.spec(), bands), notes);
    }

    /**
     * A network ready to train: built, initialized (from {@code init} when given, its first
     * layer folded to this normalization, InputRange.fold), clips calibrated.
     */
    public record Prepared(Network network, Map<String, Float> clips) {
    }

    /**
     * Steps 1 to 3 of the file comment: the resolved network, loaded from {@code init} (null:
     * He initialization with the config seed), its clip levels calibrated on {@code train}.
     * {@code normalization} is the network's own (train() passes the widened one), the one
     * {@code train} was normalized with.
     * Notes worth printing are added to {@code notes}.
     */
    public Prepared prepare(ModelSpec spec, int bands, List<String> classNames, Normalization normalization,
                            LabeledSamples train, Model init, List<String> notes) {
        ModelSpec resolved = resolve(spec, classNames.size());
        Network net = Network.build(resolved, bands, config.seed(), new QatLayerFactory(settings));
        if (init != null) {
            loadInit(net, init, bands, classNames, normalization, notes);
        }
        Map<String, Float> clips = ClipCalibration.calibrate(net, train, settings.calibrationSamples(),
                config.seed());
        return new Prepared(net, clips);
    }

    /**
     * The float network of the init model (a quantized init runs as its fake-quant network),
     * folded to read inputs of {@code normalization}, the student's.
     */
    private Network teacher(Model init, Normalization normalization, List<String> notes) {
        Network t = init.qweights().isEmpty() ? Network.fromModel(init)
                : Network.fromModel(init, new QatLayerFactory(settings));
        String why = InputRange.fold(t, init.normalization(), normalization);
        if (why != null) {
            notes.add("the distillation teacher reads inputs of another normalization unfolded: " + why);
        }
        return t;
    }

    /** The quantization fields a model's metadata gains. */
    public Map<String, Object> describe(boolean fineTuned) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bits", settings.quant().label());
        m.put("grad", settings.gradient().label());
        m.put("clip", settings.clip().label());
        if (settings.clipLearningRateFactor() != 1) {
            m.put("clip_lr_factor", String.valueOf(settings.clipLearningRateFactor()));
        }
        m.put("input_bits", (long) settings.quant().inputBits());
        if (settings.inputMargin() > 0) {
            m.put("input_margin", String.valueOf(settings.inputMargin()));
        }
        if (settings.firstWeights() != null) {
            m.put("first_layer", settings.firstWeights().toString());
        }
        if (settings.firstActivationBits() != 0) {
            m.put("first_activation", (long) settings.firstActivationBits());
        }
        m.put("last_layer", settings.quant().lastWeights().toString());
        m.put("weight_scales", settings.weightScales().name().toLowerCase(java.util.Locale.ROOT));
        if (settings.gradientScalingDelta() > 0) {
            m.put("gradient_scaling", String.valueOf(settings.gradientScalingDelta()));
        }
        if (settings.gradient() == GradientMode.TANH) {
            // a string: JSON metadata reads whole numbers back as Long, so a list of doubles would not
            // round-trip equal
            m.put("tanh_sharpness", settings.temperature().tau0() + " -> " + settings.temperature().tau1());
        }
        if (settings.freezeBatchNormFrom() < 1) {
            m.put("bn_freeze_from", String.valueOf(settings.freezeBatchNormFrom()));
        }
        if (settings.weightAverageDecay() > 0) {
            m.put("weight_average_decay", String.valueOf(settings.weightAverageDecay()));
        }
        m.put("qat_init", fineTuned ? "fine-tuned" : "scratch");
        if (fineTuned && settings.distillWeight() > 0) {
            m.put("distillation", "weight " + settings.distillWeight() + ", temperature "
                    + settings.distillTemperature());
        }
        return m;
    }

    /** Resolves with this run's bit widths; a spec resolved already must be a quantized one. */
    public ModelSpec resolve(ModelSpec spec, int classes) {
        if (!spec.isResolved()) {
            return withFirstLayerOverrides(spec).resolve(classes, settings.quant());
        }
        if (!spec.isQuantized()) {
            throw new IllegalArgumentException("model " + spec.name() + ": the spec is resolved as a float network; "
                    + "pass the unresolved spec (e.g. ModelSpec.builtin) so the bit widths can be applied");
        }
        return spec;
    }

    /**
     * settings.firstWeights() on the first conv/dense layer and settings.firstActivationBits() on
     * the first step activation after it, each unless the spec sets it already.
     */
    private ModelSpec withFirstLayerOverrides(ModelSpec spec) {
        if (settings.firstWeights() == null && settings.firstActivationBits() == 0) {
            return spec;
        }
        List<LayerSpec> layers = new ArrayList<>(spec.layers());
        boolean seenFirst = false;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (!seenFirst && (l instanceof LayerSpec.Conv || l instanceof LayerSpec.Dense)) {
                seenFirst = true;
                if (settings.firstWeights() != null) {
                    if (l instanceof LayerSpec.Conv c && c.weights() == null) {
                        layers.set(i, c.withWeights(settings.firstWeights()));
                    } else if (l instanceof LayerSpec.Dense d && d.weights() == null) {
                        layers.set(i, d.withWeights(settings.firstWeights()));
                    }
                }
            } else if (seenFirst && l instanceof LayerSpec.Act a) {
                if (settings.firstActivationBits() != 0 && a.bits() == LayerSpec.Act.DEFAULT_BITS) {
                    layers.set(i, new LayerSpec.Act(a.name(), settings.firstActivationBits()));
                }
                break;
            }
        }
        return new ModelSpec(spec.name(), spec.input(), spec.patchSize(), spec.inputBits(), layers);
    }

    private static void loadInit(Network net, Model init, int bands, List<String> classNames,
                                 Normalization normalization, List<String> notes) {
        String what = "initial model " + init.spec().name();
        if (init.bands() != bands) {
            throw new IllegalArgumentException(what + " reads " + init.bands() + " bands, the data have " + bands);
        }
        if (!init.classNames().equals(classNames)) {
            throw new IllegalArgumentException(what + " has classes " + init.classNames() + ", the data "
                    + classNames);
        }
        Map<String, Tensor> all = new LinkedHashMap<>(init.params());
        init.qweights().forEach((name, q) -> all.put(name, new Tensor(q.shape(), q.dequantize())));
        List<String> missing;
        try {
            missing = net.loadAvailableParams(all);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " does not fit " + net.spec().name() + ": " + e.getMessage(), e);
        }
        for (String name : missing) {
            if (!name.endsWith(".clip")) {
                throw new IllegalArgumentException(what + " does not fit " + net.spec().name() + ": parameter '"
                        + name + "' is missing");
            }
        }
        // its first layer computes from this run's inputs what it computed from its own (InputRange)
        String why = InputRange.fold(net, init.normalization(), normalization);
        if (why != null) {
            notes.add(what + " was trained with a different input normalization (another split or seed?), which "
                    + "cannot be folded into its first layer (" + why + "); fine-tuning continues with this run's "
                    + "normalization");
        }
    }

    /**
     * Per-epoch integer-semantics validation and best-epoch selection, wrapped around the
     * caller's listener (the Trainer itself runs without a validation set).
     */
    private final class Selection implements StatefulEpochListener {
        private final Network net;
        private final List<String> classNames;
        private final Normalization normalization;
        private final Map<String, Object> metadata;
        private final LabeledSamples train;
        private final LabeledSamples validation;
        private final EpochListener downstream;
        private final List<EpochReport> history = new ArrayList<>();
        private Map<String, float[]> best;
        private int bestEpoch = -1;
        private double bestAccuracy = Double.NaN;
        private double validationSeconds;

        Selection(Network net, List<String> classNames, Normalization normalization, Map<String, Object> metadata,
                  LabeledSamples train, LabeledSamples validation, EpochListener downstream) {
            this.train = train;
            this.net = net;
            this.classNames = classNames;
            this.normalization = normalization;
            this.metadata = metadata;
            this.validation = validation;
            this.downstream = downstream;
        }

        /** The epoch after which batch norm statistics freeze (none when freezeBatchNormFrom is 1). */
        private int freezeEpoch(int epochs) {
            return settings.freezeBatchNormFrom() >= 1 ? Integer.MAX_VALUE
                    : Math.max(1, (int) Math.round(settings.freezeBatchNormFrom() * epochs));
        }

        private void freezeBatchNorm(boolean recalibrate) {
            if (recalibrate && settings.recalibrateBatchNorm()) {
                BatchNormRecalibration.recalibrate(net, train);
            }
            for (var l : net.layers()) {
                if (l instanceof dev.hsiq.training.nn.BatchNormLayer bn) {
                    bn.setStatisticsFrozen(true);
                }
            }
        }

        @Override
        public void onEpoch(EpochReport r) {
            if (r.epoch() == freezeEpoch(r.epochs())) {
                freezeBatchNorm(true);
            }
            double accuracy = Double.NaN;
            boolean isBest = false;
            if (validation != null && validation.count() > 0
                    && (r.epoch() % config.validateEvery() == 0 || r.epoch() == r.epochs())) {
                long t0 = System.nanoTime();
                if (settings.recalibrateBatchNorm()) {
                    BatchNormRecalibration.recalibrate(net, train);
                }
                accuracy = QuantizedEvaluation.accuracy(QatExport.toModel(net, classNames, normalization, metadata),
                        validation);
                if (Double.isNaN(bestAccuracy) || accuracy > bestAccuracy) {
                    bestAccuracy = accuracy;
                    bestEpoch = r.epoch();
                    isBest = true;
                    if (config.keepBest()) {
                        best = net.snapshot();
                    }
                }
                validationSeconds += (System.nanoTime() - t0) / 1e9;
            }
            double elapsed = r.elapsedSeconds() + validationSeconds;
            EpochReport out = new EpochReport(r.epoch(), r.epochs(), r.loss(), r.trainAccuracy(), accuracy,
                    r.learningRate(), elapsed, elapsed / r.epoch() * (r.epochs() - r.epoch()), isBest);
            history.add(out);
            downstream.onEpoch(out);
        }

        @Override
        public void saveState(CheckpointData out) {
            out.putDoubles("qat/history", Trainer.historyValues(history));
            out.putInt("qat/best_epoch", bestEpoch).putDouble("qat/best_accuracy", bestAccuracy)
                    .putDouble("qat/validation_seconds", validationSeconds);
            if (best != null) {
                best.forEach((k, v) -> out.putFloats("qat/best/" + k, v));
            }
        }

        @Override
        public void restoreState(CheckpointData in) {
            history.clear();
            history.addAll(Trainer.historyFrom(in, "qat/history"));
            if (!history.isEmpty() && history.size() >= freezeEpoch(history.get(0).epochs())) {
                freezeBatchNorm(false); // the frozen statistics are part of the restored parameters
            }
            bestEpoch = in.intValue("qat/best_epoch");
            bestAccuracy = in.doubleValue("qat/best_accuracy");
            validationSeconds = in.doubleValue("qat/validation_seconds");
            best = null;
            if (in.has("qat/best/" + net.params().get(0).name())) {
                best = new LinkedHashMap<>();
                for (var p : net.params()) {
                    best.put(p.name(), in.floats("qat/best/" + p.name(), p.size()));
                }
            }
        }

        TrainResult finish(TrainResult raw) {
            int epochs = raw.history().size();
            int kept = epochs;
            if (best != null && bestEpoch != epochs) {
                net.restore(best); // its statistics were re-estimated when it was validated
                kept = bestEpoch;
            } else if (settings.recalibrateBatchNorm()) {
                BatchNormRecalibration.recalibrate(net, train);
            }
            return new TrainResult(history, kept, bestAccuracy, raw.trainSeconds() + validationSeconds);
        }
    }
}
