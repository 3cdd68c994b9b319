package dev.loopwork.tck;

import dev.loopwork.ConnectionOptions;
import dev.loopwork.nio.NioLoopProvider;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kit's cases must fail on providers that are broken in the ways they exist to catch. Each test
 * here breaks one thing on top of the NIO loop and checks that the matching case notices, with a
 * message that says what went wrong.
 */
class BrokenProvidersTest {

    private static TckContext context(LoopProvider provider, FakePollInExpectation expectation) {
        TckSettings settings = new TckSettings(2, expectation, ConnectionOptions.defaults(), 10, 8L * 1024 * 1024,
                Duration.ofSeconds(5));
        return new TckContext(new CountingLoopProvider(provider), settings);
    }

    /** Says yes to fakePollIn and never delivers: the pending bytes must be reported as lost. */
    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void aFakePollInThatIsPromisedButNeverDeliveredFailsThePendingInputCase() throws Exception {
        LoopProvider liar = new ForwardingProvider(new NioLoopProvider(), ops -> new ForwardingProvider.Ops(ops) {
            @Override
            public boolean fakePollIn(Registration registration) {
                return true;
            }
        });
        TckContext ctx = context(liar, FakePollInExpectation.ANY);
        try {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new PendingInputCases(ctx).pausedReaderWithBufferedRecords());
            assertTrue(e.getMessage().contains("were not delivered"), "unexpected failure: " + e);
        } finally {
            ctx.close();
        }
    }

    /** The same NIO loop with its hook hidden: the core's fallback must deliver, and be what delivered. */
    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void aLoopWithoutTheHookIsServedByTheFallback() throws Exception {
        LoopProvider plain = new ForwardingProvider(new NioLoopProvider(), ForwardingProvider.Ops::new);
        try (TckContext ctx = context(plain, FakePollInExpectation.NOT_IMPLEMENTED)) {
            new PendingInputCases(ctx).pausedReaderWithBufferedRecords();
            new RawLoopCases(ctx).fakePollInDeliversReadOnAnIdleSocket();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void declaringTheHookUsedWhenTheLoopDeclinesFails() throws Exception {
        LoopProvider plain = new ForwardingProvider(new NioLoopProvider(), ForwardingProvider.Ops::new);
        try (TckContext ctx = context(plain, FakePollInExpectation.USED)) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new PendingInputCases(ctx).pausedReaderWithBufferedRecords());
            assertTrue(e.getMessage().contains("declares fakePollIn USED"), "unexpected failure: " + e);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void declaringTheHookNotImplementedWhenTheLoopFakesFails() throws Exception {
        try (TckContext ctx = context(new NioLoopProvider(), FakePollInExpectation.NOT_IMPLEMENTED)) {
            AssertionError e = assertThrows(AssertionError.class,
                    () -> new PendingInputCases(ctx).pausedReaderWithBufferedRecords());
            assertTrue(e.getMessage().contains("declares fakePollIn NOT_IMPLEMENTED"), "unexpected failure: " + e);
        }
    }

    /** Each loop opens a pipe it never closes: the leak check must name it. */
    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void aLoopThatLeaksADescriptorFailsTheLeakCheck() throws Exception {
        assumeTrue(FdSnapshot.platformSupported(), "needs /proc/self/fd");
        List<Pipe> leaked = new CopyOnWriteArrayList<>();
        LoopProvider leaky = new ForwardingProvider(new NioLoopProvider(), ops -> {
            try {
                leaked.add(Pipe.open());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return new ForwardingProvider.Ops(ops);
        });
        TckContext ctx = context(leaky, FakePollInExpectation.ANY);
        try {
            new TaskCases(ctx).taskSubmittedFromATaskRunsAfterIt();
            AssertionError e = assertThrows(AssertionError.class, ctx::close);
            assertTrue(e.getMessage().contains("descriptor still open") && e.getMessage().contains("pipe:"),
                    "the leak report must name the pipe: " + e.getMessage());
        } finally {
            for (Pipe p : leaked) {
                p.source().close();
                p.sink().close();
            }
        }
    }

    /** A loop whose shutdown is never forwarded: its thread and selector stay, the check must say so. */
    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void aLoopThatIgnoresShutdownFailsTheLeakCheck() throws Exception {
        List<LoopOps> stuck = new CopyOnWriteArrayList<>();
        LoopProvider deaf = new ForwardingProvider(new NioLoopProvider(), ops -> {
            stuck.add(ops);
            return new ForwardingProvider.Ops(ops) {
                @Override
                public java.util.concurrent.CompletionStage<Void> shutdown() {
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                }
            };
        });
        TckContext ctx = context(deaf, FakePollInExpectation.ANY);
        try {
            new TaskCases(ctx).taskSubmittedFromATaskRunsAfterIt();
            AssertionError e = assertThrows(AssertionError.class, ctx::close);
            assertTrue(e.getMessage().contains("thread still alive"), "the report must name the thread: "
                    + e.getMessage());
        } finally {
            for (LoopOps ops : stuck) {
                ops.shutdown().toCompletableFuture().get();
            }
        }
    }
}
