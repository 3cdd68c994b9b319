package dev.loopwork.bench.server;

/** Test access to {@link Servers#create}: the server a spec names, built as a server JVM builds it. */
public final class ServersAccess {

    private ServersAccess() {
    }

    public static BenchServer create(ServerSpec spec) throws Exception {
        return Servers.create(spec);
    }
}
