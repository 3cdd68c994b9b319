package dev.loopwork.http;

import org.junit.jupiter.api.Tag;

/** {@link OversizeCases}, 20 rounds per client: {@code -Pslow}. */
@Tag("slow")
class OversizeSlowTest extends OversizeCases {

    @Override
    int rounds() {
        return 20;
    }
}
