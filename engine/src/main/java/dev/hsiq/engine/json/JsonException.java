/* Thrown for malformed JSON or a JSON document of the wrong form; the message says where. */
package dev.hsiq.engine.json;

public class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
