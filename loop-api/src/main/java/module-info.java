/**
 * Loopwork's public API ({@code dev.loopwork}), the loop SPI ({@code dev.loopwork.spi}), JDK sockets for
 * Selector-based loops ({@code dev.loopwork.spi.jdk}) and the entry point ({@code dev.loopwork.bootstrap}).
 * The connection core ({@code dev.loopwork.internal}) is not exported.
 */
module dev.loopwork.api {
    requires transitive org.slf4j;

    exports dev.loopwork;
    exports dev.loopwork.spi;
    exports dev.loopwork.spi.jdk;
    exports dev.loopwork.bootstrap;

    uses dev.loopwork.spi.LoopProvider;
}
