package dev.loopwork.http.internal.h2;

import java.util.HashMap;
import java.util.Map;

/** The HPACK static table (RFC 7541 Appendix A): indexes 1..61. */
final class StaticTable {

    static final int LENGTH = 61;

    private static final String[] NAMES = new String[LENGTH + 1];
    private static final String[] VALUES = new String[LENGTH + 1];
    /** name → first index; "name\0value" → index. */
    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final Map<String, Integer> BY_FIELD = new HashMap<>();

    static {
        String[] t = {
            ":authority", "", ":method", "GET", ":method", "POST", ":path", "/", ":path", "/index.html",
            ":scheme", "http", ":scheme", "https", ":status", "200", ":status", "204", ":status", "206",
            ":status", "304", ":status", "400", ":status", "404", ":status", "500", "accept-charset", "",
            "accept-encoding", "gzip, deflate", "accept-language", "", "accept-ranges", "", "accept", "",
            "access-control-allow-origin", "", "age", "", "allow", "", "authorization", "", "cache-control", "",
            "content-disposition", "", "content-encoding", "", "content-language", "", "content-length", "",
            "content-location", "", "content-range", "", "content-type", "", "cookie", "", "date", "", "etag", "",
            "expect", "", "expires", "", "from", "", "host", "", "if-match", "", "if-modified-since", "",
            "if-none-match", "", "if-range", "", "if-unmodified-since", "", "last-modified", "", "link", "",
            "location", "", "max-forwards", "", "proxy-authenticate", "", "proxy-authorization", "", "range", "",
            "referer", "", "refresh", "", "retry-after", "", "server", "", "set-cookie", "",
            "strict-transport-security", "", "transfer-encoding", "", "user-agent", "", "vary", "", "via", "",
            "www-authenticate", "",
        };
        for (int i = 1; i <= LENGTH; i++) {
            NAMES[i] = t[2 * (i - 1)];
            VALUES[i] = t[2 * (i - 1) + 1];
            BY_NAME.putIfAbsent(NAMES[i], i);
            BY_FIELD.put(NAMES[i] + '\0' + VALUES[i], i);
        }
    }

    private StaticTable() {
    }

    static String name(int index) {
        return NAMES[index];
    }

    static String value(int index) {
        return VALUES[index];
    }

    /** The index of the exact field, or 0. */
    static int indexOf(String name, String value) {
        Integer i = BY_FIELD.get(name + '\0' + value);
        return i == null ? 0 : i;
    }

    /** The first index with this name, or 0. */
    static int indexOfName(String name) {
        Integer i = BY_NAME.get(name);
        return i == null ? 0 : i;
    }
}
