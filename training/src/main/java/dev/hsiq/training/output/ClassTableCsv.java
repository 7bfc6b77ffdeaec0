/*
 * A small CSV legend for a class map, for tools that read neither ENVI headers nor PNG
 * legends: one row per class index 0..K with columns
 *   index,original_id,name,red,green,blue,pixels
 * (index 0 is "unlabeled", original_id 0; colors from ClassPalette; pixels = how many
 * map pixels carry the class). RFC 4180 quoting; written atomically.
 */
package dev.hsiq.training.output;

import dev.hsiq.engine.io.AtomicFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

public final class ClassTableCsv {

    private ClassTableCsv() {
    }

    public static String format(ClassMap map) {
        StringBuilder sb = new StringBuilder("index,original_id,name,red,green,blue,pixels\n");
        long[] counts = map.pixelCounts();
        int[] ids = map.classIds();
        for (int k = 0; k <= map.classCount(); k++) {
            String name = k == 0 ? "unlabeled" : map.classNames().get(k - 1);
            sb.append(k).append(',').append(k == 0 ? 0 : ids[k - 1]).append(',').append(quote(name)).append(',')
                    .append(ClassPalette.red(k)).append(',').append(ClassPalette.green(k)).append(',')
                    .append(ClassPalette.blue(k)).append(',').append(counts[k]).append('\n');
        }
        return sb.toString();
    }

    public static void write(Path csv, ClassMap map) {
        AtomicFiles.write(csv, format(map).getBytes(StandardCharsets.UTF_8));
    }

    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
