package dev.loopwork.bench.harness;

import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.bootstrap.ProviderStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every case of a run, in the order they run: each Netty transport's peers, then the Loopwork
 * backends measured against them, so that rows compared with each other run close in time.
 */
final class Catalog {

    static final List<String> TLS = List.of("none", "jdk", "openssl");
    /** The backends whose Netty peer is the same kind of loop; the quick profile runs their extra rows. */
    static final Set<String> MAIN_BACKENDS = Set.of("nio", "epoll");

    private final List<Case> cases = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Catalog(Profile profile) {
        List<ProviderStatus> providers = new ArrayList<>(Loopwork.providers());
        providers.sort(Comparator.comparing((ProviderStatus p) -> order(p.name())).thenComparing(ProviderStatus::name));
        if (providers.stream().noneMatch(p -> p.name().startsWith("kqueue"))) {
            notes.add("kqueue: no kqueue provider on the class path (loop-kqueue is not in this build); "
                    + "kqueue exists only on macOS/BSD in any case");
        }
        Set<String> peers = new LinkedHashSet<>();
        for (ProviderStatus p : providers) {
            if (!p.isAvailable()) {
                notes.add(p.name() + ": unavailable here, not run: " + p.unavailabilityCause().map(Catalog::explain).orElse("?"));
                continue;
            }
            String peer = Case.nettyPeerTransport(p.name());
            if (peers.add(peer)) {
                addNetty(peer, profile);
            }
            addLoopwork(p.name(), profile);
        }
        cases.removeIf(c -> !profile.filter().matcher(c.id()).matches());
    }

    List<Case> cases() {
        return cases;
    }

    /** Backends that exist in principle but were not run, with the reason. */
    List<String> notes() {
        return notes;
    }

    private void addNetty(String transport, Profile profile) {
        String pending = null;
        if ("epoll".equals(transport) && !io.netty.channel.epoll.Epoll.isAvailable()) {
            pending = "Netty epoll unavailable: " + explain(io.netty.channel.epoll.Epoll.unavailabilityCause());
        } else if (!"nio".equals(transport) && !"epoll".equals(transport)) {
            pending = "no Netty peer wired for transport " + transport;
        }
        for (String body : bodies(profile)) {
            for (String tls : TLS) {
                if (!"http-file".equals(body) || "none".equals(tls)) {
                    cases.add(new Case("netty", transport, body, tls, pending));
                }
            }
        }
    }

    private void addLoopwork(String backend, Profile profile) {
        for (String body : bodies(profile)) {
            for (String tls : TLS) {
                boolean wanted = "none".equals(tls)
                        || "http".equals(body)
                        // TLS without HTTP: everywhere in full, on the main backends in quick (time)
                        || ("raw".equals(body) && (profile.rawTlsEverywhere() || MAIN_BACKENDS.contains(backend)));
                if (wanted) {
                    cases.add(new Case("loopwork", backend, body, tls, null));
                }
            }
        }
    }

    /** The outermost and the innermost cause: an initializer error says little, its root says why. */
    static String explain(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = t.toString();
        boolean said = root == t || (root.getMessage() != null && top.contains(root.getMessage()));
        return said ? top : top + ", caused by " + root;
    }

    private static List<String> bodies(Profile profile) {
        return profile.fileRows() ? List.of("raw", "http", "http-file") : List.of("raw", "http");
    }

    /** nio first (the default everyone has), then native loops, then the integrator's example loops. */
    private static int order(String name) {
        if (name.equals("nio")) {
            return 0;
        }
        if (name.startsWith("epoll")) {
            return 1;
        }
        if (name.startsWith("kqueue")) {
            return 2;
        }
        return 3;
    }
}
