package dev.loopwork.tls;

import dev.loopwork.LoopworkException;

/**
 * A TLS configuration that cannot work: an unreadable or malformed PEM file, a key that does not
 * match its certificate, a protocol or cipher suite that is not allowed or not supported, a server
 * without a key. The message names the file, option or value that was wrong.
 */
public class TlsConfigException extends LoopworkException {
    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
