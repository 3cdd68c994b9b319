package dev.loopwork.epoll;

import io.netty.channel.epoll.Epoll;

/**
 * Asks Netty whether epoll can run here, without letting a missing Netty class escape: a provider
 * must be listable, with a reason, on any class path and OS.
 */
final class EpollAvailability {

    private EpollAvailability() {
    }

    static boolean isAvailable() {
        try {
            return Epoll.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    static Throwable cause() {
        try {
            return Epoll.unavailabilityCause();
        } catch (LinkageError e) {
            return e;
        }
    }
}
