package dev.loopwork;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void socketOptionsNameTheWrongArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SocketOptions.builder().receiveBufferSize(-1));
        assertTrue(e.getMessage().startsWith("receiveBufferSize must be >= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SocketOptions.builder().backlog(0));
        assertTrue(e.getMessage().startsWith("backlog must be positive"), e.getMessage());
        SocketOptions o = SocketOptions.builder().sendBufferSize(4096).reusePort(true).build();
        assertEquals(o, o.toBuilder().build());
        assertEquals(4096, o.sendBufferSize());
        assertTrue(SocketOptions.defaults().tcpNoDelay());
    }

    @Test
    void connectionOptionsNameTheWrongArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConnectionOptions.builder().watermarks(10, 5));
        assertTrue(e.getMessage().contains("low=10, high=5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConnectionOptions.builder().readBufferSize(10));
        assertTrue(e.getMessage().startsWith("readBufferSize must be >= 1024"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConnectionOptions.builder().closeTimeout(Duration.ZERO));
        assertTrue(e.getMessage().startsWith("closeTimeout must be positive"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ConnectionOptions.builder().drainTimeout(null));
    }

    @Test
    void stageResultsRefuseNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> StageResult.of(StageResult.Status.OK, -1, 0));
        assertTrue(StageResult.of(StageResult.Status.OK, 1, 0).progressed());
        assertEquals("NEED_INPUT(consumed=0, produced=0)", StageResult.of(StageResult.Status.NEED_INPUT, 0, 0).toString());
    }
}
