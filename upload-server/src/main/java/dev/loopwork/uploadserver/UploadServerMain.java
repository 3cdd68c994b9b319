package dev.loopwork.uploadserver;

import java.io.PrintStream;

/**
 * The upload server's command line ({@code java -jar loopwork-upload-server.jar --help}).
 *
 * <p>Exit codes: 0 after {@code --help} or a stop (Ctrl-C stops gracefully: uploads in flight get
 * 30 s); 2 for a bad argument, with one line on standard error naming it; 1 when the server cannot
 * start for another reason (the port is taken).
 */
public final class UploadServerMain {

    private UploadServerMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs until the server stops; returns the exit code (bad arguments return at once). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        UploadServer server;
        try {
            Options options = Options.parse(args);
            if (options.help) {
                out.print(Options.help(UploadServer.transports()));
                out.flush();
                return 0;
            }
            server = UploadServer.start(options);
        } catch (UsageException e) {
            err.println("upload-server: " + e.getMessage() + " (see --help)");
            err.flush();
            return 2;
        } catch (IllegalStateException e) {
            err.println("upload-server: " + e.getMessage());
            err.flush();
            return 1;
        }
        out.println(server.startupLine());
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "upload-server-shutdown"));
        server.terminationFuture().toCompletableFuture().join();
        return 0;
    }
}
