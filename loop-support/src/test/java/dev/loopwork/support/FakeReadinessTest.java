package dev.loopwork.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeReadinessTest {

    @Test
    void twoRequestsMakeOneReadInTheNextDispatch() {
        FakeReadiness<String> fakes = new FakeReadiness<>();
        assertFalse(fakes.hasQueued());
        fakes.request("a");
        fakes.request("a");
        assertTrue(fakes.hasQueued(), "a queued fake: the poll must not block");
        fakes.beginDispatch();
        assertFalse(fakes.hasQueued());
        List<String> fired = new ArrayList<>();
        assertEquals(1, fakes.deliverRest(fired::add));
        assertEquals(List.of("a"), fired);
        fakes.beginDispatch();
        assertEquals(0, fakes.deliverRest(fired::add));
    }

    @Test
    void aRequestDuringTheDispatchWaitsForTheNextUnlessOneIsStillDue() {
        FakeReadiness<String> fakes = new FakeReadiness<>();
        fakes.request("a");
        fakes.request("b");
        fakes.beginDispatch();
        List<String> fired = new ArrayList<>();
        fakes.deliverRest(r -> {
            fired.add(r);
            fakes.request("a"); // "a" asks again from its callback: next iteration
            fakes.request("b"); // "b" is still due in this dispatch when "a" fires: served by it
        });
        assertEquals(List.of("a", "b"), fired);
        assertTrue(fakes.hasQueued());
        fakes.beginDispatch();
        fired.clear();
        fakes.deliverRest(fired::add);
        assertEquals(List.of("a", "b"), fired, "b asked again after its own delivery too");
    }

    @Test
    void aRealReadinessTakesTheFakeAlongAndACancelWithdrawsIt() {
        FakeReadiness<String> fakes = new FakeReadiness<>();
        fakes.request("real");
        fakes.request("cancelled");
        fakes.request("other");
        fakes.beginDispatch();
        assertTrue(fakes.takeDue("real"), "merged into the real callback");
        assertFalse(fakes.takeDue("real"));
        List<String> fired = new ArrayList<>();
        fakes.deliverRest(r -> {
            fired.add(r);
            fakes.remove("cancelled"); // an earlier callback of the dispatch cancels it
        });
        assertEquals(List.of("other"), fired.subList(fired.size() - 1, fired.size()));
        assertFalse(fired.contains("real"));
        assertFalse(fired.contains("cancelled") && fired.indexOf("cancelled") > 0);
        fakes.request("x");
        fakes.clear();
        assertFalse(fakes.hasQueued());
    }
}
