/*
 * What a training run was started with, as ordered "key = value" lines stored in its
 * checkpoint: the dataset, the resolved model spec, the split (its spec and the fingerprint
 * of its indices), a SHA-256 of the normalized training and validation samples and labels
 * and of the normalization, every TrainConfig field, the seed, every quantization setting,
 * and a SHA-256 of the --init model. A resumed run must match it line for line, else
 * RunCheckpoint refuses it naming the first keys that differ; so resuming with other
 * options or other data cannot silently mix two runs.
 *
 * Keys starting with "~" are informational: the kernels in use (the Vector API and the
 * scalar kernels round differently, so a resumed run on other kernels is not bit-identical;
 * it is allowed with a note).
 */
package dev.hsiq.training.checkpoint;

import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.json.Json;
import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.kernels.Vectorization;
import dev.hsiq.training.quant.QatSettings;
import dev.hsiq.training.run.PreparedData;
import dev.hsiq.training.train.LabeledSamples;
import dev.hsiq.training.train.TrainConfig;

import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class RunFingerprint {

    private final Map<String, String> fields;

    private RunFingerprint(Map<String, String> fields) {
        Map<String, String> oneLine = new LinkedHashMap<>();
        fields.forEach((k, v) -> oneLine.put(k, v.replaceAll("\\s*\n\\s*", " ")));
        this.fields = oneLine;
    }

    /** The fingerprint of a run from its resolved inputs ({@code quant} and {@code init} may be null). */
    public static RunFingerprint of(PreparedData data, ModelSpec spec, TrainConfig config, long seed,
                                    QatSettings quant, Model init) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("dataset", data.data().name());
        f.put("model", Json.write(spec.toJson()));
        f.put("bands", Integer.toString(data.data().bands()));
        f.put("classes", String.join(",", data.data().classNames()));
        f.put("split", data.split().spec().toString());
        f.put("split_indices", data.split().fingerprintHex());
        f.put("samples_sha256", samplesHash(data));
        f.put("seed", Long.toString(seed));
        components("train.", config, f);
        if (quant == null) {
            f.put("quantization", "none (float)");
        } else {
            components("quant.", quant, f);
        }
        f.put("init_sha256", init == null ? "none" : sha256(ModelFile.toBytes(init)));
        f.put("~kernels", Vectorization.decision().toString());
        return new RunFingerprint(f);
    }

    /** Parses the text written by text(); {@code data} names the checkpoint in errors. */
    static RunFingerprint parse(String text, CheckpointData data) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf(" = ");
            if (eq < 1) {
                throw data.bad("fingerprint", "line '" + line + "' is not 'key = value'");
            }
            f.put(line.substring(0, eq), line.substring(eq + 3));
        }
        return new RunFingerprint(f);
    }

    /** One "key = value" line per field. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    public Map<String, String> fields() {
        return fields;
    }

    /** The keys (informational ones excluded) whose values differ, each as "key (checkpoint X, now Y)". */
    public List<String> differences(RunFingerprint saved) {
        List<String> out = new ArrayList<>();
        List<String> keys = new ArrayList<>(fields.keySet());
        saved.fields.keySet().stream().filter(k -> !fields.containsKey(k)).forEach(keys::add);
        for (String k : keys) {
            if (k.startsWith("~")) {
                continue;
            }
            String now = fields.get(k);
            String then = saved.fields.get(k);
            if (now == null || !now.equals(then)) {
                boolean shortValues = (now == null || now.length() <= 40) && (then == null || then.length() <= 40);
                out.add(shortValues ? k + " (checkpoint " + (then == null ? "-" : then) + ", now "
                        + (now == null ? "-" : now) + ")" : k);
            }
        }
        return out;
    }

    /** The informational keys whose values differ, as "key: checkpoint X, now Y". */
    public List<String> notes(RunFingerprint saved) {
        List<String> out = new ArrayList<>();
        fields.forEach((k, v) -> {
            String then = saved.fields.get(k);
            if (k.startsWith("~") && then != null && !then.equals(v)) {
                out.add(k.substring(1) + ": the checkpoint was written with '" + then + "', this run uses '" + v
                        + "'; the result will not be bit-identical to an uninterrupted run");
            }
        });
        return out;
    }

    private static void components(String prefix, Record r, Map<String, String> out) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                out.put(prefix + c.getName(), String.valueOf(c.getAccessor().invoke(r)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getName(), e);
            }
        }
    }

    private static String samplesHash(PreparedData data) {
        MessageDigest md = sha256();
        update(md, data.train());
        update(md, data.validation());
        float[] low = data.normalization().low();
        float[] high = data.normalization().high();
        md.update(floats(low));
        md.update(floats(high));
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, LabeledSamples s) {
        if (s == null) {
            md.update((byte) 0);
            return;
        }
        md.update((byte) 1);
        md.update(s.shape().toString().getBytes(StandardCharsets.UTF_8));
        md.update(floats(s.data()));
        ByteBuffer b = ByteBuffer.allocate(4 * s.labels().length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(s.labels());
        md.update(b.array());
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
