package dev.loopwork.tck;

import dev.loopwork.Connection;
import dev.loopwork.Loop;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Case 2: many connections at once. {@link TckSettings#connections()} Loopwork clients connect to a
 * server of the same group, all are open at the same moment, then each sends a distinct message and
 * must get exactly it back. Accepted connections must be spread over every loop of the group.
 */
final class ConcurrencyCases {

    private final TckContext ctx;

    ConcurrencyCases(TckContext ctx) {
        this.ctx = ctx;
    }

    void manyConcurrentConnections() {
        int n = ctx.settings().connections();
        requireDescriptors(2L * n + 200);
        LoopGroup g = ctx.group();
        Map<Loop, AtomicInteger> perLoop = new ConcurrentHashMap<>();
        Server server = g.listen(TckContext.loopback(), setup -> {
            perLoop.computeIfAbsent(setup.loop(), l -> new AtomicInteger()).incrementAndGet();
            return new EchoHandler(ctx.violations());
        });

        Payload content = new Payload(5, (long) n * 4096);
        List<OneShotClient> clients = new ArrayList<>(n);
        List<CompletableFuture<Connection>> connects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] message = new byte[1 + i % 4096]; // distinct sizes and bytes per connection
            content.next(message, 0, message.length);
            OneShotClient client = new OneShotClient(ctx.violations(), message);
            clients.add(client);
            connects.add(g.connect(server.localAddress(), setup -> client).toCompletableFuture());
        }
        List<Connection> connections = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            connections.add(ctx.await(connects.get(i), "connect #" + i + " of " + n));
        }
        ctx.awaitUntil("all " + n + " connections open on both sides (group.connectionCount() == " + 2 * n + ')',
                () -> g.connectionCount() == 2 * n);
        assertEquals(n, server.acceptedCount(), "server.acceptedCount()");

        for (OneShotClient client : clients) {
            client.send();
        }
        for (int i = 0; i < n; i++) {
            ctx.await(clients.get(i).echoed, "echo on connection #" + i + " of " + n);
        }

        for (Connection c : connections) {
            c.close();
        }
        for (int i = 0; i < n; i++) {
            ctx.await(connections.get(i).closeFuture(), "close of connection #" + i);
        }
        ctx.awaitUntil("every connection closed on both sides (connectionCount() == 0)", () -> g.connectionCount() == 0);

        for (Loop loop : g.loops()) {
            int accepted = perLoop.getOrDefault(loop, new AtomicInteger()).get();
            assertTrue(accepted > 0, "accepted connections must be spread over the loops; loop " + loop
                    + " got none of " + n + ": " + perLoop);
        }
    }

    /** Fails (does not skip) when the descriptor limit cannot hold the case: say how to fix it. */
    private static void requireDescriptors(long needed) {
        Path limits = Paths.get("/proc/self/limits");
        if (!Files.isReadable(limits)) {
            return; // not Linux: the case itself will fail with EMFILE if the limit is too low
        }
        try {
            for (String line : Files.readAllLines(limits)) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    if (!soft.equals("unlimited") && Long.parseLong(soft) < needed) {
                        throw new AssertionError("this case needs about " + needed + " descriptors but the limit is "
                                + soft + ": raise it (ulimit -n) or override LoopTck.connections()");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable limits only lose the early, friendly message.
        }
    }
}
