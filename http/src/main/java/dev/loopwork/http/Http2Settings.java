package dev.loopwork.http;

import java.time.Duration;
import java.util.Objects;

/**
 * HTTP/2 settings of an {@link HttpServer}: flow-control windows, stream and frame limits, and the
 * bounds against floods. Immutable; build with {@link #builder()}.
 *
 * <h2>Windows (why these defaults)</h2>
 * HTTP/2 lets a client send only as many DATA bytes as the server's windows allow; the server opens
 * them again (WINDOW_UPDATE) as the application consumes. The protocol's default window, 64 KiB,
 * caps one upload at 64 KiB per round trip: 6.5 MB/s at 10 ms, whatever the link. So:
 * <ul>
 *   <li>{@link #initialWindowSize()} (SETTINGS_INITIAL_WINDOW_SIZE, default 1 MiB): the bytes one
 *       stream may have in flight. 1 MiB covers 100 MB/s at a 10 ms round trip, or 1 GB/s on a LAN.
 *       It is also what a paused stream can hold: a stream whose {@code BodyConsumer} paused gets no
 *       WINDOW_UPDATE, and the bytes already granted (at most this window) wait in memory.</li>
 *   <li>{@link #connectionWindowSize()} (default 4 MiB): the bytes all streams together may have in
 *       flight, opened as the application consumes them. It is the bound on the memory a connection
 *       holds for bodies (only bytes of paused streams are ever copied), and at four stream windows it
 *       lets three streams sit paused with full windows while a fourth still uploads at full speed.</li>
 * </ul>
 *
 * <h2>Limits and what a client gets when it passes them</h2>
 * <table>
 *   <caption>HTTP/2 limits</caption>
 *   <tr><th>limit</th><th>default</th><th>answer</th></tr>
 *   <tr><td>{@link #maxConcurrentStreams()} (SETTINGS_MAX_CONCURRENT_STREAMS)</td><td>100</td>
 *       <td>RST_STREAM REFUSED_STREAM</td></tr>
 *   <tr><td>header list size: {@link HttpLimits#maxHeadSize()} (SETTINGS_MAX_HEADER_LIST_SIZE)</td>
 *       <td>16 KiB</td><td>431; a compressed block over twice that: GOAWAY ENHANCE_YOUR_CALM</td></tr>
 *   <tr><td>{@link #headerTableSize()} (SETTINGS_HEADER_TABLE_SIZE)</td><td>4096</td>
 *       <td>GOAWAY COMPRESSION_ERROR for a larger table update</td></tr>
 *   <tr><td>{@link #maxFrameSize()} (SETTINGS_MAX_FRAME_SIZE)</td><td>16 KiB</td>
 *       <td>GOAWAY FRAME_SIZE_ERROR</td></tr>
 *   <tr><td>{@link #maxResetsPerWindow()}: streams reset by the client, or by the server for the
 *       client's fault, per {@link #floodWindow()} (Rapid Reset, CVE-2023-44487)</td><td>100 per 10 s</td>
 *       <td>GOAWAY ENHANCE_YOUR_CALM</td></tr>
 *   <tr><td>{@link #maxControlFramesPerWindow()}: SETTINGS, PING and PRIORITY frames</td>
 *       <td>500 per 10 s</td><td>GOAWAY ENHANCE_YOUR_CALM</td></tr>
 *   <tr><td>{@link #maxEmptyFramesPerWindow()}: DATA, HEADERS or CONTINUATION frames that carry
 *       nothing and end nothing (CONTINUATION floods included)</td><td>100 per 10 s</td>
 *       <td>GOAWAY ENHANCE_YOUR_CALM</td></tr>
 *   <tr><td>{@link #sendStallTimeout()}: a response that cannot send because the client keeps its
 *       window closed</td><td>30 s</td><td>RST_STREAM CANCEL; its queued bytes are dropped</td></tr>
 * </table>
 * Request bodies are held to {@link HttpLimits#maxBodySize()} (413 before the body when
 * {@code content-length} says so), targets to {@link HttpLimits#maxUriLength()} (414), header counts to
 * {@link HttpLimits#maxHeaderCount()} (431). A malformed request (RFC 9113 §8.1.1) gets RST_STREAM
 * PROTOCOL_ERROR; a connection-level protocol error gets GOAWAY with the RFC's code.
 */
public final class Http2Settings {

    private static final Http2Settings DEFAULTS = builder().build();

    private final boolean priorKnowledge;
    private final int initialWindowSize;
    private final int connectionWindowSize;
    private final int maxConcurrentStreams;
    private final int headerTableSize;
    private final int maxFrameSize;
    private final Duration floodWindow;
    private final int maxResetsPerWindow;
    private final int maxControlFramesPerWindow;
    private final int maxEmptyFramesPerWindow;
    private final Duration sendStallTimeout;

