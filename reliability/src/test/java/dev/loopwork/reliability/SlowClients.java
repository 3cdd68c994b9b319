package dev.loopwork.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Many slow clients on one JDK selector thread (no thread per client): each connects, sends an
 * opening, then trickles a few bytes at a fixed period, and records how the server let it go:
 * the first bytes it answered (a {@code 408}...), then EOF or a reset. Every client stops by
 * itself after {@code maxTrickles} sends, so the driver is bounded in count and time.
 */
final class SlowClients implements AutoCloseable {

    /** One slow client's script. */
    record Script(String kind, InetSocketAddress target, byte[] opening, byte[] trickle, long periodMillis,
                  int maxTrickles) {
    }

    /** How the server ended one client. */
    record Outcome(String kind, String firstLine, String end, long millis) {
    }

    private final class Client {
        final Script script;
        final SocketChannel ch;
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        final long started = System.nanoTime();
        final StringBuilder answer = new StringBuilder();
        int trickles;

        Client(Script script, SocketChannel ch) {
            this.script = script;
            this.ch = ch;
        }

        void finish(String end) {
            String first = answer.length() == 0 ? "" : answer.toString().split("\r\n", 2)[0];
            done.complete(new Outcome(script.kind(), first, end,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private record Due(long atNanos, Client client) {
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Client> pending = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Due> timers = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos, b.atNanos));
    private final List<Client> all = new ArrayList<>();
    private volatile boolean running = true;

    SlowClients() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::run, "rel-slow-clients");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a client; the future completes when the server has closed or reset it. */
    CompletableFuture<Outcome> start(Script script) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Client c = new Client(script, ch);
        synchronized (all) {
            all.add(c);
        }
        pending.add(c);
        selector.wakeup();
        return c.done;
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (running) {
                Client c;
                while ((c = pending.poll()) != null) {
                    try {
                        if (c.ch.connect(c.script.target())) {
                            connected(c);
                        } else {
                            c.ch.register(selector, SelectionKey.OP_CONNECT, c);
                        }
                    } catch (IOException e) {
                        c.finish("connect failed: " + e);
                    }
                }
                long now = System.nanoTime();
                while (!timers.isEmpty() && timers.peek().atNanos <= now) {
                    trickle(timers.poll().client);
                }
                long waitMs = timers.isEmpty() ? 100
                        : Math.max(1, TimeUnit.NANOSECONDS.toMillis(timers.peek().atNanos - now));
                selector.select(Math.min(waitMs, 100));
                for (SelectionKey k : selector.selectedKeys()) {
                    Client cl = (Client) k.attachment();
                    try {
                        if (k.isValid() && k.isConnectable()) {
                            cl.ch.finishConnect();
                            connected(cl);
                        } else if (k.isValid() && k.isReadable()) {
                            buf.clear();
                            int n = cl.ch.read(buf);
                            if (n < 0) {
                                k.cancel();
                                cl.finish("eof");
                            } else if (cl.answer.length() < 256) {
                                cl.answer.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
                            }
                        }
                    } catch (IOException e) {
                        k.cancel();
                        cl.finish("reset (" + e.getMessage() + ')');
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            synchronized (all) {
                for (Client c : all) {
                    c.done.completeExceptionally(e);
                }
            }
        }
    }

    private void connected(Client c) throws IOException {
        c.ch.register(selector, SelectionKey.OP_READ, c);
        send(c, c.script.opening());
        timers.add(new Due(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(c.script.periodMillis()), c));
    }

    private void trickle(Client c) {
        if (c.done.isDone()) {
            return;
        }
        if (c.trickles++ >= c.script.maxTrickles()) {
            c.finish("gave up: the server never let it go");
            return;
        }
        try {
            send(c, c.script.trickle());
        } catch (IOException e) {
            c.finish("reset on write (" + e.getMessage() + ')');
            return;
        }
        timers.add(new Due(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(c.script.periodMillis()), c));
    }

    private static void send(Client c, byte[] bytes) throws IOException {
        if (bytes.length > 0) {
            c.ch.write(ByteBuffer.wrap(bytes)); // a few bytes: the socket buffer always takes them
        }
    }

    /** Counts of outcomes by kind and end, for the report. */
    static Map<String, Integer> summary(List<Outcome> outcomes) {
        Map<String, Integer> m = new TreeMap<>();
        for (Outcome o : outcomes) {
            String end = o.end().startsWith("reset") ? "reset" : o.end();
            String status = o.firstLine().startsWith("HTTP/1.1 ") && o.firstLine().length() >= 12
                    ? o.firstLine().substring(9, 12) + '+' : o.firstLine().isEmpty() ? "" : "?+";
            m.merge(o.kind() + ':' + status + end, 1, Integer::sum);
        }
        return m;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        synchronized (all) {
            for (Client c : all) {
                if (!c.done.isDone()) {
                    c.finish("stopped by the test");
                }
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
