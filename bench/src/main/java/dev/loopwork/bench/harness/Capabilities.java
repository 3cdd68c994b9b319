package dev.loopwork.bench.harness;

/**
 * Which Loopwork rows this build can run. The HTTP and TLS rows need the {@code http} and
 * {@code tls} modules; until the bench module is built against them, those rows are reported as
 * pending, never replaced by a stand-in.
 */
final class Capabilities {

    private Capabilities() {
    }

    /** Why a Loopwork row cannot run in this build, or {@code null}. */
    static String loopworkPending(String body, String tls) {
        if (!"raw".equals(body)) {
            return "pending: the Loopwork HTTP server (module http) is not in this build yet";
        }
        return null;
    }
}