    private Http2Settings(Builder b) {
        this.priorKnowledge = b.priorKnowledge;
        this.initialWindowSize = b.initialWindowSize;
        this.connectionWindowSize = b.connectionWindowSize;
        this.maxConcurrentStreams = b.maxConcurrentStreams;
        this.headerTableSize = b.headerTableSize;
        this.maxFrameSize = b.maxFrameSize;
        this.floodWindow = b.floodWindow;
        this.maxResetsPerWindow = b.maxResetsPerWindow;
        this.maxControlFramesPerWindow = b.maxControlFramesPerWindow;
        this.maxEmptyFramesPerWindow = b.maxEmptyFramesPerWindow;
        this.sendStallTimeout = b.sendStallTimeout;
    }

    public static Http2Settings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a plain connection that starts with the HTTP/2 preface speaks h2c (RFC 9113 §3.3); default true. */
    public boolean priorKnowledge() {
        return priorKnowledge;
    }

    public int initialWindowSize() {
        return initialWindowSize;
    }

    public int connectionWindowSize() {
        return connectionWindowSize;
    }

    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    public int headerTableSize() {
        return headerTableSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public Duration floodWindow() {
        return floodWindow;
    }

    public int maxResetsPerWindow() {
        return maxResetsPerWindow;
    }

    public int maxControlFramesPerWindow() {
        return maxControlFramesPerWindow;
    }

    public int maxEmptyFramesPerWindow() {
        return maxEmptyFramesPerWindow;
    }

    public Duration sendStallTimeout() {
        return sendStallTimeout;
    }

    @Override
    public String toString() {
        return "Http2Settings{priorKnowledge=" + priorKnowledge + ", window=" + initialWindowSize + ", connectionWindow="
                + connectionWindowSize + ", streams=" + maxConcurrentStreams + ", table=" + headerTableSize + ", frame="
                + maxFrameSize + ", per " + floodWindow + ": resets=" + maxResetsPerWindow + ", control="
                + maxControlFramesPerWindow + ", empty=" + maxEmptyFramesPerWindow + ", sendStall=" + sendStallTimeout + '}';
    }

    /** Builder; each setter checks its argument and names it when it is wrong. */
    public static final class Builder {
        private boolean priorKnowledge = true;
        private int initialWindowSize = 1 << 20;
        private int connectionWindowSize = 4 << 20;
        private int maxConcurrentStreams = 100;
        private int headerTableSize = 4096;
        private int maxFrameSize = 16_384;
        private Duration floodWindow = Duration.ofSeconds(10);
        private int maxResetsPerWindow = 100;
        private int maxControlFramesPerWindow = 500;
        private int maxEmptyFramesPerWindow = 100;
        private Duration sendStallTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder priorKnowledge(boolean on) {
            this.priorKnowledge = on;
            return this;
        }

        /** 65,535 .. 2^31-1 bytes. */
        public Builder initialWindowSize(int bytes) {
            this.initialWindowSize = range("initialWindowSize", bytes, 65_535, Integer.MAX_VALUE);
            return this;
        }

        /** 65,535 .. 2^31-1 bytes. */
        public Builder connectionWindowSize(int bytes) {
            this.connectionWindowSize = range("connectionWindowSize", bytes, 65_535, Integer.MAX_VALUE);
            return this;
        }

        public Builder maxConcurrentStreams(int streams) {
            this.maxConcurrentStreams = range("maxConcurrentStreams", streams, 1, Integer.MAX_VALUE);
            return this;
        }

        /** 0 .. 1 MiB. */
        public Builder headerTableSize(int bytes) {
            this.headerTableSize = range("headerTableSize", bytes, 0, 1 << 20);
            return this;
        }

        /** 16,384 .. 16,777,215 bytes (RFC 9113 §6.5.2). */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = range("maxFrameSize", bytes, 16_384, (1 << 24) - 1);
            return this;
        }

        public Builder floodWindow(Duration window) {
            Objects.requireNonNull(window, "floodWindow");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("floodWindow must be positive, was " + window);
            }
            this.floodWindow = window;
            return this;
        }

        public Builder maxResetsPerWindow(int resets) {
            this.maxResetsPerWindow = range("maxResetsPerWindow", resets, 1, Integer.MAX_VALUE);
            return this;
        }

        public Builder maxControlFramesPerWindow(int frames) {
            this.maxControlFramesPerWindow = range("maxControlFramesPerWindow", frames, 1, Integer.MAX_VALUE);
            return this;
        }

        public Builder maxEmptyFramesPerWindow(int frames) {
            this.maxEmptyFramesPerWindow = range("maxEmptyFramesPerWindow", frames, 1, Integer.MAX_VALUE);
            return this;
        }

        public Builder sendStallTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "sendStallTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("sendStallTimeout must be positive, was " + timeout);
            }
            this.sendStallTimeout = timeout;
            return this;
        }

        public Http2Settings build() {
            return new Http2Settings(this);
        }

        private static int range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + value);
            }
            return value;
        }
    }
}
