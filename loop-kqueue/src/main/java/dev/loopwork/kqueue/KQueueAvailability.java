package dev.loopwork.kqueue;

import io.netty.channel.kqueue.KQueue;

/**
 * Asks Netty whether kqueue can run here, without letting a missing Netty class escape: a provider
 * must be listable, with a reason, on any class path and OS.
 */
final class KQueueAvailability {

    private KQueueAvailability() {
    }

    static boolean isAvailable() {
        try {
            return KQueue.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    static Throwable cause() {
        try {
            return KQueue.unavailabilityCause();
        } catch (LinkageError e) {
            return e;
        }
    }
}
