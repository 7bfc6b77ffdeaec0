/*
 * `hsiq data fetch NAME... [--data DIR] [--url-base URL] [--force]`: downloads the files
 * the named datasets need from their public URLs (the GIC UPV/EHU page for cubes and
 * ground truths, the pinned source commit for the labeled-only spectra) into the data
 * directory, next to their ground truth, with progress on stderr, sha256 and size checks
 * and atomic writes (Fetcher). Files already present with the right sha256 are skipped
 * unless --force. --url-base replaces each URL by URL-BASE/FILE-NAME (mirrors, tests).
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.training.data.DataFile;
import dev.hsiq.training.data.DatasetInfo;
import dev.hsiq.training.data.DatasetRegistry;
import dev.hsiq.training.data.Datasets;
import dev.hsiq.training.data.Fetcher;
import dev.hsiq.training.data.FileStatus;
import dev.hsiq.training.data.MissingDataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Download a dataset's canonical files from their public URLs (sha256-checked, atomic writes).")
public final class DataFetchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataDirOption data;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Dataset names (see 'hsiq data list').")
    List<String> names;

    @Option(names = "--url-base", paramLabel = "URL", description = "Fetch FILE from URL/FILE instead of its public URL.")
    String urlBase;

    @Option(names = "--force", description = "Download even if the file is present with the right sha256.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Datasets datasets = data.datasets();
        Set<DataFile> files = new LinkedHashSet<>();
        for (String name : names) {
            DatasetInfo info = DatasetRegistry.get(name);
            files.addAll(info.files());
        }
        out.println("data directory: " + datasets.directory());
        Fetcher fetcher = new Fetcher(err);
        for (DataFile f : files) {
            FileStatus st = datasets.status(f, true);
            if (st.present() && Boolean.TRUE.equals(st.shaMatches()) && !force) {
                out.println(f.relativePath() + ": already present, sha256 ok");
                continue;
            }
            URI uri = uriOf(f);
            if (uri == null) {
                throw new MissingDataException(f.fileName() + ": no public URL serves this file; put it at "
                        + st.path() + " (" + f.note() + ")");
            }
            err.println("fetching " + uri + " -> " + st.path());
            err.flush();
            Fetcher.Result r = fetcher.fetch(uri, st.path(), f.size() > 0 ? f.size() : -1, f.sha256());
            out.println(f.relativePath() + ": downloaded " + r.bytes() + " bytes, sha256 "
                    + (f.sha256() != null ? "ok" : r.sha256() + " (no reference to check against)"));
        }
        out.flush();
        return 0;
    }

    private URI uriOf(DataFile f) {
        String url = urlBase != null ? urlBase.replaceAll("/+$", "") + "/" + f.fileName() : f.url();
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new BadInputException("--url-base: '" + url + "' is not an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new BadInputException("--url-base: '" + url + "' is not a valid URL: " + e.getMessage());
        }
    }
}
