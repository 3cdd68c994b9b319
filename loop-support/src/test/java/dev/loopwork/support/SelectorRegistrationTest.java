package dev.loopwork.support;

import dev.loopwork.SocketOptions;
import dev.loopwork.WrongThreadException;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.NetListener;
import dev.loopwork.spi.NetSocket;
import dev.loopwork.spi.jdk.JdkSockets;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorRegistrationTest {

    private static final dev.loopwork.spi.Ready NO_OP = (r, ops) -> { };

    /** The test thread is the loop thread, unless {@code onLoop} is false. */
    static final class Loop implements SelectorRegistration.Owner {
        boolean onLoop = true;
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public void requireLoopThread(String what) {
            if (!onLoop) {
                throw new WrongThreadException(what + " off the loop");
            }
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public void cancelled(SelectorRegistration registration) {
            cancels.incrementAndGet();
        }
    }

    @Test
    void theConnectTrapAndTheRulesOfTheInterest() throws Exception {
        Loop loop = new Loop();
        try (Selector selector = Selector.open();
             NetListener listener = JdkSockets.instance().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     SocketOptions.defaults());
             NetSocket socket = JdkSockets.instance().connect(listener.localAddress(), SocketOptions.defaults())) {
            SelectorRegistration l = SelectorRegistration.register(loop, selector, listener, Interest.READ, NO_OP, () -> { });
            assertThrows(IllegalStateException.class,
                    () -> SelectorRegistration.register(loop, selector, listener, Interest.READ, NO_OP, () -> { }));
            assertThrows(IllegalArgumentException.class, () -> l.interest(Interest.WRITE));
            assertEquals(Interest.READ, l.interest(), "a refused interest leaves the old one");

            SelectorRegistration s = SelectorRegistration.register(loop, selector, socket, Interest.WRITE, NO_OP, () -> { });
            SelectionKey key = socket.unwrap(java.nio.channels.SocketChannel.class).keyFor(selector);
            assertSame(s, key.attachment());
            java.nio.channels.SocketChannel ch = socket.unwrap(java.nio.channels.SocketChannel.class);
            if (ch.isConnectionPending()) {
                assertEquals(SelectionKey.OP_CONNECT, key.interestOps(), "WRITE on a connecting socket is OP_CONNECT");
                while (selector.select(10_000) == 0 || !key.isConnectable()) {
                    selector.selectedKeys().clear();
                }
                assertEquals(Interest.WRITE, s.readyBits(), "a connect completion is reported as WRITE");
                assertTrue(socket.finishConnect());
                s.sync();
            }
            assertEquals(SelectionKey.OP_WRITE, key.interestOps(), "after finishConnect(): OP_WRITE");
            s.interest(0);
            assertEquals(0, s.readyBits(), "ready bits stay within the interest");

            assertSame(s, SelectorRegistration.ownedBy(s, loop));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SelectorRegistration.ownedBy(s, new Loop()));
            assertTrue(e.getMessage().contains("was not made by loop"), e.getMessage());

            loop.onLoop = false;
            assertThrows(WrongThreadException.class, () -> s.interest(Interest.READ));
            assertThrows(WrongThreadException.class, s::cancel);
            assertThrows(WrongThreadException.class,
                    () -> SelectorRegistration.register(loop, selector, listener, Interest.READ, NO_OP, () -> { }));
            loop.onLoop = true;
            s.cancel();
            s.cancel();
            assertEquals(1, loop.cancels.get(), "cancel is idempotent");
            assertFalse(s.isValid());
            assertThrows(IllegalStateException.class, () -> s.interest(Interest.READ));
            loop.onLoop = false;
            s.cancel(); // already cancelled: a no-op from any thread
            loop.onLoop = true;
            l.cancel();
        }
    }
}
