package dev.loopwork.bootstrap;

import dev.loopwork.TransportUnavailableException;
import dev.loopwork.spi.LoopProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Finds providers and applies the selection rule ({@code auto} or a name). */
final class TransportSelector {

    private static final Logger log = LoggerFactory.getLogger(TransportSelector.class);
    private static final AtomicBoolean fallbackWarned = new AtomicBoolean();
    private static final Set<String> brokenWarned = ConcurrentHashMap.newKeySet();

    private TransportSelector() {
    }

    /**
     * Every provider {@link ServiceLoader} finds. An entry that cannot be loaded (a jar with a
     * missing class or dependency, a constructor that throws: {@link ServiceConfigurationError}) is
     * kept as an unavailable {@link BrokenProvider} with the error as its cause, so that it shows in
     * the diagnostics and never breaks the lookup of the others; it is logged once per JVM.
     */
    static List<LoopProvider> discoverProviders() {
        List<LoopProvider> found = new ArrayList<>();
        Iterator<LoopProvider> it = ServiceLoader.load(LoopProvider.class, TransportSelector.class.getClassLoader())
                .iterator();
        // ServiceLoader goes on to the next entry after an error; a bound keeps a pathological
        // iterator (one failing forever on the same entry) from looping.
        for (int entries = 0; entries < 1000; entries++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                BrokenProvider broken = new BrokenProvider(e);
                if (brokenWarned.add(broken.name())) {
                    log.warn("transport provider {} cannot be loaded and is skipped: {}", broken.name(),
                            ProviderStatus.describe(e));
                }
                found.add(broken);
            }
        }
        found.sort(Comparator.comparingInt(LoopProvider::priority).reversed().thenComparing(LoopProvider::name));
        return found;
    }

    static List<ProviderStatus> discover() {
        List<ProviderStatus> out = new ArrayList<>();
        for (LoopProvider p : discoverProviders()) {
            out.add(new ProviderStatus(p));
        }
        return out;
    }

    static LoopProvider select(String name, List<LoopProvider> candidates) {
        Objects.requireNonNull(name, "transport name");
        List<ProviderStatus> statuses = new ArrayList<>();
        for (LoopProvider p : candidates) {
            statuses.add(new ProviderStatus(p));
        }
        if ("auto".equalsIgnoreCase(name)) {
            return selectAuto(statuses);
        }
        for (ProviderStatus s : statuses) {
            if (s.name().equals(name)) {
                if (s.isAvailable()) {
                    return s.provider();
                }
                throw new TransportUnavailableException("transport '" + name + "' is not available here. "
                        + describe(statuses), s.unavailabilityCause().orElse(null));
            }
        }
        throw new TransportUnavailableException("no transport named '" + name + "' was found. " + describe(statuses),
                null);
    }

    private static LoopProvider selectAuto(List<ProviderStatus> statuses) {
        ProviderStatus bestSkipped = null;
        for (ProviderStatus s : statuses) {
            if (s.priority() < 0) {
                continue; // never picked automatically
            }
            if (s.isAvailable()) {
                if (bestSkipped != null && fallbackWarned.compareAndSet(false, true)) {
                    log.warn("transport auto: '{}' is unavailable ({}), using '{}'", bestSkipped.name(),
                            ProviderStatus.describe(bestSkipped.unavailabilityCause().orElse(null)),
                            s.name());
                }
                return s.provider();
            }
            if (bestSkipped == null) {
                bestSkipped = s;
            }
        }
        throw new TransportUnavailableException(autoFailure(statuses) + describe(statuses), null);
    }

    /**
     * Why {@code auto} found nothing. A provider with a negative priority is never picked
     * automatically, even when it is available; saying only "no provider is available" while the
     * list below shows some as available would mislead, so such providers are named with the way to
     * pick them.
     */
    private static String autoFailure(List<ProviderStatus> statuses) {
        List<String> namedOnly = new ArrayList<>();
        for (ProviderStatus s : statuses) {
            if (s.priority() < 0 && s.isAvailable()) {
                namedOnly.add(s.name());
            }
        }
        if (namedOnly.isEmpty()) {
            return "transport auto: no provider is available. ";
        }
        return "transport auto: no provider with a priority of 0 or more is available; " + namedOnly
                + " " + (namedOnly.size() == 1 ? "is" : "are") + " available but " + (namedOnly.size() == 1 ? "has"
                : "have") + " a negative priority, which auto never picks: name one (loopwork.transport="
                + namedOnly.get(0) + ") or pass it to Loopwork.group().provider(...). ";
    }

    /** Lists every provider and why it is (un)available, for error messages and diagnostics. */
    static String describe(List<ProviderStatus> statuses) {
        if (statuses.isEmpty()) {
            return "No provider was found on the class path (add loop-nio, loop-epoll, ...).";
        }
        StringBuilder sb = new StringBuilder("Providers: ");
        for (int i = 0; i < statuses.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append(statuses.get(i));
        }
        return sb.toString();
    }
}
