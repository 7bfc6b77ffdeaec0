/*
 * Typed access to a parsed JSON object with errors that name the field and the document:
 * "spec.json: field 'layers[3].kernel' must be a positive integer, found "x"".
 */
package dev.hsiq.engine.json;

import java.util.List;
import java.util.Map;

public record JsonObject(String where, Map<String, Object> map) {

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    private JsonException wrong(String key, String expected) {
        Object v = map.get(key);
        return new JsonException(where + ": field '" + key + "' must be " + expected + ", found "
                + (v == null ? "nothing" : Json.typeName(v) + " " + abbreviate(String.valueOf(v))));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    public String string(String key) {
        if (!(map.get(key) instanceof String s)) {
            throw wrong(key, "a string");
        }
        return s;
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public long integer(String key) {
        Object v = map.get(key);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15) {
            return d.longValue();
        }
        throw wrong(key, "an integer");
    }

    public int intIn(String key, int min, int max) {
        long v = integer(key);
        if (v < min || v > max) {
            throw wrong(key, "an integer in " + min + ".." + max);
        }
        return (int) v;
    }

    public int intIn(String key, int min, int max, int fallback) {
        return has(key) ? intIn(key, min, max) : fallback;
    }

    public double number(String key) {
        if (!(map.get(key) instanceof Number n)) {
            throw wrong(key, "a number");
        }
        return n.doubleValue();
    }

    public double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        if (!(map.get(key) instanceof Boolean b)) {
            throw wrong(key, "true or false");
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    public JsonObject object(String key) {
        if (!(map.get(key) instanceof Map<?, ?> m)) {
            throw wrong(key, "an object");
        }
        return new JsonObject(where + "." + key, (Map<String, Object>) m);
    }

    @SuppressWarnings("unchecked")
    public List<Object> array(String key) {
        if (!(map.get(key) instanceof List<?> l)) {
            throw wrong(key, "an array");
        }
        return (List<Object>) l;
    }

    /** The elements of an array field that must all be objects. */
    @SuppressWarnings("unchecked")
    public List<JsonObject> objects(String key) {
        List<Object> list = array(key);
        java.util.ArrayList<JsonObject> out = new java.util.ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new JsonException(where + ": element " + i + " of '" + key + "' must be an object");
            }
            out.add(new JsonObject(where + "." + key + "[" + i + "]", (Map<String, Object>) m));
        }
        return out;
    }
}
