/**
 * JDK sockets for loops built on a {@link java.nio.channels.Selector}: {@link dev.loopwork.spi.jdk.JdkSockets}
 * makes listeners and sockets whose {@link dev.loopwork.spi.Pollable#unwrap} gives the
 * {@link java.nio.channels.SelectableChannel} to register, so such a loop only has to supply readiness,
 * tasks and timers.
 *
 * <h2>Translating interest to selector operations</h2>
 * <ul>
 *   <li>READ: {@code OP_ACCEPT} on a {@link java.nio.channels.ServerSocketChannel}, {@code OP_READ}
 *       on a {@link java.nio.channels.SocketChannel}. WRITE on a listener is a caller's error.</li>
 *   <li>WRITE: {@code OP_CONNECT} while {@link java.nio.channels.SocketChannel#isConnectionPending()},
 *       {@code OP_WRITE} once {@code finishConnect()} has returned {@code true}. The JDK never
 *       reports {@code OP_WRITE} for a channel whose connect is pending, and reports nothing for
 *       {@code OP_CONNECT} once it is connected (while the OS keeps saying POLLOUT, so a key left on
 *       the wrong operation makes {@code select} return at once, forever). Re-translate after every
 *       callback: the callback is where {@code finishConnect()} is called.</li>
 *   <li>Back: {@code OP_READ}/{@code OP_ACCEPT} to READ, {@code OP_WRITE}/{@code OP_CONNECT} to
 *       WRITE, masked with the current interest right before the callback.</li>
 * </ul>
 * The optional {@code loopwork-support} module has this translation ({@code JdkInterest}, and a whole
 * registration over a key, {@code SelectorRegistration}), a task queue, a timer heap, a fake-readiness
 * queue and the wake-up handshake: the pieces the example loop ({@code loop-custom-example}) is built from.
 *
 * <h2>Deregistration</h2>
 * A selector lets go of a cancelled key, and of the descriptor of a channel closed meanwhile, only at
 * its next select. The SPI promises that a cancelled socket is released before the next task runs,
 * so a selector loop does a {@code selectNow()} after a cancel, before it runs timers or tasks.
 */
package dev.loopwork.spi.jdk;
