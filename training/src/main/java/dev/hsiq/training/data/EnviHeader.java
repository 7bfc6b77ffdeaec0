/*
 * An ENVI header (.hdr): the text file that describes a raw binary image. Format: first
 * line "ENVI", then "key = value" lines; keys are case-insensitive; a value in braces
 * {a, b, c} may span several lines; lines starting with ';' are comments. The keys hsiq
 * interprets are samples (columns), lines (rows), bands, header offset (bytes to skip),
 * data type (EnviDataType codes), interleave (bsq/bil/bip), byte order (0 little endian,
 * 1 big endian), wavelength, wavelength units and band names; every other key is kept
 * verbatim in `extra` (file type, description, classes, class lookup, class names, ...),
 * in file order, so a header can be written back.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadFileException;
import dev.hsiq.engine.error.HsiqException;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public record EnviHeader(int samples, int lines, int bands, long headerOffset, EnviDataType dataType,
                         EnviInterleave interleave, ByteOrder byteOrder, float[] wavelengths,
                         String wavelengthUnits, List<String> bandNames, Map<String, String> extra) {

    public EnviHeader {
        if (samples <= 0 || lines <= 0 || bands <= 0 || headerOffset < 0) {
            throw new IllegalArgumentException("ENVI header needs positive samples/lines/bands and offset >= 0");
        }
        if (wavelengths != null && wavelengths.length != bands) {
            throw new IllegalArgumentException(wavelengths.length + " wavelengths for " + bands + " bands");
        }
        if (bandNames != null && bandNames.size() != bands) {
            throw new IllegalArgumentException(bandNames.size() + " band names for " + bands + " bands");
        }
        wavelengths = wavelengths == null ? null : wavelengths.clone();
        bandNames = bandNames == null ? null : List.copyOf(bandNames);
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra == null ? Map.of() : extra));
    }

    /** Headers are small text files; a larger one is the binary named by mistake, or not ENVI. */
    static final long MAX_HEADER_BYTES = 16L << 20;

    /** A plain header: no offset, little endian, no wavelengths or extra keys. */
    public static EnviHeader of(int samples, int lines, int bands, EnviDataType type, EnviInterleave interleave) {
        return new EnviHeader(samples, lines, bands, 0, type, interleave, ByteOrder.LITTLE_ENDIAN, null, null, null,
                Map.of());
    }

    @Override
    public float[] wavelengths() {
        return wavelengths == null ? null : wavelengths.clone();
    }

    /** Bytes of image data the header describes (excluding the header offset). */
    public long dataBytes() {
        return (long) samples * lines * bands * dataType.bytes();
    }

    public EnviHeader withByteOrder(ByteOrder order) {
        return new EnviHeader(samples, lines, bands, headerOffset, dataType, interleave, order, wavelengths,
                wavelengthUnits, bandNames, extra);
    }

    public EnviHeader withHeaderOffset(long offset) {
        return new EnviHeader(samples, lines, bands, offset, dataType, interleave, byteOrder, wavelengths,
                wavelengthUnits, bandNames, extra);
    }

    public EnviHeader withWavelengths(float[] wl, String units) {
        return new EnviHeader(samples, lines, bands, headerOffset, dataType, interleave, byteOrder, wl, units,
                bandNames, extra);
    }

    public EnviHeader withBandNames(List<String> names) {
        return new EnviHeader(samples, lines, bands, headerOffset, dataType, interleave, byteOrder, wavelengths,
                wavelengthUnits, names, extra);
    }

    public EnviHeader withExtra(Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(extra);
        m.putAll(more);
        return new EnviHeader(samples, lines, bands, headerOffset, dataType, interleave, byteOrder, wavelengths,
                wavelengthUnits, bandNames, m);
    }

    /** Reads and parses a header file. */
    public static EnviHeader read(Path hdr) {
        String text;
        try {
            long size = Files.size(hdr);
            if (size > MAX_HEADER_BYTES) {
                throw new BadFileException(hdr, "", "file of " + size + " bytes is too large for an ENVI header (at most "
                        + MAX_HEADER_BYTES + "; is this the binary image rather than its .hdr?)");
            }
            text = Files.readString(hdr, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new HsiqException("cannot read ENVI header " + hdr + ": " + e, e);
        }
        return parse(text, hdr.toString());
    }

    /** Parses header text; errors name {@code file} and the key at fault. */
    public static EnviHeader parse(String text, String file) {
        Map<String, String> raw = parseKeyValues(text, file);
        int samples = positiveInt(file, raw, "samples");
        int lines = positiveInt(file, raw, "lines");
        int bands = positiveInt(file, raw, "bands");
        long offset = 0;
        if (raw.containsKey("header offset")) {
            offset = parseLong(file, "header offset", raw.get("header offset"));
            if (offset < 0) {
                throw new BadFileException(file, "header offset", "must be >= 0, got " + offset);
            }
        }
        if (!raw.containsKey("data type")) {
            throw new BadFileException(file, "data type", "missing (required)");
        }
        long code = parseLong(file, "data type", raw.get("data type"));
        EnviDataType type = code == (int) code ? EnviDataType.ofCode((int) code) : null;
        if (type == null) {
            throw new BadFileException(file, "data type", "unsupported code " + code
                    + " (supported: 1 uint8, 2 int16, 3 int32, 4 float32, 5 float64, 12 uint16)");
        }
        EnviInterleave interleave = EnviInterleave.BSQ;
        if (raw.containsKey("interleave")) {
            interleave = EnviInterleave.parse(raw.get("interleave"));
            if (interleave == null) {
                throw new BadFileException(file, "interleave", "'" + raw.get("interleave") + "' is not bsq, bil or bip");
            }
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (raw.containsKey("byte order")) {
            long bo = parseLong(file, "byte order", raw.get("byte order"));
            if (bo != 0 && bo != 1) {
                throw new BadFileException(file, "byte order", "must be 0 (little endian) or 1 (big endian), got " + bo);
            }
            order = bo == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        }
        float[] wavelengths = null;
        if (raw.containsKey("wavelength")) {
            List<String> items = listItems(file, "wavelength", raw.get("wavelength"));
            if (items.size() != bands) {
                throw new BadFileException(file, "wavelength", items.size() + " values for " + bands + " bands");
            }
            wavelengths = new float[bands];
            for (int i = 0; i < bands; i++) {
                try {
                    wavelengths[i] = Float.parseFloat(items.get(i));
                } catch (NumberFormatException e) {
                    throw new BadFileException(file, "wavelength", "value " + (i + 1) + " '" + items.get(i)
                            + "' is not a number");
                }
            }
        }
        List<String> bandNames = null;
        if (raw.containsKey("band names")) {
            bandNames = listItems(file, "band names", raw.get("band names"));
            if (bandNames.size() != bands) {
                throw new BadFileException(file, "band names", bandNames.size() + " names for " + bands + " bands");
            }
        }
        String units = raw.containsKey("wavelength units") ? raw.get("wavelength units").strip() : null;
        Map<String, String> extra = new LinkedHashMap<>(raw);
        for (String k : List.of("samples", "lines", "bands", "header offset", "data type", "interleave", "byte order",
                "wavelength", "band names", "wavelength units")) {
            extra.remove(k);
        }
        return new EnviHeader(samples, lines, bands, offset, type, interleave, order, wavelengths, units, bandNames,
                extra);
    }

    /** The header as text, standard keys first, then the extra keys in their order. */
    public String format() {
        StringBuilder sb = new StringBuilder("ENVI\n");
        if (extra.containsKey("description")) {
            sb.append("description = ").append(extra.get("description")).append('\n');
        }
        sb.append("samples = ").append(samples).append('\n');
        sb.append("lines = ").append(lines).append('\n');
        sb.append("bands = ").append(bands).append('\n');
        sb.append("header offset = ").append(headerOffset).append('\n');
        sb.append("file type = ").append(extra.getOrDefault("file type", "ENVI Standard")).append('\n');
        sb.append("data type = ").append(dataType.code()).append('\n');
        sb.append("interleave = ").append(interleave.key()).append('\n');
        sb.append("byte order = ").append(byteOrder == ByteOrder.BIG_ENDIAN ? 1 : 0).append('\n');
        if (wavelengthUnits != null) {
            sb.append("wavelength units = ").append(wavelengthUnits).append('\n');
        }
        if (wavelengths != null) {
            List<String> w = new ArrayList<>();
            for (float v : wavelengths) {
                w.add(Float.toString(v));
            }
            sb.append("wavelength = ").append(braceList(w)).append('\n');
        }
        if (bandNames != null) {
            sb.append("band names = ").append(braceList(bandNames)).append('\n');
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (!e.getKey().equals("description") && !e.getKey().equals("file type")) {
                sb.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
            }
        }
        return sb.toString();
    }

    /** {a, b, c} with a line break every 8 items, as ENVI writes long lists. */
    public static String braceList(List<String> items) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(i % 8 == 0 ? ",\n " : ", ");
            }
            String s = items.get(i);
            if (s.contains(",") || s.contains("{") || s.contains("}")) {
                throw new IllegalArgumentException("ENVI list item may not contain ',', '{' or '}': " + s);
            }
            sb.append(s);
        }
        return sb.append('}').toString();
    }

    private static Map<String, String> parseKeyValues(String text, String file) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        if (i == lines.length || !lines[i].strip().equals("ENVI")) {
            String first = i == lines.length ? "" : lines[i].strip();
            throw new BadFileException(file, "ENVI", "first line is '" + abbreviate(first)
                    + "', an ENVI header starts with 'ENVI'");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (i++; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new BadFileException(file, "line " + (i + 1), "expected 'key = value', found '"
                        + abbreviate(line) + "'");
            }
            String key = normalizeKey(line.substring(0, eq));
            StringBuilder value = new StringBuilder(line.substring(eq + 1).strip());
            if (value.length() > 0 && value.charAt(0) == '{') {
                int depth = braceDepth(value, 0);
                while (depth > 0 && i + 1 < lines.length) {
                    i++;
                    String next = lines[i].strip();
                    value.append('\n').append(next);
                    depth = braceDepth(next, depth); // per line: linear in the header's length
                }
                if (depth > 0) {
                    throw new BadFileException(file, key, "'{' without a closing '}'");
                }
            }
            out.put(key, value.toString());
        }
        return out;
    }

    /** A key as looked up: stripped, lower case, each run of whitespace one space (no regex per line). */
    private static String normalizeKey(String raw) {
        String k = raw.strip().toLowerCase(Locale.ROOT);
        StringBuilder sb = null;
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (Character.isWhitespace(c) && (c != ' ' || Character.isWhitespace(k.charAt(i + 1)))) {
                sb = new StringBuilder(k.length());
                break;
            }
        }
        if (sb == null) {
            return k; // already normal: the common case allocates nothing more
        }
        boolean space = false;
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Brace depth after {@code s}, starting from depth {@code d}. */
    private static int braceDepth(CharSequence s, int d) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                d++;
            } else if (c == '}') {
                d--;
            }
        }
        return d;
    }

    /** Items of a {a, b, c} value (a value without braces is one item). */
    public static List<String> listItems(String file, String key, String value) {
        String v = value.strip();
        if (v.startsWith("{")) {
            int close = v.indexOf('}');
            int nested = v.indexOf('{', 1);
            if (nested >= 0 && (close < 0 || nested < close)) {
                throw new BadFileException(file, key, "unexpected '{' inside the list (ENVI lists do not nest)");
            }
            if (close < 0) {
                throw new BadFileException(file, key, "'{' without a closing '}'");
            }
            if (close != v.length() - 1) {
                throw new BadFileException(file, key, "text after the closing '}' of the list: '"
                        + abbreviate(v.substring(close + 1).strip()) + "'");
            }
            v = v.substring(1, close);
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '{' || c == '}') {
                throw new BadFileException(file, key, "unexpected '" + c + "' inside the list (ENVI lists do not nest)");
            }
        }
        List<String> items = new ArrayList<>();
        if (v.isBlank()) {
            return items;
        }
        for (String s : v.split(",", -1)) {
            items.add(s.strip());
        }
        return items;
    }

    private static int positiveInt(String file, Map<String, String> raw, String key) {
        if (!raw.containsKey(key)) {
            throw new BadFileException(file, key, "missing (required)");
        }
        long v = parseLong(file, key, raw.get(key));
        if (v <= 0 || v > Integer.MAX_VALUE) {
            throw new BadFileException(file, key, "must be a positive integer, got " + v);
        }
        return (int) v;
    }

    private static long parseLong(String file, String key, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new BadFileException(file, key, "'" + abbreviate(value.strip()) + "' is not an integer");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnviHeader h && samples == h.samples && lines == h.lines && bands == h.bands
                && headerOffset == h.headerOffset && dataType == h.dataType && interleave == h.interleave
                && byteOrder.equals(h.byteOrder) && java.util.Arrays.equals(wavelengths, h.wavelengths)
                && java.util.Objects.equals(wavelengthUnits, h.wavelengthUnits)
                && java.util.Objects.equals(bandNames, h.bandNames) && extra.equals(h.extra);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(samples, lines, bands, headerOffset, dataType, interleave);
    }
}
