package dev.loopwork.bootstrap;

import java.util.List;

/**
 * Prints every transport provider found here, whether it is available and why not, and which one
 * {@code auto} picks: {@code java -cp ... dev.loopwork.bootstrap.Diagnostics}.
 */
public final class Diagnostics {

    private Diagnostics() {
    }

    /** The report {@link #main} prints. */
    public static String report() {
        List<ProviderStatus> statuses = Loopwork.providers();
        StringBuilder sb = new StringBuilder();
        sb.append("Loopwork transports (java ").append(System.getProperty("java.version")).append(", ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(")\n");
        if (statuses.isEmpty()) {
            sb.append("  none found on the class path\n");
        }
        for (ProviderStatus s : statuses) {
            sb.append("  ").append(s).append('\n');
        }
        String configured = Loopwork.configuredTransport();
        sb.append("configured: ").append(configured).append(" -> ");
        try {
            sb.append(Loopwork.selectProvider(configured).name());
        } catch (RuntimeException e) {
            sb.append("fails: ").append(e.getMessage());
        }
        return sb.append('\n').toString();
    }

    public static void main(String[] args) {
        System.out.print(report());
    }
}
