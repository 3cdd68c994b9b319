package dev.loopwork.tck;

import dev.loopwork.tls.TlsEngine;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cases 12: the contracts every handler relies on, whatever the loop ({@link ContractCases}).
 *
 * <ul>
 *   <li>12a-c: the natural echo, {@code c.write(data)} inside {@code onData}, with and without moving
 *       the position afterwards, plain and over TLS: every byte comes back, SHA-256 equal.</li>
 *   <li>12d-e: the no-progress guard: a slow handler that pauses and resumes later (from a timer),
 *       leaving its bytes, more times than the guard's limit, is not closed; a handler that spins
 *       (pauses and resumes inside {@code onData} without taking a byte) is, and only that connection.</li>
 *   <li>12f-h: {@code onClosed(null)} means clean: a close that times out, a connection aborted at the
 *       shutdown deadline, and {@code abort()} each report a typed cause with the bytes dropped; a reset
 *       by the peer reports a JDK {@code IOException}, never a transport's own type.</li>
 *   <li>12i: a write from another thread that races a close is either delivered or fails visibly.</li>
 * </ul>
 */
public abstract class ContractTck {

    ContractTck() {
        // Only the kit's own classes extend it.
    }

    /** The fixture of the running case. */
    protected abstract TckContext context();

    @Test
    @DisplayName("12a. natural echo: c.write(data) in onData, 8 MiB, SHA-256 equal")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void naturalEcho() throws Exception {
        new ContractCases(context()).naturalEcho(false);
    }

    @Test
    @DisplayName("12b. natural echo: c.write(data) then data.position(data.limit()), 8 MiB, SHA-256 equal")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void naturalEchoMovingThePosition() throws Exception {
        new ContractCases(context()).naturalEcho(true);
    }

    @ParameterizedTest(name = "{0} engine")
    @EnumSource(TlsEngine.class)
    @DisplayName("12c. natural echo over TLS: c.write(data) in onData, 8 MiB, SHA-256 equal")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void naturalEchoTls(TlsEngine engine) {
        new ContractCases(context()).naturalEchoTls(engine);
    }

    @Test
    @DisplayName("12d. no-progress guard: a handler that pauses, leaves its bytes and resumes later (another thread, "
            + "a loop timer) "
            + "1,100 times is not closed")
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    public void slowHandlerIsNotKilled() throws Exception {
        new ContractCases(context()).slowHandlerResumedLater();
    }

    @Test
    @DisplayName("12e. no-progress guard: a handler that pauses and resumes in onData without taking a byte "
            + "is closed with StalledInputException; another connection on the loop goes on")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void spinningHandlerIsCaught() throws Exception {
        new ContractCases(context()).spinningHandlerIsCaught();
    }

    @Test
    @DisplayName("12f. a graceful close that times out reports CloseTimeoutException with the bytes dropped")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void closeTimeoutHasACause() throws Exception {
        new ContractCases(context()).closeTimeoutHasACause();
    }

    @Test
    @DisplayName("12g. a connection aborted at the shutdown deadline reports ShutdownDeadlineException; abort() "
            + "reports AbortedException")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void shutdownDeadlineAndAbortHaveCauses() throws Exception {
        new ContractCases(context()).shutdownDeadlineAndAbortHaveCauses();
    }

    @Test
    @DisplayName("12h. a reset by the peer reaches onClosed as a JDK IOException")
    @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
    public void peerResetIsAJdkException() throws Exception {
        new ContractCases(context()).peerResetIsAJdkException();
    }

    @Test
    @DisplayName("12i. writes from another thread racing close(): each is delivered or throws ClosedException")
    @Timeout(value = 90, threadMode = ThreadMode.SEPARATE_THREAD)
    public void writeRacingCloseIsNeverLost() throws Exception {
        new ContractCases(context()).writeRacingCloseIsNeverLost();
    }
}
