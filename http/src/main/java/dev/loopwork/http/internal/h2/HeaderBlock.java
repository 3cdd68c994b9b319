package dev.loopwork.http.internal.h2;

import dev.loopwork.http.internal.Ascii;
import dev.loopwork.http.internal.FieldList;

/**
 * The fields of one decoded header block, split into pseudo-headers and regular fields, with the
 * checks of RFC 9113 §8.2 and §8.3 made as they arrive. A violation is remembered, not thrown:
 * the block must be decoded to its end to keep HPACK in step, and then the stream is reset.
 */
final class HeaderBlock implements HpackDecoder.FieldSink {

    final boolean trailers;
    final FieldList fields = new FieldList(16);
    String method;
    String scheme;
    String authority;
    String path;
    String protocol;
    /** The first reason this block makes a malformed message, or null. */
    String malformed;
    private boolean regularSeen;

    HeaderBlock(boolean trailers) {
        this.trailers = trailers;
    }

    @Override
    public void field(String name, String value) {
        if (malformed != null) {
            return;
        }
        if (name.isEmpty()) {
            malformed = "empty field name";
            return;
        }
        if (name.charAt(0) == ':') {
            pseudo(name, value);
            return;
        }
        regularSeen = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Ascii.isTchar(c) || (c >= 'A' && c <= 'Z')) {
                malformed = "field name '" + name + "' has " + (c >= 'A' && c <= 'Z' ? "an upper-case" : "an invalid")
                        + " character at " + i;
                return;
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                malformed = "field " + name + " has a NUL, CR or LF in its value";
                return;
            }
        }
        switch (name) {
            case "connection": case "keep-alive": case "proxy-connection": case "transfer-encoding": case "upgrade":
                malformed = "connection-specific field " + name + " (RFC 9113 §8.2.2)";
                return;
            case "te":
                if (!value.equals("trailers")) {
                    malformed = "te other than \"trailers\"";
                    return;
                }
                break;
            default:
                break;
        }
        fields.add(name, value.strip());
    }

    private void pseudo(String name, String value) {
        if (trailers) {
            malformed = "pseudo-header " + name + " in trailers";
            return;
        }
        if (regularSeen) {
            malformed = "pseudo-header " + name + " after a regular field";
            return;
        }
        switch (name) {
            case ":method":
                method = once(name, method, value);
                break;
            case ":scheme":
                scheme = once(name, scheme, value);
                break;
            case ":authority":
                authority = once(name, authority, value);
                break;
            case ":path":
                path = once(name, path, value);
                break;
            case ":protocol":
                protocol = once(name, protocol, value);
                break;
            default:
                malformed = "unknown pseudo-header " + name;
        }
    }

    private String once(String name, String old, String value) {
        if (old != null && malformed == null) {
            malformed = "pseudo-header " + name + " twice";
        }
        return value;
    }

    /** After the block: the request checks of RFC 9113 §8.3.1. */
    void checkRequest() {
        if (malformed != null || trailers) {
            return;
        }
        if (method == null) {
            malformed = "no :method";
        } else if (method.equals("CONNECT")) {
            malformed = "CONNECT is not supported";
        } else if (protocol != null) {
            malformed = ":protocol without extended CONNECT";
        } else if (scheme == null || path == null) {
            malformed = "no " + (scheme == null ? ":scheme" : ":path");
        } else if (path.isEmpty()) {
            malformed = "empty :path";
        } else if (!path.startsWith("/") && !(path.equals("*") && method.equals("OPTIONS"))) {
            malformed = ":path must start with '/' (or be * for OPTIONS)";
        } else {
            for (int i = 0; i < method.length(); i++) {
                if (!Ascii.isTchar(method.charAt(i))) {
                    malformed = ":method has an invalid character at " + i;
                    return;
                }
            }
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c <= 0x20 || c >= 0x7F) {
                    malformed = ":path has a control, space or non-ASCII character at " + i;
                    return;
                }
            }
        }
    }

    /**
     * The content-length field: -1 if absent, the value if every occurrence agrees; sets
     * {@link #malformed} and returns -2 otherwise.
     */
    long contentLength() {
        long length = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.name(i).equals("content-length")) {
                continue;
            }
            String v = fields.value(i);
            long n = 0;
            if (v.isEmpty() || v.length() > 18) {
                malformed = "invalid content-length '" + v + "'";
                return -2;
            }
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c < '0' || c > '9') {
                    malformed = "invalid content-length '" + v + "'";
                    return -2;
                }
                n = n * 10 + (c - '0');
            }
            if (length >= 0 && length != n) {
                malformed = "content-length given twice with different values";
                return -2;
            }
            length = n;
        }
        return length;
    }
}
