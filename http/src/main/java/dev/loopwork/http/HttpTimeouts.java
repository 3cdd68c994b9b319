package dev.loopwork.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on slow or silent clients. Immutable; build with {@link #builder()}.
 *
 * <h2>What is timed</h2>
 * <ul>
 *   <li>{@link #idle()} (default 60 s): a keep-alive connection waiting for the first byte of its
 *       next request (or a new connection for its first) is closed silently.</li>
 *   <li>{@link #head()} (default 30 s): from the first byte of a request head until its end;
 *       exceeded: 408 and close.</li>
 *   <li>{@link #minBodyRate()} bytes per second (default 1024; 0 turns it off) over every
 *       {@link #bodyRateWindow()} (default 10 s) while the body is read; time during which the
 *       application paused reading does not count (the client is not the slow one then).
 *       Exceeded: 408 and close on HTTP/1.1; on HTTP/2 it applies per stream, and a slow stream is
 *       reset with RST_STREAM CANCEL (its consumer gets the 408) while the others go on.</li>
 *   <li>{@link #linger()} (default 5 s): after an error answer, how long the server reads and drops
 *       what the client still sends before it closes (see {@link HttpLimits#lingerBytes()}).</li>
 * </ul>
 * Waiting for the application's response is not timed: that is the application's business.
 */
public final class HttpTimeouts {

    private static final HttpTimeouts DEFAULTS = builder().build();

    private final Duration idle;
    private final Duration head;
    private final long minBodyRate;
    private final Duration bodyRateWindow;
    private final Duration linger;

    private HttpTimeouts(Builder b) {
        this.idle = b.idle;
        this.head = b.head;
        this.minBodyRate = b.minBodyRate;
        this.bodyRateWindow = b.bodyRateWindow;
        this.linger = b.linger;
    }

    public static HttpTimeouts defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.idle = idle;
        b.head = head;
        b.minBodyRate = minBodyRate;
        b.bodyRateWindow = bodyRateWindow;
        b.linger = linger;
        return b;
    }

    public Duration idle() {
        return idle;
    }

    public Duration head() {
        return head;
    }

    /** Bytes per second; 0 when the check is off. */
    public long minBodyRate() {
        return minBodyRate;
    }

    public Duration bodyRateWindow() {
        return bodyRateWindow;
    }

    public Duration linger() {
        return linger;
    }

    @Override
    public String toString() {
        return "HttpTimeouts{idle=" + idle + ", head=" + head + ", minBodyRate=" + minBodyRate + "B/s per "
                + bodyRateWindow + ", linger=" + linger + '}';
    }

    /** Builder; each setter checks its argument and names it when it is wrong. */
    public static final class Builder {
        private Duration idle = Duration.ofSeconds(60);
        private Duration head = Duration.ofSeconds(30);
        private long minBodyRate = 1024;
        private Duration bodyRateWindow = Duration.ofSeconds(10);
        private Duration linger = Duration.ofSeconds(5);

        private Builder() {
        }

        public Builder idle(Duration timeout) {
            this.idle = positive("idle", timeout);
            return this;
        }

        public Builder head(Duration timeout) {
            this.head = positive("head", timeout);
            return this;
        }

        /**
         * @param bytesPerSecond at least this many body bytes per second on average over each window; 0: off
         * @param window         the window the average is taken over
         */
        public Builder minBodyRate(long bytesPerSecond, Duration window) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("minBodyRate must be >= 0 (0 = off), was " + bytesPerSecond);
            }
            this.minBodyRate = bytesPerSecond;
            this.bodyRateWindow = positive("bodyRateWindow", window);
            return this;
        }

        public Builder linger(Duration timeout) {
            this.linger = positive("linger", timeout);
            return this;
        }

        public HttpTimeouts build() {
            return new HttpTimeouts(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
