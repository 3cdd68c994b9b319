package dev.loopwork.tck;

/** The handler callbacks a case can act in (close from, throw from). */
enum Callback {
    ON_OPEN, ON_DATA, ON_WRITABLE, ON_INPUT_SHUTDOWN
}
