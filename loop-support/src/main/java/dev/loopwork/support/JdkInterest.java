package dev.loopwork.support;

import dev.loopwork.spi.Interest;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The SPI's READ/WRITE bits in a JDK {@link java.nio.channels.Selector}'s operations and back, with
 * the connect trap handled (see the {@code dev.loopwork.spi.jdk} package comment).
 *
 * <ul>
 *   <li>READ is {@code OP_ACCEPT} on a listener, {@code OP_READ} on a socket;</li>
 *   <li>WRITE is {@code OP_CONNECT} while the socket's connect is pending and {@code OP_WRITE}
 *       afterwards: the JDK never reports {@code OP_WRITE} before {@code finishConnect()} has
 *       returned {@code true}, and nothing for {@code OP_CONNECT} after it, so call
 *       {@link #selectorOps} again after every callback (the callback is where the connect is
 *       finished) and set the key's interest if it changed.</li>
 * </ul>
 */
public final class JdkInterest {

    private JdkInterest() {
    }

    /**
     * The selector operations that stand for {@code interest} on {@code channel} now.
     *
     * @throws IllegalArgumentException for stray bits, or WRITE on a listener
     */
    public static int selectorOps(SelectableChannel channel, int interest) {
        Interest.require(interest);
        int valid = channel.validOps();
        int ops = 0;
        if (Interest.isReadable(interest)) {
            ops |= (valid & SelectionKey.OP_READ) != 0 ? SelectionKey.OP_READ : SelectionKey.OP_ACCEPT;
        }
        if (Interest.isWritable(interest)) {
            if ((valid & SelectionKey.OP_WRITE) == 0) {
                throw new IllegalArgumentException(channel + " cannot be watched for WRITE (a listener has READ only:"
                        + " a pending accept)");
            }
            ops |= channel instanceof SocketChannel s && s.isConnectionPending() ? SelectionKey.OP_CONNECT
                    : SelectionKey.OP_WRITE;
        }
        return ops;
    }

    /** The SPI bits in a key's ready operations, masked with {@code interest} (ready bits stay within it). */
    public static int readyBits(int readyOps, int interest) {
        int bits = 0;
        if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            bits |= Interest.READ;
        }
        if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            bits |= Interest.WRITE;
        }
        return bits & interest;
    }
}
