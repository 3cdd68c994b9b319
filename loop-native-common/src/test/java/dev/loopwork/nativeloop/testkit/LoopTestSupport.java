package dev.loopwork.nativeloop.testkit;

import dev.loopwork.SocketOptions;
import dev.loopwork.spi.LoopConfig;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.NetListener;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One loop per test, made by {@link #provider()}; after the test the loop is shut down and the test
 * fails if a descriptor it opened or the loop's thread is left. Shared by the epoll and kqueue tests.
 */
public abstract class LoopTestSupport {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger SEQ = new AtomicInteger();

    public LoopOps ops;
    protected String threadName;
    private Map<String, Integer> fdsBefore;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    protected abstract LoopProvider provider();

    /**
     * Opens, once per JVM, what the JDK and Netty keep open for good after first use, so that it does not
     * count as a leak of the first test: the JDK's "pre-close" socket pair end (made by the first
     * {@code Selector.open()}, which Netty's native initialisation calls).
     */
    @BeforeAll
    public static void warmUp() throws IOException {
        java.nio.channels.Selector.open().close();
    }

    @BeforeEach
    public void startLoop() {
        fdsBefore = Fds.snapshot();
        threadName = provider().name() + "-test-" + SEQ.incrementAndGet();
        ops = provider().newLoop(new LoopConfig(threadName, 0));
    }

    @AfterEach
    public void stopLoopAndCheckLeaks() throws Exception {
        Callable<Void> closeAll = () -> {
            for (AutoCloseable c : toClose) {
                c.close();
            }
            return null;
        };
        try {
            onLoop(closeAll); // on the loop thread, as the core does: registrations end before sockets close
        } catch (java.util.concurrent.RejectedExecutionException stoppedByTheTest) {
            closeAll.call();
        }
        ops.shutdown().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Awaitility.await("loop thread " + threadName + " ended").atMost(TIMEOUT)
                .until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(threadName)));
        Awaitility.await("descriptors released").atMost(TIMEOUT).untilAsserted(
                () -> assertEquals(fdsBefore, Fds.snapshot(), "descriptors before vs after"));
    }

    /** Closes {@code c} after the test, before the loop shuts down. */
    public <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    /** Runs {@code task} on the loop thread and returns its result. */
    public <T> T onLoop(Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        ops.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("the loop did not run a task within " + TIMEOUT + ": " + ops, e);
        }
    }

    public static <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }

    public NetListener listen(SocketOptions options) {
        try {
            return closeLater(provider().sockets().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
