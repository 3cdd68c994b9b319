/**
 * The example loops and their four providers. Uses loop-api's exported SPI only.
 */
module dev.loopwork.example {
    requires dev.loopwork.api;

    exports dev.loopwork.example;

    provides dev.loopwork.spi.LoopProvider with
            dev.loopwork.example.ExampleThreadProvider,
            dev.loopwork.example.ExampleThreadFakePollInProvider,
            dev.loopwork.example.ExampleTickProvider,
            dev.loopwork.example.ExampleTickFakePollInProvider;
}
