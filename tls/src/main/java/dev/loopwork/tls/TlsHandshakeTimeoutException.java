package dev.loopwork.tls;

import javax.net.ssl.SSLHandshakeException;

/** The TLS handshake did not complete within {@link TlsConfig#handshakeTimeout()}. */
public class TlsHandshakeTimeoutException extends SSLHandshakeException {
    private static final long serialVersionUID = 1L;

    public TlsHandshakeTimeoutException(String message) {
        super(message);
    }
}
