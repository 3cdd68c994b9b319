package dev.loopwork.spi;

import java.io.IOException;

/** A non-blocking listening TCP socket. */
public interface NetListener extends Pollable {

    /**
     * Accepts one pending connection, already non-blocking and with the listener's options
     * applied, or returns {@code null} when none is pending.
     */
    NetSocket accept() throws IOException;
}
