package dev.loopwork.tck;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Loopwork;
import dev.loopwork.spi.LoopProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Loopwork conformance kit. Extend it, name your provider, and every case runs against it:
 *
 * <pre>{@code
 * class MyLoopTckTest extends LoopTck {
 *     @Override protected LoopProvider provider() { return new MyLoopProvider(); }
 * }
 * }</pre>
 *
 * <h2>What runs</h2>
 * Each {@code @Test} here is thin and delegates to a case class (echo, concurrency, pending input,
 * fairness, half close, close, handler errors, listener close, shutdown, tasks, the raw SPI, misuse);
 * the TLS cases, with both engines, are inherited from {@link TlsTck}.
 * Groups are built with {@code Loopwork.group().provider(...)} from a {@link CountingLoopProvider}
 * around your provider, so the kit sees how the core used your loop.
 *
 * <h2>After every case</h2>
 * {@link TckContext#close()} closes the case's peers, shuts its groups down and checks that no
 * socket, pipe, epoll or eventfd descriptor, loop thread, helper thread or pooled buffer is left,
 * that every loop was shut down, and that no handler callback broke its contract. A leak fails the
 * case that caused it.
 *
 * <h2>Bounds</h2>
 * Every case has a {@link Timeout} (run in a separate thread, so even a blocked socket read cannot
 * hang the build) and every wait inside is bounded by {@link #awaitTimeout()}. Nothing asserts on
 * timing but the TLS upload-stall case (bytes left pending are delivered within 1 s of a resume, see
 * {@link TlsTck}). The whole kit takes well under two minutes on two cores.
 *
 * <h2>Hooks</h2>
 * Override {@link #fakePollIn()} to declare whether your loop implements the hook (default
 * {@link FakePollInExpectation#ANY}); {@link #loops()}, {@link #connectionOptions()},
 * {@link #connections()}, {@link #largeTransferBytes()} and {@link #awaitTimeout()} adjust the
 * run. Extra cases of your own can use {@link #context()}.
 */
@ExtendWith(ContractTimeouts.class)
public abstract class LoopTck extends TlsTck {

    private static final long LARGE = 64L * 1024 * 1024;
    private static final Set<String> WARMED = ConcurrentHashMap.newKeySet();
    /** Timer lateness per provider class, measured once per JVM ({@link TimerProbe}). */
    private static final Map<String, TimerProbe.Result> TIMERS = new ConcurrentHashMap<>();

    private TckContext ctx;

    /** The provider under test; called once per case. */
    protected abstract LoopProvider provider();

    /** What the pending-input cases expect of {@code fakePollIn}; see {@link FakePollInExpectation}. */
    protected FakePollInExpectation fakePollIn() {
        return FakePollInExpectation.ANY;
    }

    /** Loops per group where a case does not need a particular number (the fairness case uses one). */
    protected int loops() {
        return 2;
    }

    /** Connection options of every group. */
    protected ConnectionOptions connectionOptions() {
        return ConnectionOptions.defaults();
    }

    /** Connections open at once in the concurrency case; each costs two descriptors. */
    protected int connections() {
        return 1000;
    }

    /** Bytes of the large echo and pending-input transfers. */
    protected long largeTransferBytes() {
        return LARGE;
    }

    /** Bound on any single wait inside a case. */
    protected Duration awaitTimeout() {
        return Duration.ofSeconds(30);
    }

    /** The fixture of the running case, for cases an integrator adds. */
    @Override
    protected final TckContext context() {
        return ctx;
    }

    @BeforeEach
    public final void openContext(TestInfo test) throws Exception {
        LoopProvider provider = provider();
        if (!provider.isAvailable()) {
            throw new AssertionError("provider '" + provider.name() + "' is not available here: "
                    + provider.unavailabilityCause().map(Throwable::toString).orElse("no cause given"));
        }
        warmUp(provider);
        TimerProbe.Result timers = TIMERS.computeIfAbsent(provider.getClass().getName() + '/' + provider.name(),
                k -> probe(provider));
        String refused = TimerProbe.refusal(provider.name(), timers);
        if (refused != null) {
            throw new AssertionError(refused);
        }
        TckSettings settings = new TckSettings(loops(), fakePollIn(), connectionOptions(), connections(),
                largeTransferBytes(), awaitTimeout());
        ctx = new TckContext(new CountingLoopProvider(provider), settings);
        String contract = test.getTestMethod().map(m -> m.getAnnotation(DisplayName.class)).map(DisplayName::value)
                .orElse(test.getDisplayName());
        ctx.describeCase(contract.equals(test.getDisplayName()) ? contract : contract + " [" + test.getDisplayName() + "]");
        ctx.timerLateness(timers);
    }

    private static TimerProbe.Result probe(LoopProvider provider) {
        try {
            return TimerProbe.measure(provider);
        } catch (Exception e) {
            throw new AssertionError("measuring the timers of provider '" + provider.name() + "' failed: " + e, e);
        }
    }

    @AfterEach
    public final void closeContext() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /**
     * Once per provider and JVM, before the first baseline: exercises the provider's lazily created
     * process-wide descriptors (a native library's own, ...), which would otherwise show up as leaks
     * of whichever case runs first. The JDK's own are warmed up by {@link TckContext}.
     */
    private static void warmUp(LoopProvider provider) throws Exception {
        if (!WARMED.add("provider:" + provider.getClass().getName())) {
            return;
        }
        LoopGroup g = Loopwork.group().provider(provider).loops(1).build();
        try {
            Server server = g.listen(TckContext.loopback(), setup -> new EchoHandler(new Violations()));
            try (Socket c = new Socket()) {
                c.setSoTimeout(10_000);
                c.connect(server.localAddress());
                c.getOutputStream().write(1);
                InputStream in = c.getInputStream();
                if (in.read() != 1) {
                    throw new AssertionError("warm-up echo failed on provider " + provider.name());
                }
            }
        } finally {
            g.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- 1. echo

    @Test
    @DisplayName("1a. echo: small messages one by one, group.connect client")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void echoSmallMessagesGroupClient() {
        new EchoCases(ctx).smallMessagesGroupClient();
    }

    @Test
    @DisplayName("1b. echo: small messages one by one, blocking JDK client")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void echoSmallMessagesJdkClient() throws Exception {
        new EchoCases(ctx).smallMessagesJdkClient();
    }

    @Test
    @DisplayName("1c. echo: 64 MiB, SHA-256 equal, group.connect client")
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD)
    public void echoLargeGroupClient() {
        new EchoCases(ctx).largeGroupClient();
    }

    @Test
    @DisplayName("1d. echo: 64 MiB, SHA-256 equal, blocking JDK client")
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD)
    public void echoLargeJdkClient() throws Exception {
        new EchoCases(ctx).largeJdkClient();
    }

    // ---------------------------------------------------------------- 2. concurrency

    @Test
    @DisplayName("2. concurrency: 1,000 connections open at once, all echoed, spread over the loops")
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD)
    public void manyConcurrentConnections() {
        new ConcurrencyCases(ctx).manyConcurrentConnections();
    }

    // ---------------------------------------------------------------- 3. pending input

    @Test
    @DisplayName("3a. pending input: paused reader, partial records held by a stage, 64 MiB, fakePollIn path")
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD)
    public void pendingInput() throws Exception {
        new PendingInputCases(ctx).pausedReaderWithBufferedRecords();
    }

    @Test
    @DisplayName("3b. pending input: FIN right behind bytes left at a pause, resumed from another thread or a timer")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void pendingInputThenEndOfStream() throws Exception {
        new PendingInputCases(ctx).endOfStreamRightBehindPendingBytes();
    }

    // ---------------------------------------------------------------- 4. fairness

    @Test
    @DisplayName("4. fairness: a trickling connection is served while another floods the same loop")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void fairness() throws Exception {
        new FairnessCases(ctx).trickleServedWhileAnotherConnectionFloods();
    }

    // ---------------------------------------------------------------- 5. half close, graceful close, abort

    @Test
    @DisplayName("5a. half close: client shuts output, server gets onInputShutdown and still writes")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void clientHalfClose() {
        new HalfCloseCases(ctx).clientShutdownOutputServerStillWrites();
    }

    @Test
    @DisplayName("5b. half close: server shuts output, client sees EOF and can still send")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void serverHalfClose() throws Exception {
        new HalfCloseCases(ctx).serverShutdownOutputClientStillSends();
    }

    @Test
    @DisplayName("5c. graceful close delivers every written byte (8 MiB) before FIN")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void gracefulCloseDeliversEveryByte() throws Exception {
        new HalfCloseCases(ctx).gracefulCloseDeliversEveryByte();
    }

    @Test
    @DisplayName("5d. lingering close: a peer still sending reads the answer and EOF, not a reset")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void lingeringClose() throws Exception {
        new HalfCloseCases(ctx).lingeringCloseLetsTheSendingPeerReadTheAnswer();
    }

    @Test
    @DisplayName("5e. abort() resets the connection: the peer's read fails with 'Connection reset'")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void abortResets() throws Exception {
        new HalfCloseCases(ctx).abortResetsThePeer();
    }

    // ---------------------------------------------------------------- 6. close from everywhere

    @Test
    @DisplayName("6a. close() inside onOpen: deferred, onClosed exactly once")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void closeInOnOpen() throws Exception {
        new CloseCases(ctx).closeFromInsideCallback(Callback.ON_OPEN);
    }

    @Test
    @DisplayName("6b. close() inside onData: deferred, onClosed exactly once")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void closeInOnData() throws Exception {
        new CloseCases(ctx).closeFromInsideCallback(Callback.ON_DATA);
    }

    @Test
    @DisplayName("6c. close() inside onWritable: deferred, queued bytes delivered, onClosed exactly once")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void closeInOnWritable() throws Exception {
        new CloseCases(ctx).closeFromInsideCallback(Callback.ON_WRITABLE);
    }

    @Test
    @DisplayName("6d. close() inside onInputShutdown: deferred, onClosed exactly once")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void closeInOnInputShutdown() throws Exception {
        new CloseCases(ctx).closeFromInsideCallback(Callback.ON_INPUT_SHUTDOWN);
    }

    @Test
    @DisplayName("6e. close() from another thread, twice: EOF, onClosed exactly once")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void closeFromAnotherThreadTwice() throws Exception {
        new CloseCases(ctx).closeFromAnotherThreadAndTwice(false);
    }

    @Test
    @DisplayName("6f. close() then abort() from another thread: onClosed exactly once")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void closeThenAbort() throws Exception {
        new CloseCases(ctx).closeFromAnotherThreadAndTwice(true);
    }

    // ---------------------------------------------------------------- 7. handler errors

    @Test
    @DisplayName("7a. onOpen throws: only that connection closes, onClosed gets the exception")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void throwInOnOpen() throws Exception {
        new HandlerErrorCases(ctx).handlerThrows(Callback.ON_OPEN);
    }

    @Test
    @DisplayName("7b. onData throws: only that connection closes, onClosed gets the exception")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void throwInOnData() throws Exception {
        new HandlerErrorCases(ctx).handlerThrows(Callback.ON_DATA);
    }

    @Test
    @DisplayName("7c. onInputShutdown throws: only that connection closes, onClosed gets the exception")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void throwInOnInputShutdown() throws Exception {
        new HandlerErrorCases(ctx).handlerThrows(Callback.ON_INPUT_SHUTDOWN);
    }

    @Test
    @DisplayName("7d. the initializer throws: only that connection is dropped")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void initializerThrows() throws Exception {
        new HandlerErrorCases(ctx).initializerThrows();
    }

    @Test
    @DisplayName("7e. the initializer returns a null handler: only that connection is dropped")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void initializerReturnsNull() throws Exception {
        new HandlerErrorCases(ctx).initializerReturnsNull();
    }

    // ---------------------------------------------------------------- 8. listener close

    @Test
    @DisplayName("8a. listener close: idempotent, port free at once, accepted connections live on")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void listenerClose() throws Exception {
        new ListenerCases(ctx).closeReleasesPortAndLeavesConnections();
    }

    @Test
    @DisplayName("8b. listener close from inside a connection's callback")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void listenerCloseFromCallback() throws Exception {
        new ListenerCases(ctx).closeFromInsideACallback();
    }

    // ---------------------------------------------------------------- 9. shutdown

    @Test
    @DisplayName("9a. shutdownGracefully with transfers in flight: completes, nothing left open")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void shutdownInFlight() throws Exception {
        new ShutdownCases(ctx).shutdownWithTransfersInFlight();
    }

    @Test
    @DisplayName("9b. shutdownGracefully from a callback; onShutdown gets to say goodbye")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void shutdownFromCallback() throws Exception {
        new ShutdownCases(ctx).shutdownFromACallbackLetsHandlersSayGoodbye();
    }

    @Test
    @DisplayName("9c. shutdownGracefully aborts a handler that ignores onShutdown at the deadline")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void shutdownDeadline() throws Exception {
        new ShutdownCases(ctx).deadlineAbortsWhatIsLeft();
    }

    // ---------------------------------------------------------------- 10. tasks and timers

    @Test
    @DisplayName("10a. execute: per-thread order, on the loop thread, inLoop()")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void executeOrder() {
        new TaskCases(ctx).executeKeepsOrderPerThreadAndRunsOnTheLoop();
    }

    @Test
    @DisplayName("10b. execute from a task runs after it, never inside")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void executeFromTask() {
        new TaskCases(ctx).taskSubmittedFromATaskRunsAfterIt();
    }

    @Test
    @DisplayName("10c. schedule: deadline order, never early, negative delay rejected")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void scheduleOrder() {
        new TaskCases(ctx).timersFireInDeadlineOrderNeverEarly();
    }

    @Test
    @DisplayName("10d. cancel: a cancelled timer never runs")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void cancel() {
        new TaskCases(ctx).cancelledTimerNeverRuns();
    }

    // ---------------------------------------------------------------- raw SPI

    @Test
    @DisplayName("SPI: register off the loop thread throws WrongThreadException; readiness, cancel, shutdown")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void rawRegistration() throws Exception {
        new RawLoopCases(ctx).registerListenCancelAndShutdown();
    }

    @Test
    @DisplayName("SPI: fakePollIn declines or delivers READ on an idle socket, as declared")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void rawFakePollIn() throws Exception {
        new RawLoopCases(ctx).fakePollInDeliversReadOnAnIdleSocket();
    }

    @Test
    @DisplayName("SPI: connect completion is reported by the loop (WRITE = OP_CONNECT while a connect is pending)")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void rawConnectCompletion() throws Exception {
        new RawLoopCases(ctx).connectCompletionIsReportedByTheLoop();
    }

    // ---------------------------------------------------------------- misuse

    @Test
    @DisplayName("misuse: null initializer / address give IllegalArgumentException")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void nullArguments() {
        new MisuseCases(ctx).nullArguments();
    }

    @Test
    @DisplayName("misuse: listen on a port in use names the address")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void portInUse() throws Exception {
        new MisuseCases(ctx).listenOnAPortInUse();
    }

    @Test
    @DisplayName("misuse: write after close or abort throws ClosedException")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void writeAfterClose() throws Exception {
        new MisuseCases(ctx).writeAfterCloseThrowsClosedException();
    }

    @Test
    @DisplayName("misuse: connect to a closed port fails with ConnectException, nothing left open")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void connectRefused() throws Exception {
        new MisuseCases(ctx).connectToNobodyFails();
    }
}
