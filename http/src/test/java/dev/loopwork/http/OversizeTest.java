package dev.loopwork.http;

/** {@link OversizeCases}, 3 rounds per client: the default test set. */
class OversizeTest extends OversizeCases {

    @Override
    int rounds() {
        return 3;
    }
}
