package dev.loopwork;

import java.time.Duration;
import java.util.Objects;

/**
 * How the connection core treats every connection of a group: buffer sizes, the read budget that
 * keeps one connection from starving the others, watermarks, and the bounds of a graceful close.
 * Immutable; build with {@link #builder()}.
 */
public final class ConnectionOptions {

    private static final ConnectionOptions DEFAULTS = builder().build();

    private final int readBufferSize;
    private final int readBudget;
    private final int highWatermark;
    private final int lowWatermark;
    private final Duration closeTimeout;
    private final Duration drainTimeout;
    private final long drainMaxBytes;
    private final Duration connectTimeout;

    private ConnectionOptions(Builder b) {
        this.readBufferSize = b.readBufferSize;
        this.readBudget = b.readBudget;
        this.highWatermark = b.highWatermark;
        this.lowWatermark = b.lowWatermark;
        this.closeTimeout = b.closeTimeout;
        this.drainTimeout = b.drainTimeout;
        this.drainMaxBytes = b.drainMaxBytes;
        this.connectTimeout = b.connectTimeout;
    }

    /**
     * 64 KiB read buffer, 512 KiB read budget per readiness, watermarks 256/128 KiB, graceful close
     * bounded by 10 s with a lingering drain of at most 2 s or 4 MiB, connect timeout 10 s.
     */
    public static ConnectionOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Bytes read from the socket per read call. */
    public int readBufferSize() {
        return readBufferSize;
    }

    /** Bytes one readiness may deliver before the connection yields to others on its loop. */
    public int readBudget() {
        return readBudget;
    }

    public int highWatermark() {
        return highWatermark;
    }

    public int lowWatermark() {
        return lowWatermark;
    }

    /** Bound on a whole graceful close (flush, FIN, drain); what is left is aborted. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** Bound on the lingering drain after FIN, waiting for the peer's FIN. */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** Bytes the lingering drain reads and discards at most. */
    public long drainMaxBytes() {
        return drainMaxBytes;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public String toString() {
        return "ConnectionOptions{readBufferSize=" + readBufferSize + ", readBudget=" + readBudget
                + ", watermarks=" + highWatermark + '/' + lowWatermark + ", closeTimeout=" + closeTimeout
                + ", drainTimeout=" + drainTimeout + ", drainMaxBytes=" + drainMaxBytes
                + ", connectTimeout=" + connectTimeout + '}';
    }

    /** Builder; each setter checks its argument and names it when it is wrong. */
    public static final class Builder {
        private int readBufferSize = 64 * 1024;
        private int readBudget = 512 * 1024;
        private int highWatermark = 256 * 1024;
        private int lowWatermark = 128 * 1024;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration drainTimeout = Duration.ofSeconds(2);
        private long drainMaxBytes = 4L * 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        public Builder readBufferSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("readBufferSize must be >= 1024, was " + bytes);
            }
            this.readBufferSize = bytes;
            return this;
        }

        public Builder readBudget(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("readBudget must be positive, was " + bytes);
            }
            this.readBudget = bytes;
            return this;
        }

        public Builder watermarks(int low, int high) {
            if (low < 0 || high <= 0 || low > high) {
                throw new IllegalArgumentException("watermarks need 0 <= low <= high and high > 0, were low="
                        + low + ", high=" + high);
            }
            this.lowWatermark = low;
            this.highWatermark = high;
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = requirePositive("closeTimeout", timeout);
            return this;
        }

        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = requireNonNegative("drainTimeout", timeout);
            return this;
        }

        public Builder drainMaxBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("drainMaxBytes must be >= 0, was " + bytes);
            }
            this.drainMaxBytes = bytes;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive("connectTimeout", timeout);
            return this;
        }

        public ConnectionOptions build() {
            return new ConnectionOptions(this);
        }

        private static Duration requirePositive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        private static Duration requireNonNegative(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must be >= 0, was " + d);
            }
            return d;
        }
    }
}
