/** Loopwork's embedded default loop over {@link java.nio.channels.Selector}: pure JDK, runs everywhere. */
module dev.loopwork.nio {
    requires dev.loopwork.api;

    exports dev.loopwork.nio;

    provides dev.loopwork.spi.LoopProvider with dev.loopwork.nio.NioLoopProvider;
}
