package dev.loopwork.epoll;

import dev.loopwork.SocketOptions;
import dev.loopwork.nativeloop.testkit.NativeLoopOpsContract;
import dev.loopwork.nativeloop.testkit.Pair;
import dev.loopwork.spi.LoopProvider;
import io.netty.channel.epoll.LinuxSocket;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code "epoll"} loop (a thread per loop) against the shared native-loop contract, plus epoll specifics. */
class EpollLoopOpsTest extends NativeLoopOpsContract {

    @Override
    protected LoopProvider provider() {
        return new EpollLoopProvider();
    }

    @Test
    void socketsAreLinuxSocketsAndShareAPortWithReusePort() throws Exception {
        assertTrue(provider().sockets().supportsReusePort(), "Linux spreads connections over SO_REUSEPORT listeners");
        Pair p = Pair.open(this, listen(SocketOptions.defaults()));
        assertNotNull(p.server.unwrap(LinuxSocket.class), "accepted epoll sockets are LinuxSockets");
    }
}
