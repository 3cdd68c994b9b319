package dev.loopwork.reliability;

import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.bootstrap.ProviderStatus;
import org.junit.jupiter.api.Assumptions;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The loops every network scenario runs on.
 *
 * <ul>
 *   <li>{@code all} (the stress profile): nio, epoll, epoll-manual, io_uring, io_uring-manual and the
 *       four flavours of the integrator's example loop;</li>
 *   <li>{@code default} (the quick build): nio, epoll, io_uring, and two example flavours that between them
 *       cover both drive modes and both answers of {@code fakePollIn} (example-thread: own thread,
 *       hook not implemented; example-tick-fakepollin: ticked, hook implemented);</li>
 *   <li>or a comma-separated list: {@code -Dreliability.loops=nio,epoll}.</li>
 * </ul>
 * A transport that cannot run here (epoll off Linux, io_uring refused by the kernel or a seccomp filter) is
 * skipped with the provider's own cause.
 */
final class Transports {

    static final List<String> ALL = List.of("nio", "epoll", "epoll-manual", "io_uring", "io_uring-manual",
            "example-thread", "example-thread-fakepollin", "example-tick", "example-tick-fakepollin");
    static final List<String> DEFAULT = List.of("nio", "epoll", "io_uring", "example-thread",
            "example-tick-fakepollin");

    private Transports() {
    }

    /** The transports selected by {@code reliability.loops}. */
    static Stream<String> selected() {
        String v = System.getProperty("reliability.loops", "default").trim();
        if (v.isEmpty() || v.equals("default")) {
            return DEFAULT.stream();
        }
        if (v.equals("all")) {
            return ALL.stream();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** Skips the running test if {@code transport} cannot run here, saying why. */
    static void assumeAvailable(String transport) {
        Optional<ProviderStatus> status = Loopwork.providers().stream()
                .filter(p -> p.name().equals(transport)).findFirst();
        Assumptions.assumeTrue(status.isPresent(), () -> "transport " + transport + " is not on the class path");
        Assumptions.assumeTrue(status.get().isAvailable(), () -> "transport " + transport + " cannot run here: "
                + status.get());
    }
}
