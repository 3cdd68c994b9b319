package dev.loopwork.tck;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a bare timeout escaping a case (JUnit's {@code @Timeout}, a blocking peer's read timeout)
 * into a failure that names the case, that is the contract it checks, with the loop's counters and
 * the measured lateness of its timers. The kit's own bounded waits already say what they waited for
 * ({@link TckContext#await}); this catches the rest, so that no case fails with "timed out after 90
 * seconds" and nothing else.
 */
public final class ContractTimeouts implements TestExecutionExceptionHandler {

    /** Where to look when a case stalls, quoted in the message. */
    static final String HINT = "a stalled case usually means the loop owed something and never delivered it: a "
            + "level-triggered READ/WRITE or a connect completion (Registration), a promised fake READ "
            + "(LoopOps.fakePollIn), a task or a timer that never ran (LoopOps, 'Tasks' and 'Timers'), or a poll "
            + "that blocked while work was waiting (LoopOps, 'One iteration')";

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (!isBareTimeout(thrown)) {
            throw thrown;
        }
        String detail = context.getTestInstance().filter(TlsTck.class::isInstance).map(TlsTck.class::cast)
                .map(TlsTck::context).map(TckContext::timeoutContext).orElse("");
        AssertionError e = new AssertionError("case '" + caseName(context) + "' did not finish: " + thrown
                + detail + "; " + HINT, thrown);
        throw e;
    }

    /** The case's display name, with the parameterized test's own name in front of the run's. */
    static String caseName(ExtensionContext context) {
        String name = context.getDisplayName();
        if (name.startsWith("[") || name.endsWith(" engine")) {
            name = context.getParent().map(ExtensionContext::getDisplayName).orElse("") + " " + name;
        }
        return name;
    }

    private static boolean isBareTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AssertionError a && String.valueOf(a.getMessage()).contains("[case: ")) {
                return false; // a kit wait: it already says what it waited for, and the case
            }
            if (c instanceof TimeoutException || c instanceof SocketTimeoutException
                    || c instanceof ConditionTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
