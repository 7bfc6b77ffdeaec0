/*
 * Thrown for malformed JSON or a JSON document of the wrong form; the message says where
 * (the source, e.g. a spec file's name, and the field or offset). Part of the project's error
 * hierarchy, so the command line prints it as one line.
 */
package dev.hsiq.engine.json;

import dev.hsiq.engine.error.HsiqException;

public class JsonException extends HsiqException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
