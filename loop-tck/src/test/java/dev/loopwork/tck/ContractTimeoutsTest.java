package dev.loopwork.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bare JUnit timeout escaping a case becomes a failure that names the case and where to look. */
class ContractTimeoutsTest {

    /** Run only through the launcher below (surefire skips nested classes). */
    @ExtendWith(ContractTimeouts.class)
    static class Stalls {
        @Test
        @DisplayName("a case whose loop never answers")
        @Timeout(value = 1, threadMode = ThreadMode.SEPARATE_THREAD)
        void stalls() throws Exception {
            new CompletableFuture<Void>().get(); // nothing completes it: only the @Timeout ends this
        }
    }

    @Test
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    void aBareTimeoutNamesTheCaseAndTheRulesToCheck() {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(Stalls.class)).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            failures.add(result.getThrowable().orElse(null));
                        }
                    }
                });
        assertEquals(1, failures.size());
        Throwable t = failures.get(0);
        assertTrue(t instanceof AssertionError, "not wrapped: " + t);
        assertTrue(t.getMessage().startsWith("case 'a case whose loop never answers' did not finish: "
                + "java.util.concurrent.TimeoutException"), t.getMessage());
        assertTrue(t.getMessage().contains("Registration") && t.getMessage().contains("LoopOps.fakePollIn"),
                t.getMessage());
    }
}
