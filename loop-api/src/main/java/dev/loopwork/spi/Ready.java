package dev.loopwork.spi;

/** The callback a loop invokes, on its thread, when a registration is ready. */
@FunctionalInterface
public interface Ready {

    /**
     * {@code readyOps} holds {@link Interest#READ} and/or {@link Interest#WRITE}, never 0, never a
     * bit outside the registration's current interest except the READ of a promised fake (see
     * {@link Registration}). The readiness may be spurious: a read may return 0. An exception
     * thrown here is a bug of the caller; a loop logs it and goes on with other registrations.
     */
    void onReady(Registration registration, int readyOps);
}
