/*
 * A file that cannot be used: truncated, corrupt, of the wrong format or shape. The message
 * reads "FILE: FIELD: PROBLEM" so a user sees which file and which part of it failed.
 */
package dev.hsiq.engine.error;

import java.nio.file.Path;

public class BadFileException extends HsiqException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String field;

    public BadFileException(String file, String field, String problem) {
        super(file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.field = field;
    }

    public BadFileException(String file, String field, String problem, Throwable cause) {
        super(file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem, cause);
        this.file = file;
        this.field = field;
    }

    public BadFileException(Path file, String field, String problem) {
        this(String.valueOf(file), field, problem);
    }

    public BadFileException(Path file, String field, String problem, Throwable cause) {
        this(String.valueOf(file), field, problem, cause);
    }

    /** The file (path or name) the problem is in. */
    public String file() {
        return file;
    }

    /** The field, variable, section or header key at fault; may be empty. */
    public String field() {
        return field;
    }
}
