package dev.loopwork.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters of {@code Content-Type} and {@code Content-Disposition} values:
 * {@code type *( OWS ";" OWS name "=" ( token / quoted-string ) )}. Hand-written, no regex.
 */
final class HeaderParams {

    private final String value;
    private final String main;
    private final Map<String, String> params;

    private HeaderParams(String value, String main, Map<String, String> params) {
        this.value = value;
        this.main = main;
        this.params = params;
    }

    /**
     * Parses {@code value}. Returns {@code null} if it is malformed (unterminated quote, a parameter
     * without '=' or with a name that is not a token, a parameter given twice).
     */
    static HeaderParams parse(String value) {
        int n = value.length();
        int semi = value.indexOf(';');
        String main = (semi < 0 ? value : value.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = semi < 0 ? n : semi;
        while (i < n) {
            i++; // past ';'
            i = skipWhite(value, i);
            if (i == n) {
                break; // a trailing ';' is harmless
            }
            int nameStart = i;
            while (i < n && Ascii.isTchar(value.charAt(i))) {
                i++;
            }
            if (i == nameStart || i == n || value.charAt(i) != '=') {
                return null;
            }
            String name = value.substring(nameStart, i).toLowerCase(Locale.ROOT);
            i++;
            String v;
            if (i < n && value.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = value.charAt(i++);
                    if (c == '\\' && i < n) {
                        sb.append(value.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
                v = sb.toString();
            } else {
                int start = i;
                while (i < n && value.charAt(i) != ';' && !Character.isWhitespace(value.charAt(i))) {
                    i++;
                }
                v = value.substring(start, i);
            }
            i = skipWhite(value, i);
            if (i < n && value.charAt(i) != ';') {
                return null;
            }
            if (params.put(name, v) != null) {
                return null;
            }
        }
        return new HeaderParams(value, main, params);
    }

    private static int skipWhite(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** The value before the first ';', lower-cased. */
    String main() {
        return main;
    }

    /** Parameter {@code name} (lower-case), or {@code null}. */
    String param(String name) {
        return params.get(name);
    }

    /**
     * The value of an RFC 8187 extended parameter ({@code filename*=UTF-8''a%20b}), decoded, or
     * {@code null} if absent or not UTF-8/ISO-8859-1.
     */
    String extendedParam(String name) {
        String v = params.get(name + '*');
        if (v == null) {
            return null;
        }
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 < 0) {
            return null;
        }
        String charset = v.substring(0, q1);
        java.nio.charset.Charset cs;
        if (charset.equalsIgnoreCase("UTF-8")) {
            cs = StandardCharsets.UTF_8;
        } else if (charset.equalsIgnoreCase("ISO-8859-1")) {
            cs = StandardCharsets.ISO_8859_1;
        } else {
            return null;
        }
        String enc = v.substring(q2 + 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(enc.length());
        for (int i = 0; i < enc.length(); i++) {
            char c = enc.charAt(i);
            if (c == '%' && i + 2 < enc.length()) {
                int hi = Character.digit(enc.charAt(i + 1), 16);
                int lo = Character.digit(enc.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '%') {
                return null;
            } else {
                out.write(c);
            }
        }
        return new String(out.toByteArray(), cs);
    }

    @Override
    public String toString() {
        return "HeaderParams{" + value + '}';
    }
}
