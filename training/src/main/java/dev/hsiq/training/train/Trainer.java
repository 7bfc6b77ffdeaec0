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
 *
 * Repeatable bit for bit for a given configuration, network seed and data when the kernels
 * run on one thread: every random draw comes from seeded SplittableRandom generators in a
 * fixed order.
 */
package dev.hsiq.training.train;

import dev.hsiq.engine.model.Shape;
import dev.hsiq.training.nn.Gaussian;
import dev.hsiq.training.nn.Layer;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.nn.Param;
import dev.hsiq.training.nn.SoftmaxCrossEntropy;
import dev.hsiq.training.optim.LearningRateSchedule;
import dev.hsiq.training.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

public final class Trainer {

    private final TrainConfig config;
    private final LossHook lossHook;

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
        this.config = config;
        this.lossHook = lossHook;
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
        SplittableRandom shuffleRandom = new SplittableRandom(config.seed());
        SplittableRandom augmentRandom = shuffleRandom.split();

        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] batchX = new float[maxBatch * size];
        int[] batchY = new int[maxBatch];
        float[] gradLogits = new float[maxBatch * classes];
        float[] data = train.data();
        int[] labels = train.labels();

        List<EpochReport> history = new ArrayList<>();
        Map<String, float[]> best = null;
        int bestEpoch = config.epochs();
        double bestAccuracy = Double.NaN;
        int epochs = config.epochs();
        long totalSteps = (long) epochs * batchCount;
        long start = System.nanoTime();

        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, shuffleRandom);
            double lossSum = 0;
            long correct = 0;
            int pos = 0;
            double lr = 0;
            for (int b = 0; b < batchCount; b++) {
                int bs = n / batchCount + (b < n % batchCount ? 1 : 0);
                for (int i = 0; i < bs; i++) {
                    int s = order[pos + i];
                    System.arraycopy(data, s * size, batchX, i * size, size);
                    batchY[i] = labels[s];
                }
                pos += bs;
                augment(batchX, bs, size, augmentRandom);
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
                        correct++;
                    }
                }
                lossSum += loss * bs;
                net.backward(gradLogits, bs);
                lr = schedule.rate(epoch + (double) b / batchCount);
                optimizer.step(trainable, (float) lr);
            }
            double valAccuracy = Double.NaN;
            boolean isBest = false;
            if (validation != null && ((epoch + 1) % config.validateEvery() == 0 || epoch + 1 == epochs)) {
                valAccuracy = accuracy(net, validation);
                if (Double.isNaN(bestAccuracy) || valAccuracy > bestAccuracy) {
                    bestAccuracy = valAccuracy;
                    bestEpoch = epoch + 1;
                    isBest = true;
                    if (config.keepBest()) {
                        best = net.snapshot();
                    }
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = elapsed / (epoch + 1) * (epochs - epoch - 1);
            EpochReport report = new EpochReport(epoch + 1, epochs, lossSum / n, (double) correct / n, valAccuracy,
                    lr, elapsed, eta, isBest);
            history.add(report);
            listener.onEpoch(report);
        }
        if (best != null && bestEpoch != epochs) {
            net.restore(best);
        } else if (!config.keepBest() || validation == null) {
            bestEpoch = epochs;
        }
        return new TrainResult(history, bestEpoch, bestAccuracy, (System.nanoTime() - start) / 1e9);
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

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Per-sample scale from U(1 - j, 1 + j), then N(0, noise^2) per value. */
    private void augment(float[] x, int batch, int size, SplittableRandom random) {
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
