package dev.loopwork.tls;

import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS 1.2 client started a second handshake on an established connection. Client-initiated
 * renegotiation is refused: it costs the server a handshake per request at no cost to the client
 * (a denial-of-service lever) and TLS 1.3 removed it.
 */
public class TlsRenegotiationException extends SSLHandshakeException {
    private static final long serialVersionUID = 1L;

    public TlsRenegotiationException(String message) {
        super(message);
    }
}
