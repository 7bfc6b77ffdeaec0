/*
 * Root of the project's own exceptions. The command line prints getMessage() as one line
 * and exits non-zero, so every message must say what was wrong and where (file, field,
 * expected value) without needing the stack trace.
 */
package dev.hsiq.engine.error;

public class HsiqException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HsiqException(String message) {
        super(message);
    }

    public HsiqException(String message, Throwable cause) {
        super(message, cause);
    }
}
