/*
 * Resolves the --model argument of the command line: a built-in reference network
 * (spectral-cnn, patch-cnn) or the path of a user's JSON spec.
 */
package dev.hsiq.training.run;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.model.ModelSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public final class ModelSpecs {

    private ModelSpecs() {
    }

    /**
     * The spec named by {@code arg}; {@code patchSize} > 0 overrides a patch network's patch
     * size (for a spectrum network it must be 0 or 1).
     */
    public static ModelSpec resolve(String arg, int patchSize) {
        ModelSpec spec = ModelSpec.builtin(arg);
        if (spec == null) {
            Path p = Path.of(arg);
            if (!Files.isRegularFile(p)) {
                throw new BadInputException("model '" + arg + "' is neither a built-in network ("
                        + String.join(", ", ModelSpec.builtinNames()) + ") nor a JSON spec file");
            }
            try {
                spec = ModelSpec.fromJson(Files.readString(p, StandardCharsets.UTF_8), p.toString());
            } catch (IOException e) {
                throw new BadFileException(p, "", "cannot read: " + e.getMessage(), e);
            }
            // a bad spec throws JsonException (an HsiqException) whose message starts with the file name
        }
        if (patchSize > 0 && patchSize != spec.patchSize()) {
            if (spec.input() != ModelSpec.InputKind.PATCH) {
                throw new BadInputException("--patch-size " + patchSize + " given, but " + spec.name()
                        + " classifies single spectra");
            }
            spec = new ModelSpec(spec.name(), spec.input(), patchSize, spec.inputBits(), spec.layers());
        }
        return spec;
    }
}
