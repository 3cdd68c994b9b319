package dev.loopwork.tck;

import dev.loopwork.ConnectionInitializer;
import dev.loopwork.tls.TlsConfig;
import dev.loopwork.tls.TlsContext;
import dev.loopwork.tls.TlsEngine;
import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The TLS side of one case: a server and a client {@link TlsContext} for one engine, over the kit's
 * {@link TlsCertificate}, whose stages are {@link TrackedStage tracked}.
 *
 * <h2>Engines</h2>
 * {@link TlsEngine#OPENSSL} needs netty-tcnative to load here; where it does not, the case is
 * skipped (a JUnit assumption) with netty's reason. {@code TlsContext} would quietly fall back to
 * the JDK engine; the fixture checks that the engine asked for is the one that runs.
 *
 * <h2>After the case</h2>
 * The fixture adds a check to the case's teardown ({@link TckContext#checkAtTeardown}): every
 * TLS stage it made was released exactly once by the core, and its OpenSSL engine freed.
 */
final class TlsFixture {

    final TlsEngine engine;
    private final TlsContext serverTls;
    private final TlsContext clientTls;
    private final List<TrackedStage> stages = new CopyOnWriteArrayList<>();

    TlsFixture(TckContext ctx, TlsEngine engine) {
        assumeAvailable(engine);
        this.engine = engine;
        this.serverTls = create(TlsCertificate.get().serverConfig().engine(engine).build());
        this.clientTls = create(TlsCertificate.get().clientConfig().engine(engine).build());
        ctx.checkAtTeardown(this::problems);
    }

    /** Skips the running case, with netty's reason, where the OpenSSL engine cannot run. */
    static void assumeAvailable(TlsEngine engine) {
        if (engine == TlsEngine.OPENSSL) {
            Assumptions.assumeTrue(TlsContext.isOpenSslAvailable(), () -> "the OpenSSL TLS engine cannot run here "
                    + "(netty-tcnative did not load): " + io.netty.handler.ssl.OpenSsl.unavailabilityCause());
        }
    }

    private TlsContext create(TlsConfig config) {
        TlsContext tls = TlsContext.create(config);
        assertEquals(engine, tls.engine(), "the TLS engine asked for must be the one that runs: " + tls);
        return tls;
    }

    /** An initializer that puts a tracked server TLS stage next to the socket, then runs {@code next}. */
    ConnectionInitializer server(ConnectionInitializer next) {
        return setup -> {
            setup.addStage(track(new TrackedStage(serverTls.newStage(setup), "server")));
            return next.initialize(setup);
        };
    }

    /** The same for a connection made with {@code group.connect}. */
    ConnectionInitializer client(ConnectionInitializer next) {
        return setup -> {
            setup.addStage(track(new TrackedStage(clientTls.newStage(setup), "client")));
            return next.initialize(setup);
        };
    }

    private TrackedStage track(TrackedStage stage) {
        stages.add(stage);
        return stage;
    }

    /** Stages not released exactly once, engines not freed; empty when all is well. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (TrackedStage s : stages) {
            String p = s.problem();
            if (p != null) {
                problems.add(p);
            }
        }
        return problems;
    }

    @Override
    public String toString() {
        return "TlsFixture{" + engine + ", stages=" + stages.size() + '}';
    }
}
