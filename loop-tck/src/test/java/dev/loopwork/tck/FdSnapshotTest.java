package dev.loopwork.tck;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FdSnapshotTest {

    @BeforeEach
    void linuxOnly() {
        assumeTrue(FdSnapshot.platformSupported(), "needs /proc/self/fd");
    }

    @Test
    void seesNewSocketsPipesAndSelectorsDescribingTheSockets() throws Exception {
        FdSnapshot before = FdSnapshot.take();
        List<String> fresh;
        int port;
        Pipe pipe = Pipe.open();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); Selector sel = Selector.open()) {
            port = s.getLocalPort();
            assertTrue(sel.isOpen());
            fresh = FdSnapshot.take().newSince(before);
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
        String all = String.join("\n", fresh);
        assertTrue(all.contains("socket:["), all);
        assertTrue(all.contains("127.0.0.1:" + port) && all.contains("LISTEN"), "the socket is described: " + all);
        assertTrue(all.contains("pipe:["), all);
        assertTrue(all.contains("eventpoll"), all);
        assertEquals(List.of(), FdSnapshot.take().newSince(before), "all closed again");
    }

    @Test
    void nothingNewAfterEverythingIsClosed() throws Exception {
        FdSnapshot before = FdSnapshot.take();
        Pipe p = Pipe.open();
        p.sink().close();
        p.source().close();
        try (Selector s = Selector.open()) {
            assertTrue(s.isOpen() && FdSnapshot.take().counts().get(FdSnapshot.Kind.EPOLL) > 0);
        }
        assertEquals(List.of(), FdSnapshot.take().newSince(before));
    }
}
