package dev.loopwork.tls;

/** Whether a TLS server asks its clients for a certificate. */
public enum ClientAuth {
    /** Clients are not asked for a certificate (the default). */
    NONE,
    /** Clients are asked; one that sends none is accepted, one that sends an untrusted one is not. */
    OPTIONAL,
    /** Clients must present a certificate the server trusts, or the handshake fails. */
    REQUIRE
}
