/*
 * A download failed: HTTP error status, broken or truncated transfer, size or sha256
 * mismatch. Nothing is left behind when it is thrown (the partial file is deleted).
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.HsiqException;

public class FetchException extends HsiqException {
    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
