package dev.loopwork.http.internal;

import java.nio.charset.StandardCharsets;

/**
 * The checks and texts both responses share, HTTP/1.1 ({@link ResponseImpl}) and HTTP/2
 * ({@code h2.H2Response}): one rule for what an application may set, so that a handler behaves
 * the same on either version. Each check throws {@link IllegalArgumentException} naming what is wrong.
 */
public final class ResponseRules {

    private ResponseRules() {
    }

    /** A status the application may set: 200..999 (1xx are the server's own). */
    public static void checkStatus(int code) {
        if (code < 200 || code > 999) {
            throw new IllegalArgumentException("status must be 200..999 (the server sends 1xx itself), was " + code);
        }
    }

    /** A field name and value that are valid HTTP (a token; no CR, LF or controls in the value). */
    public static void checkField(String name, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Ascii.isTchar(name.charAt(i))) {
                throw new IllegalArgumentException("header name '" + name + "' has an invalid character at " + i);
            }
        }
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " has a null value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || !Ascii.isFieldChar((byte) c)) {
                throw new IllegalArgumentException("header " + name + " has an invalid character (code "
                        + (int) c + ") at " + i + ": CR, LF and controls are not allowed");
            }
        }
    }

    /** Framing fields the server writes itself; the application may not set them. */
    public static void checkNotFraming(String name) {
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
            throw new IllegalArgumentException(name + " is set by the server: use send() or begin(length)");
        }
    }

    /** The body of an answer the server makes on its own when a request failed. */
    public static byte[] errorBody(int code, String message) {
        return (code + " " + Statuses.reason(code) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
