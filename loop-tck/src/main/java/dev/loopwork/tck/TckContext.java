package dev.loopwork.tck;

import dev.loopwork.LoopGroup;
import dev.loopwork.bootstrap.Loopwork;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The fixture of one case: builds groups from the provider under test, opens blocking JDK peers,
 * starts helper threads, waits with bounds, and at the end tears everything down and checks that
 * nothing leaked.
 *
 * <h2>Lifecycle</h2>
 * {@link LoopTck} makes one context per case before it runs (taking the descriptor baseline) and
 * calls {@link #close()} after it, pass or fail. {@code close()} closes the JDK peers, shuts down
 * every group that is still running, stops the helpers, then runs the {@link LeakChecker}.
 *
 * <h2>Bounds</h2>
 * Every wait goes through {@link #await} or {@link #awaitUntil}, bounded by
 * {@link TckSettings#awaitTimeout()}, so a stall fails with a message naming what was awaited.
 * JDK peers get the same bound as their read timeout.
 */
public final class TckContext implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TckContext.class);
    private static final AtomicInteger GROUP_IDS = new AtomicInteger();

    static {
        warmUpJdk();
    }

    private final CountingLoopProvider provider;
    private final TckSettings settings;
    private final LeakChecker leaks;
    private final List<LoopGroup> groups = new ArrayList<>();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private final Set<Thread> helpers = ConcurrentHashMap.newKeySet();
    private final Violations violations = new Violations();
    private final List<Supplier<List<String>>> teardownChecks = new CopyOnWriteArrayList<>();
    private boolean closed;
    /** The running case, named in every timeout message (set by {@link LoopTck}). */
    private volatile String caseName;
    /** How late the provider's timers were measured to fire; {@code null}: not measured. */
    private volatile TimerProbe.Result timers;

    /** Takes the descriptor baseline now: create the context right before the case runs. */
    public TckContext(CountingLoopProvider provider, TckSettings settings) {
        this.provider = provider;
        this.settings = settings;
        Duration leakWait = Duration.ofSeconds(15);
        this.leaks = new LeakChecker(settings.awaitTimeout().compareTo(leakWait) < 0 ? settings.awaitTimeout() : leakWait);
        if (!leaks.baseline().isSupported()) {
            log.info("no /proc/self/fd here: descriptor leaks are not checked, threads and buffers are");
        }
    }

    /**
     * The JDK creates some descriptors once per process, on first use (the socket pair NIO uses to
     * pre-close channels, ...). Using every kind of socket once before the first baseline keeps them
     * out of the first case's leak report.
     */
    private static void warmUpJdk() {
        try (Selector selector = Selector.open(); ServerSocketChannel ssc = ServerSocketChannel.open();
             SocketChannel sc = SocketChannel.open()) {
            ssc.bind(loopback());
            sc.connect(ssc.getLocalAddress());
            ssc.accept().close();
            try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); Socket c = new Socket()) {
                c.connect(ss.getLocalSocketAddress());
                ss.accept().close();
            }
            selector.selectNow();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Names the running case (its contract), for every timeout message of this context. */
    public void describeCase(String name) {
        this.caseName = name;
    }

    /** The measured lateness of the provider's timers, used to size timer-driven cases. */
    public void timerLateness(TimerProbe.Result result) {
        this.timers = result;
    }

    /**
     * Of {@code timers} resumes a case would take from a loop timer, use a timer for every n-th
     * (n returned, at least 1) and a task for the others, so that the timers' lateness adds up to at
     * most about 2 s. A prompt loop gets 1 (every resume from a timer); a loop with a 10 ms tick
     * still passes in seconds, not minutes. Timers may be late ({@link dev.loopwork.spi.LoopOps}).
     */
    int timerStride(int timers) {
        TimerProbe.Result t = this.timers;
        if (t == null || timers <= 0) {
            return 1;
        }
        long budget = TimeUnit.SECONDS.toNanos(2);
        long perTimer = t.averageNanos() + TimeUnit.MILLISECONDS.toNanos(1); // the delays themselves: 0-1 ms
        return (int) Math.max(1, Math.min(timers, (timers * perTimer + budget - 1) / budget));
    }

    /** What every timeout message adds: the case, the loop's counters, the timers' lateness. */
    String timeoutContext() {
        String t = timers == null ? "timer lateness not measured" : timers.describe();
        return " [case: " + (caseName == null ? "(not named)" : caseName) + "; " + provider.fakePollInSummary()
                + "; " + t + ']';
    }

    /** The stacks of the kit's helper threads and the loops' threads: where a timed-out wait was stuck. */
    static String threadDump() {
        StringBuilder sb = new StringBuilder("\nthreads:");
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            String n = t.getKey().getName();
            if (n.startsWith("tck-") || n.contains("loop") || n.contains("example")) {
                sb.append("\n  ").append(n).append(' ').append(t.getKey().getState());
                for (StackTraceElement el : t.getValue()) {
                    sb.append("\n    at ").append(el);
                }
            }
        }
        return sb.toString();
    }

    public CountingLoopProvider provider() {
        return provider;
    }

    public TckSettings settings() {
        return settings;
    }

    /** Where the kit's handlers and stages report contract breaches; checked by {@link #close()}. */
    Violations violations() {
        return violations;
    }

    /** The loopback address with port 0 (any free port). */
    public static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** A group of {@link TckSettings#loops()} loops. */
    public LoopGroup group() {
        return group(settings.loops());
    }

    /** A group of {@code loops} loops of the provider under test, shut down and leak-checked at the end. */
    public synchronized LoopGroup group(int loops) {
        return group(loops, settings.options());
    }

    /** The same with connection options of the case's own. */
    public synchronized LoopGroup group(int loops, dev.loopwork.ConnectionOptions options) {
        LoopGroup g = Loopwork.group().provider(provider).loops(loops).options(options)
                .name("tck-" + provider.name() + '-' + GROUP_IDS.incrementAndGet()).build();
        groups.add(g);
        return g;
    }

    /** A blocking JDK socket connected to {@code address}; its reads time out after the await bound. */
    public Socket connect(InetSocketAddress address) throws IOException {
        Socket s = track(new Socket());
        s.setSoTimeout((int) settings.awaitTimeout().toMillis());
        s.setTcpNoDelay(true);
        s.connect(address, (int) settings.awaitTimeout().toMillis());
        return s;
    }

    /** Closes {@code resource} (quietly) when the case ends, before the groups are shut down. */
    public synchronized <T extends AutoCloseable> T track(T resource) {
        closeables.push(resource);
        return resource;
    }

    /** A single-thread executor named {@code tck-<name>}, stopped and leak-checked at the end. */
    public synchronized ExecutorService executor(String name) {
        ExecutorService e = Executors.newSingleThreadExecutor(r -> helper(name, r));
        executors.add(e);
        return e;
    }

    /** Runs {@code body} on a new helper thread; the future completes with its result or failure. */
    public <T> CompletableFuture<T> async(String name, Callable<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        helper(name, () -> {
            try {
                f.complete(body.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        }).start();
        return f;
    }

    private Thread helper(String name, Runnable body) {
        Thread t = new Thread(body, "tck-" + name);
        t.setDaemon(true); // a stuck helper must not keep the test JVM alive; the leak check reports it
        helpers.add(t);
        return t;
    }

    /**
     * Waits for {@code stage} and returns its value.
     *
     * @throws AssertionError naming {@code what} on timeout, or with the stage's failure as cause
     */
    public <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(settings.awaitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + settings.awaitTimeout() + " waiting for " + what
                    + timeoutContext() + threadDump(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /** Waits for {@code stage} to fail and returns the failure (unwrapped from CompletionException). */
    public Throwable awaitFailure(CompletionStage<?> stage, String what) {
        try {
            Object value = stage.toCompletableFuture().get(settings.awaitTimeout().toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(what + " was expected to fail but completed with " + value);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + settings.awaitTimeout() + " waiting for " + what
                    + " to fail" + timeoutContext(), e);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after the await bound. */
    public void awaitUntil(String what, BooleanSupplier condition) {
        try {
            Awaitility.await(what).atMost(settings.awaitTimeout()).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out after " + settings.awaitTimeout() + " waiting until " + what
                    + timeoutContext(), e);
        }
    }

    /**
     * Adds a check to the leak check at the end of the case (after every group has terminated):
     * {@code check} returns the problems present right now, each as one line, or an empty list. It
     * is polled like the built-in checks until it holds or the leak check's bound has passed.
     */
    public void checkAtTeardown(Supplier<List<String>> check) {
        teardownChecks.add(Objects.requireNonNull(check, "check"));
    }

    /** Shuts {@code group} down gracefully and waits until it has terminated. */
    public void shutdown(LoopGroup group) {
        await(group.shutdownGracefully(Duration.ofSeconds(5)), "shutdownGracefully of " + group);
        await(group.terminationFuture(), "termination of " + group);
    }

    /**
     * Tears the case down and checks for leaks.
     *
     * @throws AssertionError listing every leak, or the first teardown failure
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> failures = new ArrayList<>();
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing {} at teardown: {}", c, e.toString());
            }
        }
        for (LoopGroup g : groups) {
            try {
                if (!g.terminationFuture().toCompletableFuture().isDone()) {
                    g.shutdownGracefully(Duration.ofSeconds(2)).toCompletableFuture().get(20, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                failures.add(new AssertionError("group " + g + " did not shut down at teardown: " + e, e));
            }
        }
        for (ExecutorService e : executors) {
            e.shutdownNow();
        }
        try {
            leaks.assertNoLeaks(groups, provider, helpers, teardownChecks);
        } catch (AssertionError e) {
            failures.add(e);
        }
        // Read last: teardown itself can breach the contract (onClosed twice during shutdown, ...).
        List<String> breaches = violations.all();
        if (!breaches.isEmpty()) {
            failures.add(0, new AssertionError("contract violations seen by the kit's handlers and stages:\n  "
                    + String.join("\n  ", breaches)));
        }
        if (!failures.isEmpty()) {
            AssertionError first = failures.get(0) instanceof AssertionError a ? a
                    : new AssertionError(failures.get(0));
            for (int i = 1; i < failures.size(); i++) {
                first.addSuppressed(failures.get(i));
            }
            throw first;
        }
    }

    @Override
    public String toString() {
        return "TckContext{" + provider.name() + ", " + settings + ", groups=" + groups.size() + ", helpers="
                + helpers.size() + '}';
    }
}
