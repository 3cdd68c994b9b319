/**
 * The example loops and their four providers. Uses loop-api's exported SPI and the optional
 * building blocks of loopwork-support only.
 */
module dev.loopwork.customexample {
    requires transitive dev.loopwork.api; // the exported loops and providers speak in its SPI types
    requires dev.loopwork.support;        // the building blocks: tasks, timers, fakes, the connect trap

    exports dev.loopwork.example;

    provides dev.loopwork.spi.LoopProvider with
            dev.loopwork.example.ExampleThreadProvider,
            dev.loopwork.example.ExampleThreadFakePollInProvider,
            dev.loopwork.example.ExampleTickProvider,
            dev.loopwork.example.ExampleTickFakePollInProvider;
}
