package dev.loopwork.bench.report;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {

    @Test
    void escapesStringsAndWritesNonFiniteNumbersAsNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd\u0001");
        m.put("nan", Double.NaN);
        m.put("x", 1.5);
        m.put("n", 42L);
        m.put("l", List.of(true, "t"));
        m.put("e", List.of());
        String json = Json.write(m).replaceAll("\\s+", "");
        assertEquals("{\"s\":\"a\\\"b\\\\c\\nd\\u0001\",\"nan\":null,\"x\":1.5,\"n\":42,\"l\":[true,\"t\"],\"e\":[]}", json);
    }

    @Test
    void wholeDoublesKeepADecimalPoint() {
        assertEquals("2.0", Json.write(2.0).trim());
        assertEquals("0.1235", Json.write(0.12345678).trim());
    }
}
