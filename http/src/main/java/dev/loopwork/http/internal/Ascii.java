package dev.loopwork.http.internal;

/**
 * Byte classes of RFC 9110/9112 as lookup tables, so that parsers test a byte with one array load
 * instead of a chain of comparisons (and never with a regex).
 */
public final class Ascii {

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    /** tchar: the characters of a token (method, field name, transfer coding). */
    private static final boolean[] TCHAR = new boolean[256];
    /** Field-value characters: HTAB, SP, VCHAR, obs-text. CR, LF, NUL and other CTLs are not. */
    private static final boolean[] FIELD_VCHAR = new boolean[256];
    /** Request-target characters we accept: visible ASCII (no space, CTL, DEL or non-ASCII). */
    private static final boolean[] TARGET = new boolean[256];
    /** Hex digit values, -1 for non-digits. */
    private static final byte[] HEX = new byte[256];
    /** Characters of a Host field value (uri-host [":" port]), RFC 3986. */
    private static final boolean[] HOST = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        FIELD_VCHAR[HTAB] = true;
        for (int c = 0x20; c <= 0x7E; c++) {
            FIELD_VCHAR[c] = true;
        }
        for (int c = 0x80; c <= 0xFF; c++) {
            FIELD_VCHAR[c] = true;
        }
        for (int c = 0x21; c <= 0x7E; c++) {
            TARGET[c] = true;
        }
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 32] = (byte) (c - 'a' + 10);
        }
        for (int c = '0'; c <= '9'; c++) {
            HOST[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            HOST[c] = true;
            HOST[c - 32] = true;
        }
        for (char c : "-._~!$&'()*+,;=:[]%".toCharArray()) {
            HOST[c] = true;
        }
    }

    private Ascii() {
    }

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xFF];
    }

    public static boolean isFieldChar(byte b) {
        return FIELD_VCHAR[b & 0xFF];
    }

    static boolean isTargetChar(byte b) {
        return TARGET[b & 0xFF];
    }

    static boolean isHostChar(char c) {
        return c < 256 && HOST[c];
    }

    public static boolean isTchar(char c) {
        return c < 256 && TCHAR[c];
    }

    /** The value of hex digit {@code b}, or -1. */
    static int hex(byte b) {
        return HEX[b & 0xFF];
    }

    static boolean isWhite(byte b) {
        return b == SP || b == HTAB;
    }

    /** Whether {@code h[off..off+len)} equals the lower-case ASCII {@code lower}, ignoring case. */
    static boolean equalsLower(byte[] h, int off, int len, String lower) {
        if (len != lower.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int c = h[off + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A printable rendering of a byte for error messages: {@code 'x'} or {@code 0x0d}. */
    static String show(byte b) {
        int c = b & 0xFF;
        return c >= 0x21 && c <= 0x7E ? "'" + (char) c + "'" : String.format("0x%02x", c);
    }
}
