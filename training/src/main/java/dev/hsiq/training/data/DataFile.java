/*
 * One file a dataset needs: its path relative to the data directory, the MAT variables
 * read from it, and where known its exact size, sha256 and public download URL. A file
 * no public URL serves has url == null and a note saying where it came from.
 */
package dev.hsiq.training.data;

import java.util.List;

public record DataFile(String relativePath, List<String> variables, long size, String sha256, String url,
                       String note) {

    public DataFile {
        variables = List.copyOf(variables);
    }

    public String fileName() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? relativePath : relativePath.substring(slash + 1);
    }

    public String variable() {
        return variables.get(0);
    }

    public boolean hasUrl() {
        return url != null;
    }
}
