package dev.loopwork.modulepath;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs the test classes named in its arguments with the JUnit Platform launcher and exits 0 only if
 * at least one test ran and none failed. {@link ModulePathTest} starts it in a child JVM whose
 * module path holds Loopwork's modules.
 */
public final class ModulePathMain {

    private ModulePathMain() {
    }

    public static void main(String[] args) throws Exception {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : args) {
            request.selectors(selectClass(Class.forName(name)));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(built, summary);
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        out.println("module of dev.loopwork.api: " + dev.loopwork.Connection.class.getModule());
        boolean ok = s.getTestsSucceededCount() > 0 && s.getTotalFailureCount() == 0;
        out.println(ok ? "MODULE-PATH RUN PASSED" : "MODULE-PATH RUN FAILED");
        System.exit(ok ? 0 : 1);
    }
}
