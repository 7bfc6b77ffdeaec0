/*
 * The JSON reader/writer on the cases the model file fuzzer found or that lie next to them:
 * numbers keep their type and value through writeTyped and parsing (integral doubles, -0.0,
 * 19-digit longs), numbers beyond the range of a double are errors, and strings with lone
 * surrogates survive writing, UTF-8 encoding and parsing.
 */
package dev.hsiq.engine.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    private static Object viaUtf8(String json) {
        return Json.parse(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void writeTypedKeepsEveryNumberTypeAndValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("integral double", 1.0);
        m.put("zero", 0.0);
        m.put("negative zero", -0.0);
        m.put("large", 1e20);
        m.put("tiny", 4.9e-324);
        m.put("long", 3L);
        m.put("max long", Long.MAX_VALUE);
        m.put("min long", Long.MIN_VALUE);
        m.put("list", List.of(0.0, 5.75, 2L));
        Object back = viaUtf8(Json.writeTyped(m));
        assertThat(back).isEqualTo(m);
        // the plain writer prints integral doubles as integers, which read back as Long
        assertThat(Json.parse(Json.write(Map.of("x", 1.0)))).isEqualTo(Map.of("x", 1L));
    }

    @Test
    void integersParseAsLongWheneverTheyFit() {
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854775808e18);
        assertThat(Json.parse("12345678901234567890123")).isEqualTo(1.2345678901234568e22);
    }

    @Test
    void numbersBeyondADoubleAreErrors() {
        assertThatThrownBy(() -> Json.parse("[1, 1e999]")).isInstanceOf(JsonException.class)
                .hasMessage("JSON: expected a number within the range of a double at offset 4, found '1'");
        assertThatThrownBy(() -> Json.parse("-1E+400")).isInstanceOf(JsonException.class)
                .hasMessageContaining("within the range of a double");
        assertThat(Json.parse("1e-400")).isEqualTo(0.0);
    }

    @Test
    void loneSurrogatesSurviveUtf8() {
        for (String s : List.of("\ud800", "a\udc00b", "\ud83d\ude00", "\ude00\ud83d", "\ud800\ud83d\ude00\udfff")) {
            String written = Json.write(s);
            assertThat(viaUtf8(written)).as(written).isEqualTo(s);
            assertThat(viaUtf8(Json.writeTyped(List.of(s)))).isEqualTo(List.of(s));
        }
        assertThat(Json.write("\ud83d\ude00")).isEqualTo("\"\ud83d\ude00\"");
        assertThat(Json.write("\ud800x")).isEqualTo("\"\\ud800x\"");
    }
}
