package dev.loopwork.http.internal;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {

    @Test
    void escapesStringsAndWritesNonFiniteNumbersAsNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd\u0001\u2028");
        m.put("nan", Double.NaN);
        m.put("x", 1.5);
        m.put("n", 42L);
        m.put("l", List.of(true, "t"));
        m.put("e", List.of());
        m.put("o", Map.of());
        String json = Json.write(m).replaceAll("\\s+", "");
        assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\u0001\\u2028\",\"nan\":null,\"x\":1.5,\"n\":42,"
                + "\"l\":[true,\"t\"],\"e\":[],\"o\":{}}", json);
    }

    @Test
    void wholeDoublesKeepADecimalPoint() {
        assertEquals("2.0", Json.write(2.0).trim());
        assertEquals("0.1235", Json.write(0.12345678).trim());
    }

    @Test
    void nestedValuesAreIndented() {
        assertEquals("{\n  \"a\": [\n    1\n  ]\n}\n", Json.write(Map.of("a", List.of(1))));
    }
}
