/*
 * Loads a scene from a user's file rather than the registry (e.g. `classify --scene FILE`):
 * an ENVI image (header or binary path) or a MAT file (level 5 or 7.3) holding a
 * rows x cols x bands array. In a MAT file the variable is the one named, or else the only
 * 3-D numeric variable (an error lists the candidates otherwise). Such a scene has no
 * ground truth (all labels 0, no classes) and its provenance names the file.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.error.HsiqException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

public final class SceneFiles {

    private SceneFiles() {
    }

    /** The cube of {@code file} as an unlabeled scene; {@code variable} may be null for MAT files. */
    public static Scene load(Path file, String variable) {
        Cube cube = readCube(file, variable);
        return unlabeled(file.getFileName().toString(), cube, "scene file " + file.toAbsolutePath().normalize());
    }

    /** A cube as a scene without ground truth (validated like every scene: sizes, finite values). */
    static Scene unlabeled(String name, Cube cube, String provenance) {
        // Checked before the labels are allocated: an empty cube (a zero dimension) may declare
        // any number of pixels without holding a single value.
        if (cube.rows() <= 0 || cube.cols() <= 0 || cube.bands() <= 0) {
            throw new BadInputException(name + ": scene size " + cube.rows() + " x " + cube.cols() + " x "
                    + cube.bands() + " must be positive (an empty array is not an image)");
        }
        return new Scene(name, cube.rows(), cube.cols(), cube.bands(), cube.data(), new int[cube.rows() * cube.cols()],
                List.of(), new int[0], provenance);
    }

    /** The cube of an ENVI or MAT file. */
    public static Cube readCube(Path file, String variable) {
        if (!Files.exists(file)) {
            throw new HsiqException(file + ": no such file");
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".mat")) {
            return MatReader.readCube(file, variable != null ? variable : onlyCube(file));
        }
        return EnviReader.read(file);
    }

    private static String onlyCube(Path file) {
        List<MatVariableInfo> vars = MatReader.variables(file);
        List<MatVariableInfo> cubes = vars.stream().filter(v -> v.isNumeric() && v.dims().length == 3).toList();
        if (cubes.size() == 1) {
            return cubes.get(0).name();
        }
        String listed = vars.stream().map(MatVariableInfo::describe).reduce((a, b) -> a + ", " + b).orElse("none");
        throw new BadFileException(file, "", (cubes.isEmpty() ? "no rows x cols x bands variable" : "several "
                + "rows x cols x bands variables") + "; name one (variables: " + listed + ")");
    }
}
