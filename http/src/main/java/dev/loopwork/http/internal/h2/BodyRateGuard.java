package dev.loopwork.http.internal.h2;

import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minimum request body rate ({@link HttpTimeouts#minBodyRate()}) on HTTP/2, per stream: a
 * stream whose client sent fewer than {@code minBodyRate x bodyRateWindow} bytes over a whole
 * window is reset with RST_STREAM CANCEL (its consumer hears a 408 {@link HttpException}); the
 * other streams of the connection go on. CANCEL because RFC 9113 §7 defines it for a stream that
 * is no longer needed, which is what the server decides here; ENHANCE_YOUR_CALM is for a peer that
 * causes excessive load, which a slow sender does not.
 *
 * <p>The client is not to blame, and the window starts again, while the consumer is paused or
 * holds bytes (its stream window is withheld) and while the connection window the client sees is
 * below one window's minimum (other streams' paused consumers hold it). Checked on each tick of
 * {@link ConnectionTimers} (every half window), so a slow stream is reset 1 to 1.5 windows after
 * its last good window started. Loop thread only.
 */
final class BodyRateGuard {

    private static final Logger log = LoggerFactory.getLogger(BodyRateGuard.class);

    private final StreamTable streams;
    private final StreamLife life;
    private final H2Output output;
    private final HttpTimeouts timeouts;
    private final long windowNanos;
    /** Bytes a stream must receive per window. */
    private final long minBytes;

    BodyRateGuard(StreamTable streams, StreamLife life, H2Output output, HttpTimeouts timeouts) {
        this.streams = streams;
        this.life = life;
        this.output = output;
        this.timeouts = timeouts;
        this.windowNanos = timeouts.bodyRateWindow().toNanos();
        this.minBytes = (long) Math.ceil(timeouts.minBodyRate() * (windowNanos / 1e9));
    }

    /** Whether the check is on (a positive minimum rate). */
    boolean enabled() {
        return timeouts.minBodyRate() > 0;
    }

    /** Checks every stream that still receives its body; returns whether any still does. */
    boolean tick() {
        long now = System.nanoTime();
        boolean starved = output.connectionRecvWindow() < minBytes;
        boolean receiving = false;
        for (H2Stream s : streams.snapshot()) {
            if (s.endReceived || s.consumerDone || s.reset) {
                continue;
            }
            receiving = true;
            if (starved || s.isPaused() || s.hasHeld()) {
                s.restartRateWindow(now);
            } else if (now - s.rateWindowStart >= windowNanos) {
                long got = s.arrived - s.rateWindowBytes;
                if (got < minBytes) {
                    log.debug("stream {}: {} body bytes in {}, less than {} bytes/s; RST_STREAM CANCEL", s.id, got,
                            timeouts.bodyRateWindow(), timeouts.minBodyRate());
                    life.reset(s, ErrorCode.CANCEL, false, new HttpException(408, "request body slower than "
                            + timeouts.minBodyRate() + " bytes/s over " + timeouts.bodyRateWindow() + " on HTTP/2 stream "
                            + s.id));
                } else {
                    s.restartRateWindow(now);
                }
            }
        }
        return receiving;
    }
}
