package dev.loopwork.tck;

import dev.loopwork.spi.LoopProvider;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the whole kit on a provider without any test-runner configuration: the JUnit Platform
 * launcher, a line per case, a summary with the number of cases run, and an exit status that cannot
 * pass by running nothing.
 *
 * <pre>
 * java -cp &lt;test class path&gt; dev.loopwork.tck.Main com.acme.MyLoopProvider --fake-pollin USED
 * mvn test-compile exec:java -Dexec.mainClass=dev.loopwork.tck.Main -Dexec.classpathScope=test \
 *     -Dexec.cleanupDaemonThreads=false -Dexec.args="com.acme.MyLoopProvider --fake-pollin USED"
 * </pre>
 *
 * <h2>Exit status</h2>
 * 0: at least one case ran and none failed; 1: a case failed; 2: no case ran (a filter that matched
 * nothing, a class path without the JUnit Jupiter engine); 64: bad arguments (usage printed).
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int NOTHING_RAN = 2;
    static final int USAGE = 64;

    private static final String USAGE_TEXT = """
            usage: dev.loopwork.tck.Main <provider> [options]
              <provider>               a LoopProvider class name (public no-argument constructor), or the
                                       name() of a provider found by ServiceLoader (e.g. nio)
              --fake-pollin <what>     USED, NOT_IMPLEMENTED or ANY (default ANY): see the kit's README
              --loops <n>              loops per group (default 2)
              --connections <n>        connections of the concurrency case (default 1000)
              --large-bytes <n>        bytes of the large transfers (default 67108864)
              --case <text>            run only the cases whose method or display name contains <text>
            """;

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out);
        if (status != OK) {
            System.exit(status); // returning normally on success lets exec:java finish its build
        }
    }

    /** Runs the kit as {@code args} say, printing to {@code out}; returns the exit status. */
    static int run(String[] args, PrintStream out) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.print(USAGE_TEXT);
            return USAGE;
        }
        LoopProvider probe = o.provider.get();
        ConfiguredTck.config = new ConfiguredTck.Config(o.provider, o.fakePollIn, o.loops, o.connections, o.largeBytes);
        out.println("Loopwork TCK on provider '" + probe.name() + "' (" + probe.getClass().getName() + "), fakePollIn "
                + o.fakePollIn + (o.only == null ? "" : ", cases matching '" + o.only + "'"));
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(ConfiguredTck.class));
        if (o.only != null) {
            String text = o.only.toLowerCase(Locale.ROOT);
            // A parameterized case is a container whose runs appear only at execution: judge it by its method.
            request.filters((PostDiscoveryFilter) d -> d.getSource().filter(MethodSource.class::isInstance).isEmpty()
                    || d.getDisplayName().toLowerCase(Locale.ROOT).contains(text)
                    || d.getUniqueId().toString().toLowerCase(Locale.ROOT).contains(text)
                    ? FilterResult.included("matches") : FilterResult.excluded("does not match --case " + o.only));
        }
        Report report = new Report(out);
        try {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request.build(), report);
        } finally {
            ConfiguredTck.config = null;
        }
        return report.summarize(probe.name());
    }

    /** The command line. */
    private record Options(Supplier<LoopProvider> provider, FakePollInExpectation fakePollIn, int loops,
                           int connections, long largeBytes, String only) {

        static Options parse(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("no provider given");
            }
            Supplier<LoopProvider> provider = null;
            FakePollInExpectation fake = FakePollInExpectation.ANY;
            int loops = 2;
            int connections = 1000;
            long large = 64L * 1024 * 1024;
            String only = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    if (provider != null) {
                        throw new IllegalArgumentException("a second provider '" + a + "': name one");
                    }
                    provider = provider(a);
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--fake-pollin" -> fake = expectation(v);
                    case "--loops" -> loops = positive(a, v);
                    case "--connections" -> connections = positive(a, v);
                    case "--large-bytes" -> large = positive(a, v);
                    case "--case" -> only = v;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (provider == null) {
                throw new IllegalArgumentException("no provider given");
            }
            return new Options(provider, fake, loops, connections, large, only);
        }

        private static FakePollInExpectation expectation(String v) {
            try {
                return FakePollInExpectation.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fake-pollin " + v + ": expected USED, NOT_IMPLEMENTED or ANY");
            }
        }

        private static int positive(String option, String v) {
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " " + v + ": expected a positive number");
        }

        /** A class name, else a ServiceLoader provider's name; checked now, made anew per case. */
        static Supplier<LoopProvider> provider(String nameOrClass) {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            Class<?> type;
            try {
                type = Class.forName(nameOrClass, true, cl);
            } catch (ClassNotFoundException e) {
                List<String> names = new ArrayList<>();
                for (LoopProvider p : ServiceLoader.load(LoopProvider.class, cl)) {
                    if (p.name().equals(nameOrClass)) {
                        return provider(p.getClass().getName());
                    }
                    names.add(p.name());
                }
                throw new IllegalArgumentException("'" + nameOrClass + "' is neither a class on the class path nor the "
                        + "name of a provider found by ServiceLoader (found: " + names + ")");
            }
            if (!LoopProvider.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(nameOrClass + " does not implement " + LoopProvider.class.getName());
            }
            Constructor<?> ctor;
            try {
                ctor = type.getConstructor();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(nameOrClass + " has no public no-argument constructor");
            }
            Supplier<LoopProvider> s = () -> {
                try {
                    return (LoopProvider) ctor.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot make " + nameOrClass + ": " + e, e);
                }
            };
            s.get(); // fail now, with the usage, rather than in every case
            return s;
        }
    }

    /** Prints a line per case and counts; the summary decides the exit status. */
    private static final class Report implements TestExecutionListener {
        private final PrintStream out;
        private final AtomicInteger passed = new AtomicInteger();
        private final AtomicInteger aborted = new AtomicInteger();
        private final AtomicInteger skipped = new AtomicInteger();
        private final List<String> failures = new ArrayList<>();

        Report(PrintStream out) {
            this.out = out;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                skipped.incrementAndGet();
                out.println("  SKIP  " + name(id) + " (" + reason + ")");
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED) { // a class-level failure
                    fail(id, result);
                }
                return;
            }
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    passed.incrementAndGet();
                    out.println("  PASS  " + name(id));
                }
                case ABORTED -> {
                    aborted.incrementAndGet();
                    out.println("  ABORT " + name(id) + " (" + result.getThrowable().map(Throwable::getMessage)
                            .orElse("assumption not met") + ")");
                }
                default -> fail(id, result);
            }
        }

        private void fail(TestIdentifier id, TestExecutionResult result) {
            String why = result.getThrowable().map(Throwable::toString).orElse("no cause");
            synchronized (failures) {
                failures.add(name(id) + "\n        " + why);
            }
            out.println("  FAIL  " + name(id) + "\n        " + why);
        }

        private static String name(TestIdentifier id) {
            return id.getLegacyReportingName().equals(id.getDisplayName()) ? id.getDisplayName()
                    : id.getDisplayName() + " [" + id.getLegacyReportingName() + "]";
        }

        int summarize(String provider) {
            int ran = passed.get() + failures.size() + aborted.get();
            out.println();
            out.println("Loopwork TCK on '" + provider + "': cases run: " + ran + "; passed: " + passed + ", failed: "
                    + failures.size() + ", aborted: " + aborted + " (an assumption not met, e.g. no OpenSSL here), "
                    + "skipped: " + skipped + " (disabled)");
            if (!failures.isEmpty()) {
                out.println("FAILED:");
                failures.forEach(f -> out.println("  " + f));
                return FAILED;
            }
            if (passed.get() == 0) {
                out.println("FAILED: no case passed; nothing was checked (a --case filter that matched nothing, or no "
                        + "JUnit Jupiter engine on the class path)");
                return NOTHING_RAN;
            }
            out.println("PASSED");
            return OK;
        }
    }
}
