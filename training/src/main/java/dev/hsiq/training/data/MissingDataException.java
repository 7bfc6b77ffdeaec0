/*
 * A data file a dataset needs is not in the data directory. The message names the file,
 * the directory and how it was chosen, and how to get the file: the fetch command when a
 * public URL serves it, otherwise where it is expected.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.HsiqException;

public class MissingDataException extends HsiqException {
    private static final long serialVersionUID = 1L;

    public MissingDataException(String message) {
        super(message);
    }
}
