package dev.loopwork.tls;

import javax.net.ssl.SSLException;

/**
 * The peer closed the TCP connection without sending TLS close_notify first. Whatever arrived
 * may be incomplete (a truncation attack, or a crashed peer), so it must not be taken as a
 * complete message: the connection is closed with this cause.
 */
public class TlsTruncationException extends SSLException {
    private static final long serialVersionUID = 1L;

    public TlsTruncationException(String message) {
        super(message);
    }
}
