package dev.loopwork.tls.internal;

import dev.loopwork.tls.TlsConfigException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Helpers for choosing protocols, cipher suites and ALPN names among what an engine supports. */
final class Suites {

    private Suites() {
    }

    /**
     * The {@code requested} names that {@code supported} holds, in the requested order.
     *
     * @throws TlsConfigException if none is supported
     */
    static String[] intersect(List<String> requested, String[] supported, String what, String engine) {
        return intersect(requested, new HashSet<>(Arrays.asList(supported)), what, engine);
    }

    static String[] intersect(List<String> requested, Set<String> supported, String what, String engine) {
        List<String> result = new ArrayList<>(requested.size());
        for (String name : requested) {
            if (supported.contains(name)) {
                result.add(name);
            }
        }
        if (result.isEmpty()) {
            throw new TlsConfigException("none of the " + what + ' ' + requested + " is supported by the "
                    + engine + " TLS engine");
        }
        return result.toArray(new String[0]);
    }

    /** The first of {@code ours} that the client offered, or {@code ""} (no ALPN) if none. */
    static String selectAlpn(List<String> ours, List<String> offered) {
        for (String protocol : ours) {
            if (offered.contains(protocol)) {
                return protocol;
            }
        }
        return "";
    }
}
