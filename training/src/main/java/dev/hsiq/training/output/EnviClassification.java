/*
 * Writes a class map as an ENVI classification image, which ENVI, GDAL, QGIS and
 * spectral-python read: one uint8 band, BSQ, value = class index (0 unclassified,
 * 1..K), and a header with "file type = ENVI Classification", "classes = K+1",
 * "class lookup" (the ClassPalette colors, r,g,b per class) and "class names"
 * ("Unclassified" first). Names lose characters an ENVI list cannot hold (',' becomes ';',
 * braces become parentheses). K must be at most 255. Both files are written atomically.
 */
package dev.hsiq.training.output;

import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.training.data.EnviDataType;
import dev.hsiq.training.data.EnviHeader;
import dev.hsiq.training.data.EnviInterleave;
import dev.hsiq.training.data.EnviWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class EnviClassification {

    private EnviClassification() {
    }

    /** Writes {@code binary} (e.g. "classes.img") and its header ("classes.hdr"); returns the header path. */
    public static Path write(Path binary, ClassMap map) {
        int k = map.classCount();
        if (k > 255) {
            throw new BadInputException("an ENVI uint8 classification holds at most 255 classes, the map has " + k);
        }
        List<String> lookup = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add("Unclassified");
        for (int c = 0; c <= k; c++) {
            lookup.add(Integer.toString(ClassPalette.red(c)));
            lookup.add(Integer.toString(ClassPalette.green(c)));
            lookup.add(Integer.toString(ClassPalette.blue(c)));
            if (c > 0) {
                names.add(sanitize(map.classNames().get(c - 1)));
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("description", "{" + sanitize(map.title()) + "}");
        extra.put("file type", "ENVI Classification");
        extra.put("classes", Integer.toString(k + 1));
        extra.put("class lookup", EnviHeader.braceList(lookup));
        extra.put("class names", EnviHeader.braceList(names));
        EnviHeader h = EnviHeader.of(map.cols(), map.rows(), 1, EnviDataType.UINT8, EnviInterleave.BSQ)
                .withExtra(extra);
        int[] labels = map.labels();
        float[] values = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i];
        }
        return EnviWriter.write(binary, h, values);
    }

    static String sanitize(String s) {
        return s.replace(',', ';').replace('{', '(').replace('}', ')').replace('\n', ' ');
    }
}
