package dev.loopwork.http.internal.h2;

/**
 * A protocol error found while reading: a connection error (stream 0: the connection sends GOAWAY
 * with {@link #code()} and closes) or a stream error (RST_STREAM on {@link #streamId()}, the
 * connection goes on). RFC 9113 §5.4.
 */
public final class H2Exception extends RuntimeException {

    private final ErrorCode code;
    private final int streamId;

    private H2Exception(ErrorCode code, int streamId, String message) {
        super(message, null, false, false);
        this.code = code;
        this.streamId = streamId;
    }

    public static H2Exception connection(ErrorCode code, String message) {
        return new H2Exception(code, 0, message);
    }

    public static H2Exception stream(int streamId, ErrorCode code, String message) {
        if (streamId == 0) {
            throw new IllegalArgumentException("a stream error needs a stream, not 0: " + message);
        }
        return new H2Exception(code, streamId, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** 0 for a connection error. */
    public int streamId() {
        return streamId;
    }

    public boolean isConnectionError() {
        return streamId == 0;
    }

    @Override
    public String toString() {
        return (streamId == 0 ? "connection error " : "stream " + streamId + " error ") + code + ": " + getMessage();
    }
}
