/*
 * Input that is well-formed but cannot be used as given: an unknown dataset name, a band
 * count that differs between model and data, NaN samples, labels out of range, an empty
 * class in a split, an impossible option value.
 */
package dev.hsiq.engine.error;

public class BadInputException extends HsiqException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
