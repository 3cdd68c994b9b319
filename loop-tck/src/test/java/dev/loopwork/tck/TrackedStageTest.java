package dev.loopwork.tck;

import dev.loopwork.tls.TlsContext;
import dev.loopwork.tls.TlsEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The release check of the TLS cases: a stage must be released once, and then its engine is freed. */
class TrackedStageTest {

    @ParameterizedTest
    @EnumSource(TlsEngine.class)
    void reportsAStageNeverReleasedOrReleasedTwice(TlsEngine engine) {
        TlsFixture.assumeAvailable(engine);
        TlsContext tls = TlsContext.create(TlsCertificate.get().serverConfig().engine(engine).build());
        TrackedStage stage = new TrackedStage(tls.newStage("localhost", 8443), "server");
        assertTrue(stage.enginePresent(), "the tls module's stage shows its engine (engine()), so the kit can check "
                + "that it is freed");
        assertTrue(String.valueOf(stage.problem()).contains("never released"), stage.problem());

        stage.release();
        assertNull(stage.problem(), "released once, engine freed");

        stage.release();
        assertTrue(String.valueOf(stage.problem()).contains("released 2 times"), stage.problem());
    }
}
