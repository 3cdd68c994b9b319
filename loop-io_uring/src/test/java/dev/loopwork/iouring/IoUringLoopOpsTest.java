package dev.loopwork.iouring;

import dev.loopwork.SocketOptions;
import dev.loopwork.nativeloop.testkit.NativeLoopOpsContract;
import dev.loopwork.nativeloop.testkit.Pair;
import dev.loopwork.spi.LoopProvider;
import io.netty.channel.unix.Socket;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code "io_uring"} loop (a thread per loop) against the shared native-loop contract, plus io_uring specifics. */
class IoUringLoopOpsTest extends NativeLoopOpsContract {

    @Override
    protected LoopProvider provider() {
        return new IoUringLoopProvider();
    }

    @Test
    void socketsAreNativeSocketsAndShareAPortWithReusePort() throws Exception {
        assertTrue(provider().sockets().supportsReusePort(), "Linux spreads connections over SO_REUSEPORT listeners");
        Pair p = Pair.open(this, listen(SocketOptions.defaults()));
        assertNotNull(p.server.unwrap(Socket.class), "accepted io_uring sockets are Netty native sockets");
        assertNotNull(p.server.unwrap(IoUringSocket.class));
    }
}
