package dev.loopwork.bench.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of a server JVM. Starts the server its arguments name ({@link ServerSpec}), prints
 * {@code READY <port> <description>}, then obeys one command per line on standard input:
 * {@code mark}, {@code report} (see {@link ServerProbe}) and {@code quit}. End of input also quits,
 * so a server never outlives the orchestrator that started it.
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerSpec spec = ServerSpec.fromArgs(args);
        // The protocol owns stdout; anything else a library prints goes to stderr (the server's log).
        PrintStream control = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.US_ASCII);
        System.setOut(System.err);
        try (BenchServer server = Servers.create(spec)) {
            ServerProbe probe = new ServerProbe(server::counters);
            int port = server.start();
            // which JVM is which, for profiles and logs written per process id
            System.err.println("server " + String.join(" ", spec.toArgs()) + " pid " + ProcessHandle.current().pid());
            control.println("READY " + port + " " + server.description());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                switch (line.trim()) {
                    case "mark":
                        control.println(probe.mark());
                        break;
                    case "report":
                        control.println(probe.report());
                        break;
                    case "quit":
                        return;
                    default:
                        control.println("ERROR unknown command " + line);
                }
            }
        } catch (Throwable t) {
            control.println("FAILED " + t);
            t.printStackTrace();
            System.exit(2);
        } finally {
            control.flush();
        }
    }
}
