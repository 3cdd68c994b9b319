package dev.loopwork.http.internal.h2;

import dev.loopwork.ClosedException;
import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.Loop;
import dev.loopwork.http.Http2Settings;
import dev.loopwork.http.HttpLimits;
import dev.loopwork.http.HttpTimeouts;
import dev.loopwork.http.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * The HTTP/2 server side of one connection (RFC 9113): reads frames, runs the streams, and writes
 * the responses within the client's windows. The same {@link RequestHandler} API as HTTP/1.1.
 *
 * <h2>Parts</h2>
 * This class owns the phases, the guarded steps and closing. The rest is in parts that each see it
 * through a small interface of their own: {@link FrameDispatch} (frame order, routing),
 * {@link HeaderIn} (HEADERS/CONTINUATION, HPACK, request dispatch), {@link StreamLife} (DATA in,
 * completion, failures, resets, response output per stream), {@link ControlIn} (SETTINGS, PING,
 * WINDOW_UPDATE, RST_STREAM, PRIORITY, GOAWAY), {@link H2Output} (frames out, HPACK encoder,
 * flow-control windows), {@link StreamTable} (the live streams), {@link StreamRequests} (calls
 * from other threads), {@link ConnectionTimers} (idle, send stall, body rate), {@link BodyRateGuard}
 * and {@link FloodGuard}.
 *
 * <h2>Phases</h2>
 * {@code PREFACE} (the client's 24 bytes) → {@code SETTINGS} (its first frame must be SETTINGS) →
 * {@code OPEN} → {@code GOING_AWAY} (GOAWAY NO_ERROR sent on shutdown or idleness: streams in flight
 * finish, new ones are refused) → {@code CLOSING} (the connection is closing; input is dropped) →
 * {@code CLOSED}. A connection error sends GOAWAY with its code and goes to {@code CLOSING} at once.
 *
 * <h2>Flow control</h2>
 * Receiving: see {@link H2Stream} (a paused stream withholds its own WINDOW_UPDATE only; the
 * connection window reopens for bytes consumers took). Sending: response DATA waits for the
 * client's windows; a response that waits longer than {@link Http2Settings#sendStallTimeout()} is
 * reset, so a client that never opens its window cannot pin the server's memory. The connection
 * pauses reading while its own output is above the high watermark (a client that does not read
 * cannot make the server queue PING or SETTINGS answers without end).
 *
 * <h2>Threads and re-entrancy</h2>
 * Frames are read and written on the loop thread only. Responses and {@code BodyControl} calls from
 * other threads queue a request and wake the loop. As in the HTTP/1.1 connection, every entry point
 * is a guarded step: data delivered while a step runs is refused and redelivered after it.
 */
public final class H2Connection implements ConnectionHandler {

    private static final Logger log = LoggerFactory.getLogger(H2Connection.class);

    enum Phase { PREFACE, SETTINGS, OPEN, GOING_AWAY, CLOSING, CLOSED }

    private interface Step {
        void run() throws Exception;
    }

    private final HttpTimeouts timeouts;
    private final ConnectionTimers timers;
    private final Http2Settings settings;
    private final FrameReader reader;
    private final FloodGuard flood;
    private final StreamTable streams = new StreamTable();
    private final H2Output output;
    private final StreamLife life;
    private final HeaderIn headerIn;
    private final FrameDispatch frames;
    private final BodyRateGuard bodyRate;
    private final Parts parts = new Parts();
    private final StreamRequests requests = new StreamRequests(parts);
    private final long maxHeaderListSize;

    private volatile Connection conn;
    private Phase phase = Phase.PREFACE;
    private int prefaceMatched;
    private int goAwayLastId = Integer.MAX_VALUE;
    private boolean peerGoAway;
    private int busy;

    public H2Connection(HttpLimits limits, HttpTimeouts timeouts, Http2Settings settings, RequestHandler handler,
                        String serverName) {
        this.timeouts = timeouts;
        this.settings = settings;
        this.reader = new FrameReader(settings.maxFrameSize());
        this.flood = new FloodGuard(settings);
        this.maxHeaderListSize = limits.maxHeadSize();
        this.output = new H2Output(settings);
        this.life = new StreamLife(parts, streams, output, flood, limits);
        this.headerIn = new HeaderIn(parts, streams, life, output, flood, limits, settings.maxConcurrentStreams(),
                settings.headerTableSize(), handler, serverName);
        this.frames = new FrameDispatch(parts, headerIn, life, new ControlIn(parts, streams, output, flood));
        this.bodyRate = new BodyRateGuard(streams, life, output, timeouts);
        this.timers = new ConnectionTimers(parts, timeouts.idle(), settings.sendStallTimeout(),
                bodyRate.enabled() ? timeouts.bodyRateWindow() : null);
    }

    // ---- ConnectionHandler ----

    @Override
    public void onOpen(Connection connection) {
        conn = connection;
        guarded(() -> {
            output.serverPreface(maxHeaderListSize);
            timers.armIdle();
        });
    }

    @Override
    public void onData(Connection connection, ByteBuffer data) {
        if (busy > 0) {
            connection.pauseReading(); // refused now, redelivered by syncReading() after the outer step
            return;
        }
        guarded(() -> process(data));
    }

    @Override
    public void onWritable(Connection connection) {
        guarded(life::flushAll);
    }

    @Override
    public void onInputShutdown(Connection connection) {
        guarded(() -> {
            life.abortAll("the client closed the connection");
            close();
        });
    }

    @Override
    public void onShutdown(Connection connection) {
        guarded(() -> goAwayGracefully("the server is shutting down"));
    }

    @Override
    public void onClosed(Connection connection, Throwable cause) {
        phase = Phase.CLOSED;
        timers.cancel();
        life.closed(cause);
        log.debug("{}: closed after {} stream(s)", this, streams.opened());
    }

    // ---- steps ----

    private void guarded(Step step) {
        busy++;
        try {
            step.run();
            requests.run(streams, life);
        } catch (H2Exception e) {
            if (e.isConnectionError()) {
                connectionError(e);
            } else {
                streamError(e);
            }
        } catch (Throwable t) {
            log.warn("{}: internal failure; closing with INTERNAL_ERROR", this, t);
            connectionError(H2Exception.connection(ErrorCode.INTERNAL_ERROR, "internal server error"));
        } finally {
            flushOut();
            busy--;
        }
        if (busy == 0) {
            syncReading();
        }
    }

    private void process(ByteBuffer buf) {
        if (phase == Phase.PREFACE) {
            while (buf.hasRemaining() && prefaceMatched < H2.PREFACE.length) {
                if (buf.get() != H2.PREFACE[prefaceMatched]) {
                    buf.position(buf.limit());
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "the connection does not start with the"
                            + " HTTP/2 client preface");
                }
                prefaceMatched++;
            }
            if (prefaceMatched < H2.PREFACE.length) {
                return;
            }
            phase = Phase.SETTINGS;
        }
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            buf.position(buf.limit());
            return;
        }
        while (true) {
            try {
                reader.read(buf, frames, () -> phase.compareTo(Phase.CLOSING) >= 0);
                break;
            } catch (H2Exception e) {
                if (e.isConnectionError()) {
                    throw e;
                }
                streamError(e); // the reader is in step: go on with the next bytes
            }
        }
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            buf.position(buf.limit());
        }
    }

    private void streamError(H2Exception e) {
        log.debug("{}: {}", this, e.toString());
        life.streamError(e);
    }

    // ---- frames out ----

    private void flushOut() {
        ByteBuffer[] batch = output.take();
        if (batch == null) {
            return;
        }
        Connection c = conn;
        if (c == null || phase == Phase.CLOSED) {
            return;
        }
        try {
            c.write(batch);
        } catch (ClosedException e) {
            log.debug("{}: output already shut; {} frame buffers dropped", this, batch.length);
        }
    }

    private void syncReading() {
        Connection c = conn;
        if (c == null || phase.compareTo(Phase.CLOSING) >= 0) {
            return;
        }
        if (!c.isWritable()) {
            c.pauseReading(); // the client does not read what it asks for: stop reading what it asks
        } else if (c.isReadingPaused()) {
            c.resumeReading();
        }
    }

    // ---- closing ----

    private void connectionError(H2Exception e) {
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            log.debug("{}: {} after the connection started closing", this, e.toString());
            return;
        }
        log.debug("{}: {}; GOAWAY", this, e.toString());
        headerIn.abandon();
        output.frame(Frames.goAway(streams.lastClientStreamId(), e.code(), e.getMessage()));
        life.abortAll("connection error " + e.code() + ": " + e.getMessage());
        close();
    }

    private void goAwayGracefully(String why) {
        if (phase.compareTo(Phase.GOING_AWAY) >= 0) {
            return;
        }
        log.debug("{}: GOAWAY NO_ERROR: {}", this, why);
        goAwayLastId = streams.lastClientStreamId();
        output.frame(Frames.goAway(goAwayLastId, ErrorCode.NO_ERROR, why));
        phase = Phase.GOING_AWAY;
        closeIfDone();
    }

    private void closeIfDone() {
        if (streams.isEmpty() && (phase == Phase.GOING_AWAY || peerGoAway)) {
            close();
        }
    }

    private void close() {
        if (phase.compareTo(Phase.CLOSING) >= 0) {
            return;
        }
        phase = Phase.CLOSING;
        timers.cancel();
        flushOut();
        conn.close();
    }

    @Override
    public String toString() {
        return "H2Connection{" + (conn == null ? "-" : "#" + conn.id()) + ", " + phase + ", " + streams + ", "
                + output + ", " + headerIn + ", " + timers + ", " + requests + (peerGoAway ? ", peer GOAWAY" : "")
                + (goAwayLastId != Integer.MAX_VALUE ? ", goAwayLast=" + goAwayLastId : "") + ", " + flood + '}';
    }

    /**
     * The connection as its parts see it: each part gets this object typed as its own small
     * interface, so none of them can reach the rest of the connection.
     */
    private final class Parts implements StreamLife.Owner, HeaderIn.Owner, ControlIn.Owner,
            ConnectionTimers.Owner, StreamRequests.Owner, FrameDispatch.Owner {

        // FrameDispatch.Owner

        @Override
        public boolean awaitingSettings() {
            return phase == Phase.SETTINGS;
        }

        // StreamRequests.Owner

        @Override
        public boolean inStep() {
            return busy > 0;
        }

        @Override
        public void settle() {
            guarded(() -> { });
        }

        // ConnectionTimers.Owner

        @Override
        public Loop loop() {
            return conn.loop();
        }

        @Override
        public void idleExpired() {
            guarded(() -> {
                if (streams.isEmpty()) {
                    if (phase == Phase.PREFACE || phase == Phase.SETTINGS) {
                        close();
                    } else {
                        goAwayGracefully("idle for " + timeouts.idle());
                    }
                }
            });
        }

        @Override
        public boolean stallExpired(long stallNanos) {
            guarded(() -> life.resetStalled(stallNanos, settings.sendStallTimeout()));
            return streams.anyBlocked();
        }

        @Override
        public boolean rateTick() {
            boolean[] receiving = {false};
            guarded(() -> receiving[0] = bodyRate.tick());
            return receiving[0] && phase.compareTo(Phase.CLOSING) < 0;
        }


        // StreamLife.Owner

        @Override
        public boolean closing() {
            return phase.compareTo(Phase.CLOSING) >= 0;
        }

        @Override
        public boolean connectionWritable() {
            return conn.isWritable();
        }

        @Override
        public void waitingForWindow() {
            timers.armStall();
        }

        @Override
        public void streamRetired() {
            closeIfDone();
            if (streams.isEmpty() && phase.compareTo(Phase.GOING_AWAY) < 0) {
                timers.armIdle();
            }
        }

        // HeaderIn.Owner

        @Override
        public boolean refusesNewStreams(int id) {
            return id > goAwayLastId || phase.compareTo(Phase.GOING_AWAY) >= 0;
        }

        @Override
        public H2Stream newStream(int id) {
            timers.disarmIdle();
            timers.armRate();
            return new H2Stream(requests, id, settings.initialWindowSize(), output.peerInitialWindow());
        }

        @Override
        public Connection transport() {
            return conn;
        }

        // ControlIn.Owner

        @Override
        public void settingsApplied() {
            if (phase == Phase.SETTINGS) {
                phase = Phase.OPEN;
            }
            life.flushAll();
        }

        @Override
        public void connectionWindowOpened() {
            life.flushBlocked();
        }

        @Override
        public void streamWindowOpened(H2Stream s) {
            life.flush(s);
        }

        @Override
        public void resetByClient(H2Stream s, String code) {
            life.resetByClient(s, code);
        }

        @Override
        public void goAwayReceived(String code) {
            peerGoAway = true;
            log.debug("{}: the client sent GOAWAY {}", H2Connection.this, code);
            closeIfDone();
        }

        @Override
        public String toString() {
            return H2Connection.this.toString();
        }
    }
}
