package dev.loopwork.bench.harness;

import dev.loopwork.bench.server.NettyTransport;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.bootstrap.ProviderStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every match of a run, data-driven from the providers on the class path: each available
 * Loopwork backend is a subject in the matches of its Netty peer transport
 * ({@link NettyTransport#peerOf}), so a new provider (io_uring, an integrator's loop) gets its rows
 * without a change here.
 *
 * <p>Per peer transport: raw discard against the limits (the bare JDK read loop and Netty's raw
 * discard), HTTP plain and over TLS with each engine against Netty's codec as configured and
 * tuned; per backend: the pausing consumer with the loop's hook against the core's fallback.
 */
final class Catalog {

    static final List<String> TLS_ENGINES = List.of("openssl", "jdk");

    private final List<Match> matches = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Catalog(Profile profile) {
        List<ProviderStatus> providers = new ArrayList<>(Loopwork.providers());
        providers.sort(Comparator.comparing((ProviderStatus p) -> order(p.name())).thenComparing(ProviderStatus::name));
        if (providers.stream().noneMatch(p -> p.name().startsWith("kqueue"))) {
            notes.add("kqueue: no kqueue provider on the class path; kqueue exists only on macOS/BSD in any case");
        }
        List<String> backends = new ArrayList<>();
        Set<String> transports = new LinkedHashSet<>();
        for (ProviderStatus p : providers) {
            if (!p.isAvailable()) {
                notes.add(p.name() + ": unavailable here, not run: " + p.unavailabilityCause().map(Catalog::explain).orElse("?"));
                continue;
            }
            String peer = NettyTransport.peerOf(p.name());
            String why = peerUnavailable(peer);
            if (why != null) {
                notes.add(p.name() + ": not run, its Netty peer (" + peer + ") is unavailable: " + why);
                continue;
            }
            backends.add(p.name());
            transports.add(peer);
        }
        for (String t : transports) {
            List<String> mine = backends.stream().filter(b -> NettyTransport.peerOf(b).equals(t)).toList();
            matches.add(new Match("raw", "raw TCP discard, plain: Loopwork raw vs the limits (" + t + ")",
                    List.of(Case.of("jdk", "blocking", "raw", "none"), Case.of("netty", t, "raw", "none")),
                    loopwork(mine, "raw", "none")));
            matches.add(new Match("http", "HTTP upload, plain (" + t + ")",
                    nettyHttp(t, "none"), loopwork(mine, "http", "none")));
            // the JDK engine is slow on both sides and the same on both: the full profile runs it on every
            // backend, the quick profile not at all (on nio and epoll alone it took 2 of 12 minutes); a
            // focused run: -Dbench.everywhere=true -Dbench.filter='loopwork/(nio|epoll)/http/tls-jdk'
            List<String> main = profile.everywhere() ? mine : List.of();
            for (String engine : TLS_ENGINES) {
                matches.add(new Match("tls", "HTTP upload, TLS " + engine + " engine (" + t + ")",
                        nettyHttp(t, engine), loopwork("jdk".equals(engine) ? main : mine, "http", engine)));
            }
            if (profile.everywhere()) {
                for (String engine : TLS_ENGINES) {
                    matches.add(new Match("raw-tls", "raw discard over TLS " + engine + " engine, no HTTP (" + t + ")",
                            List.of(Case.of("netty", t, "raw", engine)), loopwork(mine, "raw", engine)));
                }
            }
            matches.addAll(dev.loopwork.bench.h2.H2Rows.matches(t, mine, profile.everywhere()));
            if (profile.fileRows()) {
                matches.add(new Match("file", "HTTP upload to a file, plain (" + t + ")",
                        List.of(Case.of("netty", t, "http-file", "none")), loopwork(mine, "http-file", "none")));
            }
        }
        for (String b : backends) {
            if (profile.budgetPair() > 0) {
                // An experiment on the core's default: the same server with another read budget, paired.
                for (String body : List.of("raw", "http")) {
                    Case byDefault = Case.of("loopwork", b, body, "none");
                    matches.add(new Match("budget", body + " plain: read budget " + profile.budgetPair()
                            + " bytes vs the core's default (" + b + ")",
                            List.of(byDefault), List.of(byDefault.variant("budget-" + profile.budgetPair()))));
                }
            }
            Case pausing = Case.of("loopwork", b, "http", "none").variant("pause");
            matches.add(new Match("pause", "pausing consumer: the loop's fakePollIn vs the core's fallback (" + b + ")",
                    List.of(pausing.variant("pause-fallback")), List.of(pausing)));
        }
        matches.replaceAll(m -> m.onlySubjects(c -> profile.filter().matcher(c.id()).matches()));
        matches.removeIf(m -> m.subjects().isEmpty());
    }

    List<Match> matches() {
        return matches;
    }

    /** Backends that exist in principle but were not run, with the reason. */
    List<String> notes() {
        return notes;
    }

    private static List<Case> loopwork(List<String> backends, String body, String tls) {
        return backends.stream().map(b -> Case.of("loopwork", b, body, tls)).toList();
    }

    /** Netty's codec as a user gets it, and tuned so that no one can say the peer was handicapped. */
    private static List<Case> nettyHttp(String transport, String tls) {
        Case c = Case.of("netty", transport, "http", tls);
        return List.of(c, c.variant("tuned"));
    }

    private static String peerUnavailable(String transport) {
        try {
            return NettyTransport.of(transport).unavailability();
        } catch (IllegalArgumentException e) {
            return "no Netty peer wired for " + transport;
        } catch (LinkageError e) {
            return e.toString();
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

    /** nio first (the default everyone has), then native loops, then the integrator's example loops. */
    private static int order(String name) {
        if (name.equals("nio")) {
            return 0;
        }
        if (name.startsWith("epoll")) {
            return 1;
        }
        if (name.startsWith("io_uring") || name.startsWith("iouring")) {
            return 2;
        }
        if (name.startsWith("kqueue")) {
            return 3;
        }
        return 4;
    }
}
