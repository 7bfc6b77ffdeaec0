/*
 * Writes every output of one class map under a directory with a common base name:
 * BASE.png (map with legend), BASE.img + BASE.hdr (ENVI classification) and
 * BASE_classes.csv (legend table). The classify command calls this once for the
 * prediction ("classmap") and once for the ground truth ("groundtruth") when there is one.
 */
package dev.hsiq.training.output;

import java.nio.file.Path;
import java.util.List;

public final class ClassMapOutputs {

    private ClassMapOutputs() {
    }

    /** Writes the four files and returns their paths (png, img, hdr, csv). */
    public static List<Path> writeAll(Path dir, String base, ClassMap map) {
        Path png = dir.resolve(base + ".png");
        Path img = dir.resolve(base + ".img");
        Path csv = dir.resolve(base + "_classes.csv");
        ClassMapImage.write(png, map);
        Path hdr = EnviClassification.write(img, map);
        ClassTableCsv.write(csv, map);
        return List.of(png, img, hdr, csv);
    }
}
