package dev.loopwork.http.internal.h2;

/** HTTP/2 error codes (RFC 9113 §7), as carried by RST_STREAM and GOAWAY. */
public enum ErrorCode {
    NO_ERROR(0x0),
    PROTOCOL_ERROR(0x1),
    INTERNAL_ERROR(0x2),
    FLOW_CONTROL_ERROR(0x3),
    SETTINGS_TIMEOUT(0x4),
    STREAM_CLOSED(0x5),
    FRAME_SIZE_ERROR(0x6),
    REFUSED_STREAM(0x7),
    CANCEL(0x8),
    COMPRESSION_ERROR(0x9),
    CONNECT_ERROR(0xa),
    ENHANCE_YOUR_CALM(0xb),
    INADEQUATE_SECURITY(0xc),
    HTTP_1_1_REQUIRED(0xd);

    private static final ErrorCode[] BY_CODE = values();

    public final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The name of {@code code}, or {@code UNKNOWN(0x..)} for a code this server does not know. */
    public static String nameOf(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code].name() : "UNKNOWN(0x" + Long.toHexString(code) + ')';
    }
}
