/*
 * Why a .hsiq model file was rejected. A BadFileException ("FILE: FIELD: PROBLEM") with a
 * machine-readable kind, so callers and tests can tell a truncated file from a corrupt one
 * without parsing the message:
 *
 *   NOT_A_MODEL          the file does not start with the .hsiq magic number
 *   UNSUPPORTED_VERSION  a format version this build cannot read
 *   TRUNCATED            the file ends before the header or a declared size says it should
 *   CHECKSUM             a CRC32C does not match: the bytes were changed after writing
 *   INVALID              checksums match but the content is impossible (bad count, shape,
 *                        code, JSON, or a model that does not fit its spec)
 *   TOO_LARGE            the file exceeds the size a model file may have
 */
package dev.hsiq.engine.io;

import dev.hsiq.engine.error.BadFileException;

public class ModelFileException extends BadFileException {
    private static final long serialVersionUID = 1L;

    public enum Kind { NOT_A_MODEL, UNSUPPORTED_VERSION, TRUNCATED, CHECKSUM, INVALID, TOO_LARGE }

    private final Kind kind;

    public ModelFileException(Kind kind, String file, String field, String problem) {
        super(file, field, problem);
        this.kind = kind;
    }

    public ModelFileException(Kind kind, String file, String field, String problem, Throwable cause) {
        super(file, field, problem, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
