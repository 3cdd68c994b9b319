package dev.loopwork.http.internal.h2;

import java.util.Arrays;

/**
 * The connection-level frames a client sends: SETTINGS, PING, WINDOW_UPDATE, RST_STREAM, PRIORITY
 * and GOAWAY. Checks each against RFC 9113 (§6.3–§6.9), counts the ones a flood is made of in the
 * {@link FloodGuard}, answers what needs an answer (SETTINGS ACK, PING ACK) through the
 * {@link H2Output}, and tells its owner what changed for the streams. Loop thread only.
 */
final class ControlIn {

    /** What the control frames change outside this class. */
    interface Owner {
        /** The client's SETTINGS were applied and acknowledged. */
        void settingsApplied();

        /** The connection send window grew: blocked responses may go on. */
        void connectionWindowOpened();

        /** {@code s}'s send window grew. */
        void streamWindowOpened(H2Stream s);

        /** The client reset {@code s} with error {@code code}. */
        void resetByClient(H2Stream s, String code);

        /** The client sent GOAWAY with error {@code code}. */
        void goAwayReceived(String code);
    }

    private final Owner owner;
    private final StreamTable streams;
    private final H2Output output;
    private final FloodGuard flood;

    ControlIn(Owner owner, StreamTable streams, H2Output output, FloodGuard flood) {
        this.owner = owner;
        this.streams = streams;
        this.output = output;
        this.flood = flood;
    }

    /** Handles {@code type} if it is a control frame; false for the frame types that are not. */
    boolean onFrame(int type, int flags, int streamId, byte[] p, int length) {
        switch (type) {
            case H2.SETTINGS:
                settings(flags, streamId, p, length);
                return true;
            case H2.PING:
                ping(flags, streamId, p, length);
                return true;
            case H2.WINDOW_UPDATE:
                windowUpdate(streamId, p, length);
                return true;
            case H2.RST_STREAM:
                rstStream(streamId, p, length);
                return true;
            case H2.PRIORITY:
                if (streamId == 0) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "PRIORITY on stream 0");
                }
                flood.count(FloodGuard.Kind.CONTROL);
                if (length != 5) {
                    throw H2Exception.stream(streamId, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of " + length + " bytes");
                }
                return true;
            case H2.GOAWAY:
                if (streamId != 0) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "GOAWAY on stream " + streamId);
                }
                if (length < 8) {
                    throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY of " + length + " bytes");
                }
                owner.goAwayReceived(ErrorCode.nameOf(readInt(p, 4) & 0xFFFFFFFFL));
                return true;
            default:
                return false;
        }
    }

    private void ping(int flags, int streamId, byte[] p, int length) {
        if (streamId != 0) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "PING on stream " + streamId);
        }
        if (length != 8) {
            throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "PING of " + length + " bytes");
        }
        flood.count(FloodGuard.Kind.CONTROL);
        if ((flags & H2.FLAG_ACK) == 0) {
            output.frame(Frames.ping(true, Arrays.copyOf(p, 8)));
        }
    }

    private void settings(int flags, int streamId, byte[] p, int length) {
        if (streamId != 0) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS on stream " + streamId);
        }
        if ((flags & H2.FLAG_ACK) != 0) {
            if (length != 0) {
                throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload");
            }
            return;
        }
        if (length % 6 != 0) {
            throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS of " + length + " bytes");
        }
        flood.count(FloodGuard.Kind.CONTROL);
        for (int i = 0; i < length; i += 6) {
            int id = (p[i] & 0xFF) << 8 | (p[i + 1] & 0xFF);
            long value = readInt(p, i + 2) & 0xFFFFFFFFL;
            switch (id) {
                case H2.SETTINGS_HEADER_TABLE_SIZE:
                    output.peerTableSizeChanged();
                    break;
                case H2.SETTINGS_ENABLE_PUSH:
                    if (value > 1) {
                        throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH " + value);
                    }
                    break;
                case H2.SETTINGS_INITIAL_WINDOW_SIZE:
                    output.peerInitialWindow(value, streams.live());
                    break;
                case H2.SETTINGS_MAX_FRAME_SIZE:
                    output.peerMaxFrameSize(value);
                    break;
                default:
                    break; // MAX_CONCURRENT_STREAMS (the server opens none), MAX_HEADER_LIST_SIZE, unknown
            }
        }
        output.frame(Frames.settingsAck());
        owner.settingsApplied();
    }

    private void windowUpdate(int streamId, byte[] p, int length) {
        if (length != 4) {
            throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "WINDOW_UPDATE of " + length + " bytes");
        }
        int increment = readInt(p, 0) & Integer.MAX_VALUE;
        if (streamId == 0) {
            if (increment == 0) {
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on the connection");
            }
            output.connectionWindowUpdate(increment);
            owner.connectionWindowOpened();
            return;
        }
        H2Stream s = streams.get(streamId);
        if (s == null) {
            if (!streams.wasUsed(streamId)) {
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + streamId);
            }
            return;
        }
        if (increment == 0) {
            throw H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
        }
        s.sendWindow += increment;
        if (s.sendWindow > H2.MAX_WINDOW) {
            throw H2Exception.stream(streamId, ErrorCode.FLOW_CONTROL_ERROR, "stream window over 2^31-1");
        }
        owner.streamWindowOpened(s);
    }

    private void rstStream(int streamId, byte[] p, int length) {
        if (length != 4) {
            throw H2Exception.connection(ErrorCode.FRAME_SIZE_ERROR, "RST_STREAM of " + length + " bytes");
        }
        if (streamId == 0 || !streams.wasUsed(streamId)) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on " + (streamId == 0 ? "stream 0"
                    : "idle stream " + streamId));
        }
        flood.count(FloodGuard.Kind.RESET);
        H2Stream s = streams.get(streamId);
        if (s == null || s.reset) {
            return;
        }
        owner.resetByClient(s, ErrorCode.nameOf(readInt(p, 0) & 0xFFFFFFFFL));
    }

    static int readInt(byte[] p, int off) {
        return (p[off] & 0xFF) << 24 | (p[off + 1] & 0xFF) << 16 | (p[off + 2] & 0xFF) << 8 | (p[off + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return "ControlIn{" + flood + '}';
    }
}
