/*
 * The mini-batch training loop: shuffles the training set each epoch with a generator
 * seeded from the configuration, forms balanced batches (n samples in ceil(n / batch)
 * batches whose sizes differ by at most one), augments them, runs forward, softmax
 * cross-entropy, backward and an optimizer step at the scheduled learning rate, and after
 * each epoch reports progress and, with a validation set, keeps the parameters of the best
 * validation accuracy.
 *
 * An optional LossHook sees every batch after the cross-entropy and may change its loss and
 * dL/dlogits (quantization-aware training uses it for distillation from the float model).
 * An optional WeightAveraging follows every optimizer step; at the end of training its
 * averages replace the trainable parameters (before a best validation epoch is restored,
 * which keeps that epoch's raw weights).
 *
 * Repeatable bit for bit for a given configuration, network seed and data (training runs
 * its kernels on the calling thread): every random draw comes from seeded SavableRandom
 * generators (SplittableRandom's sequence) in a fixed order.
 *
 * Checkpoints (TrainingCheckpoints, optional): after every epoch the complete state is saved
 * - every parameter and running statistic, the optimizer state, both generators, the
 * sample order, the layers' own state (dropout generators, the tanh table), the history and
 * best epoch, and a stateful listener's state - so a run resumed from it continues exactly
 * as the uninterrupted run would; a stop request saves mid-epoch at the next batch boundary.
 */
package dev.hsiq.training.train;

