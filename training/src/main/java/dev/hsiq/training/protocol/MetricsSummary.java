/*
 * Mean and standard deviation of evaluation metrics over runs (seeds), as the protocol
 * reports them: OA, AA, kappa and each class's accuracy. The standard deviation is the
 * population one (divide by the number of runs, numpy.std's default, which is what most
 * HSI papers' code prints); with a single run it is 0. A class's statistics use only the
 * runs where it had test samples.
 */
package dev.hsiq.training.protocol;

import dev.hsiq.engine.error.BadInputException;

import java.util.ArrayList;
import java.util.List;

public record MetricsSummary(int runs, Stat oa, Stat aa, Stat kappa, List<String> classNames, List<Stat> perClass) {

    /** Mean and (population) standard deviation of one quantity over {@code n} runs. */
    public record Stat(double mean, double std, int n) {

        static Stat of(double[] values, int n) {
            if (n == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[i];
            }
            double mean = sum / n;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                sq += (values[i] - mean) * (values[i] - mean);
            }
            return new Stat(mean, Math.sqrt(sq / n), n);
        }
    }

    public MetricsSummary {
        classNames = List.copyOf(classNames);
        perClass = List.copyOf(perClass);
    }

    public static MetricsSummary of(List<EvaluationMetrics> runs) {
        if (runs.isEmpty()) {
            throw new BadInputException("no runs to summarize");
        }
        int r = runs.size();
        int k = runs.get(0).classCount();
        double[] oa = new double[r];
        double[] aa = new double[r];
        double[] kappa = new double[r];
        for (int i = 0; i < r; i++) {
            EvaluationMetrics m = runs.get(i);
            if (m.classCount() != k) {
                throw new BadInputException("run " + (i + 1) + " has " + m.classCount() + " classes, run 1 has " + k);
            }
            oa[i] = m.oa();
            aa[i] = m.aa();
            kappa[i] = m.kappa();
        }
        List<Stat> per = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double[] v = new double[r];
            int n = 0;
            for (EvaluationMetrics m : runs) {
                ClassAccuracy ca = m.perClass().get(c);
                if (ca.n() > 0) {
                    v[n++] = ca.accuracy();
                }
            }
            per.add(Stat.of(v, n));
            names.add(runs.get(0).perClass().get(c).name());
        }
        return new MetricsSummary(r, Stat.of(oa, r), Stat.of(aa, r), Stat.of(kappa, r), names, per);
    }
}
