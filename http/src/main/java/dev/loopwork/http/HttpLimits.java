package dev.loopwork.http;

/**
 * How much a client may send, and what it gets when it sends more. Immutable; build with
 * {@link #builder()}. Every limit is inclusive: a value equal to the limit is accepted.
 *
 * <h2>Defaults and answers</h2>
 * <table>
 *   <caption>limits</caption>
 *   <tr><th>limit</th><th>default</th><th>answer when exceeded</th></tr>
 *   <tr><td>{@link #maxHeadSize()}: request line + header fields + CRLFs</td><td>16 KiB</td><td>431</td></tr>
 *   <tr><td>{@link #maxHeaderCount()}</td><td>100</td><td>431</td></tr>
 *   <tr><td>{@link #maxUriLength()}: the request target</td><td>8 KiB</td><td>414</td></tr>
 *   <tr><td>{@link #maxBodySize()}: decoded body bytes</td><td>1 GiB</td><td>413 (before reading it
 *       when Content-Length says so, else as soon as chunks pass it)</td></tr>
 *   <tr><td>{@link #maxTrailerSize()}: trailer fields of a chunked body</td><td>8 KiB</td><td>431</td></tr>
 *   <tr><td>{@link #maxChunkExtensions()}: chunk-extension bytes of one body, in total</td><td>16 KiB</td>
 *       <td>400</td></tr>
 *   <tr><td>{@link #maxParts()}: parts of one multipart body</td><td>256</td><td>413</td></tr>
 *   <tr><td>{@link #maxPartHeaderSize()}: the header block of one part</td><td>8 KiB</td><td>413</td></tr>
 * </table>
 *
 * <h2>Reading what the server does not need</h2>
 * {@link #discardLimit()} (default 1 MiB): when a response completes before its request body
 * was read, a remainder of at most this many bytes (known from Content-Length) is read and dropped
 * so the connection can be kept; a larger or unknown remainder closes it. {@link #lingerBytes()}
 * (default 64 MiB): after an error answer the server shuts its output and keeps reading and
 * dropping input, at most this much (and at most {@link HttpTimeouts#linger()}), so that a client
 * still sending its body reads the answer instead of a connection reset.
 */
public final class HttpLimits {

    private static final HttpLimits DEFAULTS = builder().build();

    private final int maxHeadSize;
    private final int maxHeaderCount;
    private final int maxUriLength;
    private final long maxBodySize;
    private final int maxTrailerSize;
    private final int maxChunkExtensions;
    private final int maxParts;
    private final int maxPartHeaderSize;
    private final long discardLimit;
    private final long lingerBytes;

    private HttpLimits(Builder b) {
        this.maxHeadSize = b.maxHeadSize;
        this.maxHeaderCount = b.maxHeaderCount;
        this.maxUriLength = b.maxUriLength;
        this.maxBodySize = b.maxBodySize;
        this.maxTrailerSize = b.maxTrailerSize;
        this.maxChunkExtensions = b.maxChunkExtensions;
        this.maxParts = b.maxParts;
        this.maxPartHeaderSize = b.maxPartHeaderSize;
        this.discardLimit = b.discardLimit;
        this.lingerBytes = b.lingerBytes;
    }

    /** The defaults listed in the class comment. */
    public static HttpLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxHeadSize = maxHeadSize;
        b.maxHeaderCount = maxHeaderCount;
        b.maxUriLength = maxUriLength;
        b.maxBodySize = maxBodySize;
        b.maxTrailerSize = maxTrailerSize;
        b.maxChunkExtensions = maxChunkExtensions;
        b.maxParts = maxParts;
        b.maxPartHeaderSize = maxPartHeaderSize;
        b.discardLimit = discardLimit;
        b.lingerBytes = lingerBytes;
        return b;
    }

    public int maxHeadSize() {
        return maxHeadSize;
    }

    public int maxHeaderCount() {
        return maxHeaderCount;
    }

    public int maxUriLength() {
        return maxUriLength;
    }

    public long maxBodySize() {
        return maxBodySize;
    }

    public int maxTrailerSize() {
        return maxTrailerSize;
    }

    public int maxChunkExtensions() {
        return maxChunkExtensions;
    }

    public int maxParts() {
        return maxParts;
    }

    public int maxPartHeaderSize() {
        return maxPartHeaderSize;
    }

    public long discardLimit() {
        return discardLimit;
    }

    public long lingerBytes() {
        return lingerBytes;
    }

    @Override
    public String toString() {
        return "HttpLimits{head=" + maxHeadSize + ", headers=" + maxHeaderCount + ", uri=" + maxUriLength
                + ", body=" + maxBodySize + ", trailers=" + maxTrailerSize + ", chunkExtensions=" + maxChunkExtensions
                + ", parts=" + maxParts + ", partHead=" + maxPartHeaderSize + ", discard=" + discardLimit
                + ", linger=" + lingerBytes + '}';
    }

    /** Builder; each setter checks its argument and names it when it is wrong. */
    public static final class Builder {
        private int maxHeadSize = 16 * 1024;
        private int maxHeaderCount = 100;
        private int maxUriLength = 8 * 1024;
        private long maxBodySize = 1L << 30;
        private int maxTrailerSize = 8 * 1024;
        private int maxChunkExtensions = 16 * 1024;
        private int maxParts = 256;
        private int maxPartHeaderSize = 8 * 1024;
        private long discardLimit = 1L << 20;
        private long lingerBytes = 64L << 20;

        private Builder() {
        }

        /** Request line and header fields with their CRLFs, at least 64 bytes. */
        public Builder maxHeadSize(int bytes) {
            this.maxHeadSize = atLeast("maxHeadSize", bytes, 64);
            return this;
        }

        public Builder maxHeaderCount(int fields) {
            this.maxHeaderCount = atLeast("maxHeaderCount", fields, 1);
            return this;
        }

        public Builder maxUriLength(int bytes) {
            this.maxUriLength = atLeast("maxUriLength", bytes, 1);
            return this;
        }

        public Builder maxBodySize(long bytes) {
            this.maxBodySize = atLeast("maxBodySize", bytes, 0);
            return this;
        }

        public Builder maxTrailerSize(int bytes) {
            this.maxTrailerSize = atLeast("maxTrailerSize", bytes, 2);
            return this;
        }

        public Builder maxChunkExtensions(int bytes) {
            this.maxChunkExtensions = atLeast("maxChunkExtensions", bytes, 0);
            return this;
        }

        public Builder maxParts(int parts) {
            this.maxParts = atLeast("maxParts", parts, 1);
            return this;
        }

        public Builder maxPartHeaderSize(int bytes) {
            this.maxPartHeaderSize = atLeast("maxPartHeaderSize", bytes, 2);
            return this;
        }

        public Builder discardLimit(long bytes) {
            this.discardLimit = atLeast("discardLimit", bytes, 0);
            return this;
        }

        public Builder lingerBytes(long bytes) {
            this.lingerBytes = atLeast("lingerBytes", bytes, 0);
            return this;
        }

        public HttpLimits build() {
            return new HttpLimits(this);
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
            }
            return value;
        }

        private static long atLeast(String name, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
            }
            return value;
        }
    }
}
