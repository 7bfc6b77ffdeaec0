/*
 * Per-parameter state arrays keyed by parameter name, created on first use, exported and
 * imported by copy.
 */
package dev.hsiq.training.optim;

import dev.hsiq.training.nn.Param;

import java.util.LinkedHashMap;
import java.util.Map;

final class StateMaps {

    private final String prefix;
    private final Map<String, float[]> arrays = new LinkedHashMap<>();

    StateMaps(String prefix) {
        this.prefix = prefix;
    }

    float[] of(Param p) {
        float[] a = arrays.get(p.name());
        if (a == null) {
            a = new float[p.size()];
            arrays.put(p.name(), a);
        } else if (a.length != p.size()) {
            throw new IllegalStateException(prefix + p.name() + ": state has " + a.length + " values, the parameter "
                    + p.size());
        }
        return a;
    }

    void exportTo(Map<String, float[]> out) {
        arrays.forEach((name, a) -> out.put(prefix + name, a.clone()));
    }

    void importFrom(Map<String, float[]> in) {
        arrays.clear();
        in.forEach((key, a) -> {
            if (key.startsWith(prefix)) {
                arrays.put(key.substring(prefix.length()), a.clone());
            }
        });
    }
}
