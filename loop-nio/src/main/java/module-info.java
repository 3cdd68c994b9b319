/** Loopwork's embedded default loop over {@link java.nio.channels.Selector}: pure JDK, runs everywhere. */
module dev.loopwork.nio {
    requires transitive dev.loopwork.api; // NioLoopProvider is used through its SPI types

    exports dev.loopwork.nio;

    provides dev.loopwork.spi.LoopProvider with dev.loopwork.nio.NioLoopProvider;
}
