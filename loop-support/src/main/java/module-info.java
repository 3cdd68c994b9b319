/**
 * Optional building blocks for a loop behind {@code dev.loopwork.spi.LoopOps}: tasks, timers, fake
 * readiness, the wake-up handshake, the JDK selector's interest translation, and forwarding
 * decorators around a provider and its loops. Depends on the public SPI only.
 */
module dev.loopwork.support {
    requires transitive dev.loopwork.api;

    exports dev.loopwork.support;
}
