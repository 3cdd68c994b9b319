package dev.loopwork.support;

import dev.loopwork.spi.Interest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdkInterestTest {

    @Test
    void writeIsOpConnectWhileTheConnectIsPendingThenOpWrite() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open();
             SocketChannel socket = SocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertEquals(SelectionKey.OP_ACCEPT, JdkInterest.selectorOps(listener, Interest.READ));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JdkInterest.selectorOps(listener, Interest.WRITE));
            assertTrue(e.getMessage().contains("cannot be watched for WRITE"), e.getMessage());

            socket.configureBlocking(false);
            boolean connectedAtOnce = socket.connect(listener.getLocalAddress());
            if (!connectedAtOnce) {
                assertEquals(SelectionKey.OP_CONNECT | SelectionKey.OP_READ,
                        JdkInterest.selectorOps(socket, Interest.ALL), "the connect trap");
                socket.configureBlocking(true);
                assertTrue(socket.finishConnect());
            }
            assertEquals(SelectionKey.OP_WRITE | SelectionKey.OP_READ, JdkInterest.selectorOps(socket, Interest.ALL));
            assertEquals(0, JdkInterest.selectorOps(socket, 0));
            assertThrows(IllegalArgumentException.class, () -> JdkInterest.selectorOps(socket, 0x10));
        }
    }

    @Test
    void readyBitsStayWithinTheInterest() {
        int all = SelectionKey.OP_READ | SelectionKey.OP_WRITE;
        assertEquals(Interest.ALL, JdkInterest.readyBits(all, Interest.ALL));
        assertEquals(Interest.READ, JdkInterest.readyBits(all, Interest.READ));
        assertEquals(Interest.WRITE, JdkInterest.readyBits(SelectionKey.OP_CONNECT, Interest.ALL));
        assertEquals(Interest.READ, JdkInterest.readyBits(SelectionKey.OP_ACCEPT, Interest.READ));
        assertEquals(0, JdkInterest.readyBits(SelectionKey.OP_WRITE, Interest.READ));
    }
}
