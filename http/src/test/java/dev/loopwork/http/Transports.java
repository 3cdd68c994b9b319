package dev.loopwork.http;

import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.bootstrap.ProviderStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The loops the network tests run on, for {@code @MethodSource}.
 *
 * <ul>
 *   <li>{@link #all()}: {@code nio}, {@code epoll} and {@code epoll-manual} (loop-epoll; the manual one
 *       hosted on a thread of its own by the default host), {@code io_uring} (loop-io_uring) and
 *       the four flavours of the integrator's loop in loop-custom-example: own thread or {@code tick()}, with and without
 *       {@code fakePollIn};</li>
 *   <li>{@link #plainAndTls()}: each of them in clear and with the TLS stage;</li>
 *   <li>{@link #jdkAndNative()}: {@code nio}, {@code epoll} and {@code io_uring};</li>
 *   <li>{@link #examples()}: the four example flavours.</li>
 * </ul>
 * {@code -Dhttp.transports=nio,example-tick} narrows every list to the names given (for a quick run
 * by hand). A transport that cannot run here is skipped with the provider's own cause, except
 * {@code epoll} and {@code epoll-manual} on Linux x86_64/aarch64, where loop-epoll ships its native library: there it must
 * run, so that a broken native load fails the build instead of silently dropping the epoll runs.
 * {@code io_uring} is skipped with its cause where the kernel or a seccomp filter refuses it.
 */
final class Transports {

    static final List<String> ALL = List.of("nio", "epoll", "epoll-manual", "io_uring", "example-thread",
            "example-thread-fakepollin", "example-tick", "example-tick-fakepollin");

    /** In clear or with the TLS stage added in the setup hook. */
    enum Wire {
        PLAIN, TLS;

        @Override
        public String toString() {
            return this == PLAIN ? "plain" : "TLS";
        }
    }

    private Transports() {
    }

    static Stream<String> all() {
        return selected(ALL);
    }

    static Stream<String> jdkAndNative() {
        return selected(List.of("nio", "epoll", "io_uring"));
    }

    static Stream<String> examples() {
        return selected(ALL.subList(ALL.indexOf("example-thread"), ALL.size()));
    }

    static Stream<Arguments> plainAndTls() {
        return all().flatMap(t -> Stream.of(Arguments.of(t, Wire.PLAIN), Arguments.of(t, Wire.TLS)));
    }

    /**
     * The loop for the {@code n}-th server of a test class whose cases judge the protocol above the
     * loop (HTTP/2 limits, stream states): consecutive servers take consecutive loops, so the class
     * as a whole runs on every selected loop without running every case on each. Unavailable loops
     * are passed over (see {@link #assumeAvailable} for the epoll rule).
     */
    static String rotating(int n) {
        List<String> loops = selected(ALL).filter(Transports::availableOrMustBe).toList();
        return loops.get(Math.floorMod(n, loops.size()));
    }

    private static boolean availableOrMustBe(String transport) {
        boolean available = Loopwork.providers().stream().anyMatch(p -> p.name().equals(transport) && p.isAvailable());
        return available || ((transport.equals("epoll") || transport.equals("epoll-manual")) && nativeEpollShipped());
    }

    private static Stream<String> selected(List<String> names) {
        String only = System.getProperty("http.transports", "").trim();
        if (only.isEmpty()) {
            return names.stream();
        }
        List<String> wanted = Arrays.stream(only.split(",")).map(String::trim).toList();
        return names.stream().filter(wanted::contains);
    }

    /** Skips the running test if {@code transport} cannot run here, saying why (see the class comment). */
    static void assumeAvailable(String transport) {
        Optional<ProviderStatus> status = Loopwork.providers().stream()
                .filter(p -> p.name().equals(transport)).findFirst();
        if (status.isPresent() && status.get().isAvailable()) {
            return;
        }
        String why = status.map(s -> "transport " + transport + " cannot run here: " + s)
                .orElse("transport " + transport + " is not on the class path");
        if ((transport.equals("epoll") || transport.equals("epoll-manual")) && nativeEpollShipped()) {
            fail(why + " (loop-epoll ships the native library for " + System.getProperty("os.arch") + ")");
        }
        Assumptions.abort(why);
    }

    private static boolean nativeEpollShipped() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }
}