import dev.hsiq.engine.model.Shape;
import dev.hsiq.training.checkpoint.CheckpointData;
import dev.hsiq.training.nn.Gaussian;
import dev.hsiq.training.nn.Layer;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.nn.Param;
import dev.hsiq.training.nn.SavableRandom;
import dev.hsiq.training.nn.SoftmaxCrossEntropy;
import dev.hsiq.training.optim.LearningRateSchedule;
import dev.hsiq.training.optim.Optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Trainer {

    private final TrainConfig config;
    private final LossHook lossHook;
    private final WeightAveraging averaging;

    /**
     * Adjusts one training batch's loss after softmax cross-entropy: {@code gradLogits}
     * (batch x classes) holds dL/dlogits of the cross-entropy on entry and must hold that of
     * the returned loss on exit. {@code batchX} is the augmented input batch.
     */
    @FunctionalInterface
    public interface LossHook {
        double adjust(float[] batchX, int[] labels, int batch, float[] logits, double loss, float[] gradLogits);
    }

    public Trainer(TrainConfig config) {
        this(config, null);
    }

    /** A trainer whose batch losses pass through {@code lossHook} (null: plain cross-entropy). */
    public Trainer(TrainConfig config, LossHook lossHook) {
        this(config, lossHook, null);
    }

    /**
     * A trainer with a loss hook (null: none) that averages the trainable parameters over the
     * steps with {@code averaging} (null: none) and ends with the averages.
     */
    public Trainer(TrainConfig config, LossHook lossHook, WeightAveraging averaging) {
        this.config = config;
        this.lossHook = lossHook;
        this.averaging = averaging;
    }

    public TrainConfig config() {
        return config;
    }

    /**
     * Trains {@code net} in place on {@code train}; {@code validation} may be null. Returns
     * the history; the network ends with the best validation epoch's parameters when
     * keepBest is set and a validation set was given, else with the last epoch's.
     */
    public TrainResult train(Network net, LabeledSamples train, LabeledSamples validation, EpochListener listener) {
        return train(net, train, validation, listener, null);
    }

    /**
     * As {@link #train(Network, LabeledSamples, LabeledSamples, EpochListener)}, saving the
     * complete training state to {@code checkpoints} after every epoch (and at the next batch
     * boundary when it asks to stop) and resuming from the state it returns at the start, so
     * an interrupted run that is resumed ends bit for bit as an uninterrupted one. The network
     * must be built as for a fresh run (same spec, seed and data); every parameter and
     * running statistic is then overwritten from the checkpoint. Null: no checkpoints.
     */
    public TrainResult train(Network net, LabeledSamples train, LabeledSamples validation, EpochListener listener,
                             TrainingCheckpoints checkpoints) {
        Shape shape = net.inputShape();
        checkSet("training", train, shape);
        if (validation != null) {
            checkSet("validation", validation, shape);
            validation.classCounts(net.classes());
        }
        int classes = net.classes();
        int[] counts = train.classCounts(classes);
        int n = train.count();
        if (n < 1) {
            throw new IllegalArgumentException("the training set is empty");
        }
        int size = shape.size();
        int batchCount = (n + config.batchSize() - 1) / config.batchSize();
        int maxBatch = (n + batchCount - 1) / batchCount;

        SoftmaxCrossEntropy lossFn = new SoftmaxCrossEntropy(classes, classWeights(counts),
                (float) config.labelSmoothing());
        Optimizer optimizer = config.newOptimizer();
        LearningRateSchedule schedule = config.newSchedule();
        List<Param> trainable = new ArrayList<>();
        for (Param p : net.params()) {
            if (p.trainable()) {
                trainable.add(p);
            }
        }
        Loop s = new Loop(n, config.epochs());
        float[] batchX = new float[maxBatch * size];
        int[] batchY = new int[maxBatch];
        float[] gradLogits = new float[maxBatch * classes];
        float[] data = train.data();
        int[] labels = train.labels();
        int epochs = config.epochs();
        long totalSteps = (long) epochs * batchCount;

        CheckpointData resume = checkpoints == null ? null : checkpoints.start();
        try {
            if (resume != null) {
                s.restore(resume, net, optimizer, listener, batchCount);
            }
            if (averaging != null && resume == null) {
                averaging.start(trainable);
            }
            long start = System.nanoTime() - (long) (s.elapsedBefore * 1e9);
            for (int epoch = s.epoch; epoch < epochs; epoch++) {
                if (s.batch == 0) {
                    shuffle(s.order, s.shuffleRandom);
                }
                for (int b = s.batch; b < batchCount; b++) {
                    int bs = n / batchCount + (b < n % batchCount ? 1 : 0);
                    for (int i = 0; i < bs; i++) {
                        int k = s.order[s.position + i];
                        System.arraycopy(data, k * size, batchX, i * size, size);
                        batchY[i] = labels[k];
                    }
                    s.position += bs;
                    augment(batchX, bs, size, s.augmentRandom);
                    double progress = (double) ((long) epoch * batchCount + b) / totalSteps;
                    for (Layer l : net.layers()) {
                        l.trainingProgress(progress);
                    }
                    net.zeroGrad();
                    float[] logits = net.forward(batchX, bs, true);
                    double loss = lossFn.lossAndGradient(logits, batchY, bs, gradLogits);
                    if (lossHook != null) {
                        loss = lossHook.adjust(batchX, batchY, bs, logits, loss, gradLogits);
                    }
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("training diverged in epoch " + (epoch + 1) + " (loss " + loss
                                + "); lower the learning rate");
                    }
                    for (int i = 0; i < bs; i++) {
                        if (SoftmaxCrossEntropy.argmax(logits, i, classes) == batchY[i]) {
                            s.correct++;
                        }
                    }
                    s.lossSum += loss * bs;
                    net.backward(gradLogits, bs);
                    s.lr = schedule.rate(epoch + (double) b / batchCount);
                    optimizer.step(trainable, (float) s.lr);
                    if (averaging != null) {
                        averaging.update(trainable);
                    }
                    if (checkpoints != null && b + 1 < batchCount && checkpoints.stopRequested()) {
                        s.epoch = epoch;
                        s.batch = b + 1;
                        s.elapsedBefore = (System.nanoTime() - start) / 1e9;
                        checkpoints.save(s.save(net, optimizer, listener));
                        throw stopped(epoch, b + 1, batchCount);
                    }
                }
                double valAccuracy = Double.NaN;
                boolean isBest = false;
                if (validation != null && ((epoch + 1) % config.validateEvery() == 0 || epoch + 1 == epochs)) {
                    valAccuracy = accuracy(net, validation);
                    if (Double.isNaN(s.bestAccuracy) || valAccuracy > s.bestAccuracy) {
                        s.bestAccuracy = valAccuracy;
                        s.bestEpoch = epoch + 1;
                        isBest = true;
                        if (config.keepBest()) {
                            s.best = net.snapshot();
                        }
                    }
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                double eta = elapsed / (epoch + 1) * (epochs - epoch - 1);
                EpochReport report = new EpochReport(epoch + 1, epochs, s.lossSum / n, (double) s.correct / n,
                        valAccuracy, s.lr, elapsed, eta, isBest);
                s.history.add(report);
                listener.onEpoch(report);
                s.epoch = epoch + 1;
                s.batch = 0;
                s.position = 0;
                s.lossSum = 0;
                s.correct = 0;
                if (checkpoints != null) {
                    s.elapsedBefore = elapsed;
                    checkpoints.save(s.save(net, optimizer, listener));
                    if (epoch + 1 < epochs && checkpoints.stopRequested()) {
                        throw stopped(epoch + 1, 0, batchCount);
                    }
                }
            }
            int bestEpoch = s.bestEpoch;
            if (averaging != null) {
                averaging.applyTo(trainable);
            }
            if (s.best != null && bestEpoch != epochs) {
                net.restore(s.best);
            } else if (!config.keepBest() || validation == null) {
                bestEpoch = epochs;
            }
            return new TrainResult(s.history, bestEpoch, s.bestAccuracy, (System.nanoTime() - start) / 1e9);
        } finally {
            if (checkpoints != null) {
                checkpoints.end();
            }
        }
    }

    private static TrainingStoppedException stopped(int epoch, int batch, int batchCount) {
        return new TrainingStoppedException("training stopped in epoch " + (epoch + 1) + " after batch " + batch
                + " of " + batchCount + "; the checkpoint is saved");
    }

    /**
     * The loop's state between batches: where it is (epoch, batch and sample position within
     * the epoch), the epoch's running loss and hits, the sample order (shuffled in place each
     * epoch, so it carries over), the generators, the history and the best epoch so far.
     * save / restore map it, the network, the optimizer, the layers' own state and a stateful
     * listener's to checkpoint entries (file comment of CheckpointFile; names in ENTRY_*).
     */
    private final class Loop {
        int epoch;
        int batch;
        int position;
        double lossSum;
        long correct;
        double lr;
        double elapsedBefore;
        final int[] order;
        final SavableRandom shuffleRandom = new SavableRandom(config.seed());
        final SavableRandom augmentRandom = shuffleRandom.split();
        final List<EpochReport> history = new ArrayList<>();
        Map<String, float[]> best;
        int bestEpoch = config.epochs();
        double bestAccuracy = Double.NaN;

        Loop(int n, int epochs) {
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
        }

        CheckpointData save(Network net, Optimizer optimizer, EpochListener listener) {
            CheckpointData d = new CheckpointData("checkpoint");
            d.putInt("trainer/epoch", epoch).putInt("trainer/batch", batch).putInt("trainer/position", position)
                    .putDouble("trainer/loss_sum", lossSum).putLong("trainer/correct", correct)
                    .putDouble("trainer/lr", lr).putDouble("trainer/elapsed_seconds", elapsedBefore)
                    .putInts("trainer/order", order)
                    .putInt("trainer/best_epoch", bestEpoch).putDouble("trainer/best_accuracy", bestAccuracy)
                    .putDoubles("trainer/history", historyValues(history))
                    .putLongs("rng/shuffle", shuffleRandom.state()).putLongs("rng/augment", augmentRandom.state());
            for (Param p : net.params()) {
                d.putFloats("net/" + p.name(), p.value());
            }
            optimizer.exportState().forEach((k, v) -> d.putFloats("optimizer/" + k, v));
            for (Layer l : net.layers()) {
                long[] state = l.checkpointState();
                if (state != null) {
                    d.putLongs("layer/" + l.name(), state);
                }
            }
            if (best != null) {
                best.forEach((k, v) -> d.putFloats("best/" + k, v));
            }
            if (averaging != null) {
                averaging.save(d);
            }
            if (listener instanceof StatefulEpochListener sl) {
                sl.saveState(d);
            }
            return d;
        }

        void restore(CheckpointData d, Network net, Optimizer optimizer, EpochListener listener, int batchCount) {
            epoch = d.intValue("trainer/epoch");
            batch = d.intValue("trainer/batch");
            position = d.intValue("trainer/position");
            if (epoch < 0 || epoch > config.epochs() || batch < 0 || batch >= batchCount
                    || (batch > 0 && epoch == config.epochs()) || position < 0 || position > order.length) {
                throw d.bad("trainer/epoch", "epoch " + epoch + ", batch " + batch + ", position " + position
                        + " do not fit a run of " + config.epochs() + " epochs of " + batchCount + " batches");
            }
            lossSum = d.doubleValue("trainer/loss_sum");
            correct = d.longValue("trainer/correct");
            lr = d.doubleValue("trainer/lr");
            elapsedBefore = d.doubleValue("trainer/elapsed_seconds");
            int[] o = d.ints("trainer/order");
            boolean[] seen = new boolean[order.length];
            if (o.length != order.length) {
                throw d.bad("trainer/order", o.length + " samples, the training set has " + order.length);
            }
            for (int i = 0; i < o.length; i++) {
                if (o[i] < 0 || o[i] >= o.length || seen[o[i]]) {
                    throw d.bad("trainer/order", "is not a permutation of the training samples");
                }
                seen[o[i]] = true;
            }
            System.arraycopy(o, 0, order, 0, o.length);
            bestEpoch = d.intValue("trainer/best_epoch");
            bestAccuracy = d.doubleValue("trainer/best_accuracy");
            history.clear();
            history.addAll(historyFrom(d, "trainer/history"));
            if (history.size() != epoch) {
                throw d.bad("trainer/history", history.size() + " epochs, the checkpoint is after " + epoch);
            }
            try {
                shuffleRandom.restore(d.longs("rng/shuffle"));
                augmentRandom.restore(d.longs("rng/augment"));
            } catch (IllegalArgumentException e) {
                throw d.bad("rng", e.getMessage());
            }
            for (Param p : net.params()) {
                System.arraycopy(d.floats("net/" + p.name(), p.size()), 0, p.value(), 0, p.size());
            }
            Map<String, float[]> opt = new LinkedHashMap<>();
            d.entries().forEach((k, v) -> {
                if (k.startsWith("optimizer/") && v instanceof float[] f) {
                    opt.put(k.substring("optimizer/".length()), f.clone());
                }
            });
            for (Param p : net.params()) {
                for (Map.Entry<String, float[]> e : opt.entrySet()) {
                    if (e.getKey().endsWith("/" + p.name()) && e.getValue().length != p.size()) {
                        throw d.bad("optimizer/" + e.getKey(), e.getValue().length + " values, parameter '"
                                + p.name() + "' has " + p.size());
                    }
                }
            }
            try {
                optimizer.importState(opt);
            } catch (IllegalArgumentException e) {
                throw d.bad("optimizer", e.getMessage());
            }
            for (Layer l : net.layers()) {
                String key = "layer/" + l.name();
                if (d.has(key)) {
                    try {
                        l.restoreCheckpointState(d.longs(key));
                    } catch (IllegalArgumentException e) {
                        throw d.bad(key, e.getMessage());
                    }
                } else if (l.checkpointState() != null) {
                    throw d.bad(key, "missing (the layer keeps state that a resumed run needs)");
                }
            }
            best = null;
            if (d.has("best/" + net.params().get(0).name())) {
                best = new LinkedHashMap<>();
                for (Param p : net.params()) {
                    best.put(p.name(), d.floats("best/" + p.name(), p.size()));
                }
            }
            if (averaging != null) {
                List<Param> trainable = new ArrayList<>();
                for (Param p : net.params()) {
                    if (p.trainable()) {
                        trainable.add(p);
                    }
                }
                averaging.restore(d, trainable);
            }
            if (listener instanceof StatefulEpochListener sl) {
                sl.restoreState(d);
            }
        }
    }

    /** Epoch reports as 9 doubles each (CheckpointData holds arrays, not records). */
    public static double[] historyValues(List<EpochReport> history) {
        double[] v = new double[9 * history.size()];
        int i = 0;
        for (EpochReport r : history) {
            v[i++] = r.epoch();
            v[i++] = r.epochs();
            v[i++] = r.loss();
            v[i++] = r.trainAccuracy();
            v[i++] = r.validationAccuracy();
            v[i++] = r.learningRate();
            v[i++] = r.elapsedSeconds();
            v[i++] = r.etaSeconds();
            v[i++] = r.best() ? 1 : 0;
        }
        return v;
    }

    /** The epoch reports stored by historyValues under {@code name}. */
    public static List<EpochReport> historyFrom(CheckpointData d, String name) {
        double[] v = d.doubles(name);
        if (v.length % 9 != 0) {
            throw d.bad(name, v.length + " values is not a whole number of epoch reports");
        }
        List<EpochReport> out = new ArrayList<>();
        for (int i = 0; i < v.length; i += 9) {
            out.add(new EpochReport((int) v[i], (int) v[i + 1], v[i + 2], v[i + 3], v[i + 4], v[i + 5], v[i + 6],
                    v[i + 7], v[i + 8] != 0));
        }
        return out;
    }

    /** Fraction of {@code set} that {@code net} classifies correctly (eval mode). */
    public static double accuracy(Network net, LabeledSamples set) {
        int[] predicted = net.predict(set.data(), set.count());
        int[] labels = set.labels();
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return set.count() == 0 ? Double.NaN : (double) correct / set.count();
    }

    private static void checkSet(String what, LabeledSamples set, Shape shape) {
        if (!set.shape().equals(shape)) {
            throw new IllegalArgumentException("the " + what + " samples have shape " + set.shape()
                    + ", the network reads " + shape);
        }
    }

    /** Loss weight (n / (C n_c))^power per class; null when unweighted. */
    private float[] classWeights(int[] counts) {
        double power = config.classWeightPower();
        if (power == 0) {
            return null;
        }
        long n = 0;
        int present = 0;
        for (int c : counts) {
            n += c;
            if (c > 0) {
                present++;
            }
        }
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) Math.pow((double) n / ((double) present * counts[c]), power);
        }
        return w;
    }

    private static void shuffle(int[] order, SavableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Per-sample scale from U(1 - j, 1 + j), then N(0, noise^2) per value. */
    private void augment(float[] x, int batch, int size, SavableRandom random) {
        double jitter = config.scaleJitter();
        double noise = config.noiseStd();
        if (jitter == 0 && noise == 0) {
            return;
        }
        for (int i = 0; i < batch; i++) {
            int base = i * size;
            float scale = jitter == 0 ? 1f : (float) (1 + jitter * (2 * random.nextDouble() - 1));
            for (int k = 0; k < size; k++) {
                float v = x[base + k] * scale;
                if (noise != 0) {
                    v += (float) (noise * Gaussian.next(random));
                }
                x[base + k] = v;
            }
        }
    }
}
