/**
 * A complete Loopwork event loop written the way an integrator would, on the public SPI
 * ({@code dev.loopwork.spi}, {@code JdkSockets}) and the optional building blocks of
 * {@code loopwork-support}: readiness from a JDK {@link java.nio.channels.Selector}, tasks, timers,
 * cancellation and shutdown, in two drive modes
 * (its own thread in {@link dev.loopwork.example.ThreadLoop}, the application's {@code tick()} in
 * {@link dev.loopwork.example.TickLoop}), each with and without the optional {@code fakePollIn} hook.
 *
 * <p>Four providers expose them: {@code example-thread}, {@code example-thread-fakepollin},
 * {@code example-tick}, {@code example-tick-fakepollin}. Their priority is negative, so
 * {@code loopwork.transport=auto} never picks them.
 */
package dev.loopwork.example;
