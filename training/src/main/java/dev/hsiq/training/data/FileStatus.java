/*
 * Whether one data file is present in the data directory, its size, and whether its
 * sha256 matches the registry's (null when no checksum is recorded or the file is absent).
 */
package dev.hsiq.training.data;

import java.nio.file.Path;

public record FileStatus(DataFile file, Path path, boolean present, long size, Boolean shaMatches) {

    /** "missing", "ok (sha256 matches)", "present, sha256 MISMATCH", or "present" when no sha is known. */
    public String describe() {
        if (!present) {
            return "missing";
        }
        if (shaMatches == null) {
            return "present";
        }
        return shaMatches ? "ok" : "sha256 MISMATCH";
    }
}
