/*
 * What one training or evaluation run reports, written as DIR/report.json and
 * DIR/report.md by `hsiq train` and `hsiq eval`. Field names in the JSON are the ones
 * scripts and the reproduction driver rely on:
 *
 *   dataset, provenance, model, bits ("fp32" or "A/W"), grad, input_bits, train_ratio,
 *   seed, n_train, n_test, oa, aa, kappa, per_class [{name, accuracy, n}], confusion,
 *   epochs, train_seconds, params, weight_bytes, weight_bytes_fp32, weight_bytes_packed,
 *   memory_ratio.
 *
 * Accuracies are fractions in [0, 1] in the JSON and percentages in the Markdown.
 */
package dev.hsiq.training.report;

import dev.hsiq.engine.io.AtomicFiles;
import dev.hsiq.engine.json.Json;
import dev.hsiq.training.protocol.ClassAccuracy;
import dev.hsiq.training.protocol.EvaluationMetrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public record RunReport(String dataset, String provenance, String model, String bits, String grad,
                        int inputBits, double trainRatio, long seed, int nTrain, int nTest,
                        EvaluationMetrics metrics, int epochs, double trainSeconds, long params,
                        long weightBytes, long weightBytesFp32, long weightBytesPacked,
                        Map<String, Object> extra) {

    public RunReport {
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** float32 bytes over packed bytes of the same network (1 for a float model). */
    public double memoryRatio() {
        return weightBytesPacked <= 0 ? 1.0 : (double) weightBytesFp32 / weightBytesPacked;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("provenance", provenance);
        m.put("model", model);
        m.put("bits", bits);
        m.put("grad", grad);
        m.put("input_bits", (long) inputBits);
        m.put("train_ratio", trainRatio);
        m.put("seed", seed);
        m.put("n_train", (long) nTrain);
        m.put("n_test", (long) nTest);
        m.put("oa", metrics.oa());
        m.put("aa", metrics.aa());
        m.put("kappa", metrics.kappa());
        List<Object> pc = new ArrayList<>();
        for (ClassAccuracy c : metrics.perClass()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name());
            e.put("accuracy", c.accuracy());
            e.put("n", c.n());
            pc.add(e);
        }
        m.put("per_class", pc);
        List<Object> conf = new ArrayList<>();
        for (long[] row : metrics.confusion()) {
            conf.add(row);
        }
        m.put("confusion", conf);
        m.put("epochs", (long) epochs);
        m.put("train_seconds", trainSeconds);
        m.put("params", params);
        m.put("weight_bytes", weightBytes);
        m.put("weight_bytes_fp32", weightBytesFp32);
        m.put("weight_bytes_packed", weightBytesPacked);
        m.put("memory_ratio", memoryRatio());
        m.putAll(extra);
        return m;
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(model).append(" on ").append(dataset).append(" (").append(bits).append(")\n\n");
        if (provenance != null && !provenance.isEmpty()) {
            sb.append("Data: ").append(provenance).append("\n\n");
        }
        sb.append("| OA | AA | kappa | train | test | seed | train ratio | epochs | train time | weight bytes | memory ratio |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        sb.append(String.format(Locale.ROOT, "| %.2f | %.2f | %.4f | %d | %d | %d | %.3f | %d | %.1f s | %d | %.2f |%n",
                100 * metrics.oa(), 100 * metrics.aa(), metrics.kappa(), nTrain, nTest, seed, trainRatio, epochs, trainSeconds,
                weightBytes, memoryRatio()));
        if (!"fp32".equals(bits)) {
            sb.append(String.format(Locale.ROOT, "%nQuantization: bits %s, gradient %s, input bits %d.%n",
                    bits, grad, inputBits));
        }
        sb.append("\n## Per-class accuracy\n\n| class | name | accuracy | n |\n|---:|:---|---:|---:|\n");
        List<ClassAccuracy> perClass = metrics.perClass();
        long[][] confusion = metrics.confusion();
        for (int i = 0; i < perClass.size(); i++) {
            ClassAccuracy c = perClass.get(i);
            sb.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %d |%n", i + 1, c.name(), 100 * c.accuracy(), c.n()));
        }
        sb.append("\n## Confusion matrix (rows: true class, columns: predicted)\n\n|   |");
        for (int j = 0; j < confusion.length; j++) {
            sb.append(' ').append(j + 1).append(" |");
        }
        sb.append("\n|---|");
        sb.append("---:|".repeat(confusion.length));
        sb.append('\n');
        for (int i = 0; i < confusion.length; i++) {
            sb.append("| ").append(i + 1).append(" |");
            for (long v : confusion[i]) {
                sb.append(' ').append(v).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes DIR/report.json and DIR/report.md atomically. */
    public void write(Path dir) {
        AtomicFiles.writeString(dir.resolve("report.json"), Json.write(toJson()) + "\n");
        AtomicFiles.writeString(dir.resolve("report.md"), toMarkdown());
    }

    /** Reads back what toJson wrote (for caches of finished runs); extra fields are kept. */
    @SuppressWarnings("unchecked")
    public static RunReport fromJson(Map<String, Object> m, String where) {
        dev.hsiq.engine.json.JsonObject o = new dev.hsiq.engine.json.JsonObject(where, m);
        List<ClassAccuracy> per = new ArrayList<>();
        for (dev.hsiq.engine.json.JsonObject c : o.objects("per_class")) {
            per.add(new ClassAccuracy(c.string("name"), c.number("accuracy"), c.integer("n")));
        }
        List<Object> rows = o.array("confusion");
        long[][] confusion = new long[rows.size()][];
        long total = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.get(i) instanceof List<?> row) || row.size() != rows.size()) {
                throw new dev.hsiq.engine.json.JsonException(where + ": confusion row " + i + " is not a list of "
                        + rows.size() + " counts");
            }
            confusion[i] = new long[row.size()];
            for (int j = 0; j < row.size(); j++) {
                if (!(row.get(j) instanceof Number n)) {
                    throw new dev.hsiq.engine.json.JsonException(where + ": confusion[" + i + "][" + j + "] is not a number");
                }
                confusion[i][j] = n.longValue();
                total += confusion[i][j];
            }
        }
        EvaluationMetrics metrics = new EvaluationMetrics(o.number("oa"), o.number("aa"), o.number("kappa"), per,
                confusion, total);
        java.util.Set<String> known = java.util.Set.of("dataset", "provenance", "model", "bits", "grad", "input_bits",
                "train_ratio", "seed", "n_train", "n_test", "oa", "aa", "kappa", "per_class", "confusion", "epochs",
                "train_seconds", "params", "weight_bytes", "weight_bytes_fp32", "weight_bytes_packed", "memory_ratio");
        Map<String, Object> extra = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!known.contains(k)) {
                extra.put(k, v);
            }
        });
        return new RunReport(o.string("dataset"), o.string("provenance", ""), o.string("model"), o.string("bits"),
                o.string("grad", "none"), (int) o.integer("input_bits"), o.has("train_ratio") ? o.number("train_ratio")
                : Double.NaN, o.integer("seed"), (int) o.integer("n_train"), (int) o.integer("n_test"), metrics,
                (int) o.integer("epochs"), o.number("train_seconds"), o.integer("params"), o.integer("weight_bytes"),
                o.integer("weight_bytes_fp32"), o.integer("weight_bytes_packed"), extra);
    }
}
