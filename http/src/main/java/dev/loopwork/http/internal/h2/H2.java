package dev.loopwork.http.internal.h2;

import java.nio.charset.StandardCharsets;

/** Wire constants of HTTP/2 (RFC 9113): frame types, flags, settings identifiers, the preface. */
public final class H2 {

    /** What a client sends first (RFC 9113 §3.4); the prior-knowledge test of a plain connection. */
    public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    public static final int FRAME_HEADER_LENGTH = 9;
    /** SETTINGS_MAX_FRAME_SIZE bounds (RFC 9113 §6.5.2). */
    public static final int MIN_MAX_FRAME_SIZE = 16_384;
    public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;
    /** Largest flow-control window (RFC 9113 §6.9.1). */
    public static final int MAX_WINDOW = Integer.MAX_VALUE;
    /** The initial window of the connection and of every stream before any SETTINGS (RFC 9113 §6.9.2). */
    public static final int DEFAULT_WINDOW = 65_535;

    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int PRIORITY = 0x2;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PUSH_PROMISE = 0x5;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;

    public static final int FLAG_END_STREAM = 0x1;
    public static final int FLAG_ACK = 0x1;
    public static final int FLAG_END_HEADERS = 0x4;
    public static final int FLAG_PADDED = 0x8;
    public static final int FLAG_PRIORITY = 0x20;

    public static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    public static final int SETTINGS_ENABLE_PUSH = 0x2;
    public static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    public static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    public static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

    private H2() {
    }

    /** A frame type's name for logs. */
    public static String typeName(int type) {
        switch (type) {
            case DATA: return "DATA";
            case HEADERS: return "HEADERS";
            case PRIORITY: return "PRIORITY";
            case RST_STREAM: return "RST_STREAM";
            case SETTINGS: return "SETTINGS";
            case PUSH_PROMISE: return "PUSH_PROMISE";
            case PING: return "PING";
            case GOAWAY: return "GOAWAY";
            case WINDOW_UPDATE: return "WINDOW_UPDATE";
            case CONTINUATION: return "CONTINUATION";
            default: return "UNKNOWN(0x" + Integer.toHexString(type) + ')';
        }
    }
}
