package dev.loopwork.reliability;

import dev.loopwork.LoopGroup;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The buffer-leak detector, on in every test of this module (registered by JUnit's extension
 * auto-detection, see {@code junit-platform.properties}): the pool's tracking mode must be on
 * ({@code loopwork.buffers.tracking=true}, set by the parent pom's surefire configuration), and
 * after each test every group the test built must have terminated with
 * {@code buffers().outstanding() == 0}; the failure carries the pool's {@code leakReport()}, which
 * names where each leaked buffer was acquired.
 */
public final class BufferLeakGuard implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        Groups.drain(); // a group of an earlier, aborted test is not this test's
        assertTrue(Boolean.getBoolean("loopwork.buffers.tracking"),
                "the buffer pool's tracking mode must be on: -Dloopwork.buffers.tracking=true");
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<LoopGroup> groups = Groups.drain();
        List<String> problems = new ArrayList<>();
        for (LoopGroup g : groups) {
            try {
                if (!g.terminationFuture().toCompletableFuture().isDone()) {
                    g.shutdownGracefully(Duration.ofSeconds(2)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                problems.add("group " + g + " did not terminate: " + e);
            }
        }
        for (LoopGroup g : groups) {
            long out = g.buffers().outstanding();
            if (out != 0) {
                problems.add("group " + g + ": " + out + " pooled buffer(s) never released:\n" + g.buffers().leakReport());
            }
        }
        assertEquals(List.of(), problems, () -> "buffer-leak check after " + context.getDisplayName()
                + " failed:\n" + String.join("\n", problems));
    }
}
