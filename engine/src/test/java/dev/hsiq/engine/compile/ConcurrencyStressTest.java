/*
 * Issue 7 part 5: one CompiledModel shared by 8 threads that classify different inputs at the
 * same time gives exactly the sequential results. Two models, random weights with batch norm
 * calibrated (so codes spread and results are input-sensitive): a quantized patch-cnn (2/1,
 * 8-bit input; per-patch and dense-scene plans) and a float spectral-cnn (per-sample and
 * per-pixel scene plans). Each worker owns its inputs (spectra, patches or scenes of its own
 * seed), runs them round after round, each call with another Parallel (the calling thread
 * alone, a 2- or 3-thread Parallel over a test pool, or the embedding API's shared pool
 * through HsiClassifier.withThreads), and compares labels and logits bit for bit with what one
 * sequential call computed beforehand. A CyclicBarrier starts every round for all 8 workers at
 * once, and the test checks that calls really were in flight together.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.Classification;
import dev.hsiq.engine.HsiClassifier;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.testing.TestModels;
import dev.hsiq.kernels.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyStressTest {

    static final int WORKERS = 8;
    static final int ROUNDS = 8;

    /** Worker threads of the internal Parallels (shared by all workers, as an application would). */
    static ExecutorService innerPool;

    @BeforeAll
    static void pool() {
        innerPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stress-inner");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void shutdown() {
        innerPool.shutdownNow();
    }

    /** One kind of call on one input: with {@code parallel}, or through {@code api} when it is null. */
    interface Job {
        Classification run(Parallel parallel, HsiClassifier api);
    }

    record Case(String what, Job job, Classification want) {
    }

    @Test
    void eightThreadsShareOneQuantizedPatchModel() throws Exception {
        Model m = Engines.quantized(ModelSpec.patchCnn(9), 6, Engines.settings("2/1", 8, "8"), 16, 21, true);
        CompiledModel c = CompiledModel.compile(m);
        assertThat(c.denseScene()).isTrue();
        stress(c, (worker, rnd) -> worker % 2 == 0
                ? patches(c, m, 12 + worker, rnd)
                : scene(c, m, 5 + worker, 6 + worker % 3, rnd));
    }

    @Test
    void eightThreadsShareOneFloatSpectralModel() throws Exception {
        Model m = Engines.floating(ModelSpec.spectralCnn(), 7, 103, 22);
        CompiledModel c = CompiledModel.compile(m);
        assertThat(c.quantized()).isFalse();
        stress(c, (worker, rnd) -> worker % 2 == 0
                ? spectra(c, m, 100 + 13 * worker, rnd)
                : scene(c, m, 11 + worker, 13, rnd));
    }

    interface CaseMaker {
        Case make(int worker, Random rnd);
    }

    static Case patches(CompiledModel c, Model m, int count, Random rnd) {
        float[] x = Engines.flatten(TestModels.samples(m, count, rnd));
        Job job = (p, api) -> {
            if (p == null) {
                return api.classifyPatchesWithLogits(x, count);
            }
            int[] labels = new int[count];
            float[] logits = new float[count * c.classes()];
            c.classifyPatches(x, count, labels, logits, p);
            return new Classification(labels, logits, c.classes());
        };
        return new Case(count + " patches", job, job.run(Parallel.sequential(), null));
    }

    static Case spectra(CompiledModel c, Model m, int count, Random rnd) {
        float[] x = Engines.flatten(TestModels.samples(m, count, rnd));
        Job job = (p, api) -> {
            if (p == null) {
                return api.classifySpectraWithLogits(x, count);
            }
            int[] labels = new int[count];
            float[] logits = new float[count * c.classes()];
            c.classifySpectra(x, count, labels, logits, p);
            return new Classification(labels, logits, c.classes());
        };
        return new Case(count + " spectra", job, job.run(Parallel.sequential(), null));
    }

    static Case scene(CompiledModel c, Model m, int rows, int cols, Random rnd) {
        float[] cube = DenseSceneTest.scene(m, rows, cols, rnd.nextLong());
        int n = rows * cols;
        Job job = (p, api) -> {
            if (p == null) {
                return api.classifySceneWithLogits(cube, rows, cols, m.bands());
            }
            int[] labels = new int[n];
            float[] logits = new float[n * c.classes()];
            c.classifyScene(cube, rows, cols, m.bands(), labels, logits, p);
            return new Classification(labels, logits, c.classes());
        };
        return new Case(rows + " x " + cols + " scene", job, job.run(Parallel.sequential(), null));
    }

    /** The Parallel of one call: round and worker pick among 1, 2, 3 threads and the API's pool. */
    static Parallel parallel(int worker, int round) {
        return switch ((worker + round) % 4) {
            case 0 -> Parallel.sequential();
            case 1 -> Parallel.of(innerPool, 2);
            case 2 -> Parallel.of(innerPool, 3);
            default -> null; // through HsiClassifier.withThreads(2): the engine's own thread pool
        };
    }

    static void stress(CompiledModel c, CaseMaker maker) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            cases.add(maker.make(w, new Random(1000 + w)));
        }
        // the inputs differ, so a result handed to the wrong caller would show
        for (int w = 1; w < WORKERS; w++) {
            assertThat(cases.get(w).want().logits()).isNotEqualTo(cases.get(0).want().logits());
        }
        HsiClassifier api = HsiClassifier.of(c).withThreads(2);
        CyclicBarrier start = new CyclicBarrier(WORKERS);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                Case mine = cases.get(w);
                done.add(workers.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        start.await(30, TimeUnit.SECONDS);
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Parallel p = parallel(worker, round);
                        Classification got = mine.job().run(p, api);
                        inFlight.decrementAndGet();
                        assertThat(got.labels()).as("worker %d round %d: labels of %s", worker, round, mine.what())
                                .isEqualTo(mine.want().labels());
                        assertThat(Engines.bits(got.logits())).as("worker %d round %d: logits of %s", worker, round,
                                mine.what()).isEqualTo(Engines.bits(mine.want().logits()));
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(ROUNDS);
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(maxInFlight.get()).as("calls in flight at once").isGreaterThan(1);
    }
}
