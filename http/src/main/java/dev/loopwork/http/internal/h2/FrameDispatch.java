package dev.loopwork.http.internal.h2;

import java.nio.ByteBuffer;

/**
 * Routes the frames the {@link FrameReader} reads to the part that handles them: DATA to
 * {@link StreamLife}, HEADERS and CONTINUATION to {@link HeaderIn}, the rest to {@link ControlIn}.
 * Checks first the two rules on frame order: nothing but CONTINUATION inside a header block
 * (RFC 9113 §6.10), and SETTINGS first (§3.4). Loop thread only.
 */
final class FrameDispatch implements FrameReader.Listener {

    /** The one thing the order check needs from the connection. */
    interface Owner {
        /** The preface was read and the client's first frame has not come yet. */
        boolean awaitingSettings();
    }

    private final Owner owner;
    private final HeaderIn headerIn;
    private final StreamLife life;
    private final ControlIn controlIn;

    FrameDispatch(Owner owner, HeaderIn headerIn, StreamLife life, ControlIn controlIn) {
        this.owner = owner;
        this.headerIn = headerIn;
        this.life = life;
        this.controlIn = controlIn;
    }

    @Override
    public void onDataStart(int streamId, int flags, int length) {
        checkFrameAllowed(H2.DATA);
        life.onDataStart(streamId, flags, length);
    }

    @Override
    public void onData(int streamId, ByteBuffer data) {
        life.onData(data);
    }

    @Override
    public void onDataEnd(int streamId, int flags, int padding) {
        life.onDataEnd(flags, padding);
    }

    @Override
    public void onFrame(int type, int flags, int streamId, byte[] p, int length) {
        checkFrameAllowed(type);
        switch (type) {
            case H2.HEADERS:
                headerIn.headers(flags, streamId, p, length);
                break;
            case H2.CONTINUATION:
                headerIn.continuation(flags, streamId, p, length);
                break;
            case H2.PUSH_PROMISE:
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE from a client");
            default:
                controlIn.onFrame(type, flags, streamId, p, length); // unknown types are ignored (RFC 9113 §4.1)
                break;
        }
    }

    private void checkFrameAllowed(int type) {
        int waiting = headerIn.pendingStream();
        if (waiting != 0 && type != H2.CONTINUATION) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, H2.typeName(type) + " while the header block of stream "
                    + waiting + " waits for CONTINUATION");
        }
        if (owner.awaitingSettings() && type != H2.SETTINGS) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "the client's first frame was " + H2.typeName(type)
                    + ", not SETTINGS");
        }
    }
}
