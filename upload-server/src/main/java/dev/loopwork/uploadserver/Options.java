package dev.loopwork.uploadserver;

import dev.loopwork.http.HttpLimits;
import dev.loopwork.tls.TlsEngine;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The upload server's command line, parsed and checked: every bad argument is a {@link UsageException}
 * whose message names the option and what is wrong with it. What needs the running system (is the
 * transport there, does the OpenSSL engine load, can the folder be used) is checked by
 * {@link UploadServer#start}.
 *
 * <p>Options take their value as the next argument or after {@code =} ({@code --port 8443},
 * {@code --port=8443}).
 */
final class Options {

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8080;
    static final int DEFAULT_TLS_PORT = 8443;
    static final String DEFAULT_DIR = "uploads";
    static final String DEFAULT_TRANSPORT = "auto";
    static final int MAX_LOOPS = 256;

    final String host;
    /** As given; -1 when not given (then 8080, or 8443 with TLS). */
    private final int port;
    final Path dir;
    final String transport;
    final int loops;
    final long maxBody;
    final boolean tls;
    final Path cert;
    final Path key;
    final boolean selfSigned;
    final TlsEngine engine;
    final boolean help;

    private Options(Builder b) {
        host = b.host;
        port = b.port;
        dir = b.dir;
        transport = b.transport;
        loops = b.loops;
        maxBody = b.maxBody;
        tls = b.tls;
        cert = b.cert;
        key = b.key;
        selfSigned = b.selfSigned;
        engine = b.engine;
        help = b.help;
    }

    /** The port to listen on: as given, else 8443 with TLS and 8080 without. */
    int port() {
        return port >= 0 ? port : tls ? DEFAULT_TLS_PORT : DEFAULT_PORT;
    }

    /** Loops when {@code --loops} is not given: one per CPU, at most four. */
    static int defaultLoops() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    static long defaultMaxBody() {
        return HttpLimits.defaults().maxBodySize();
    }

    static Options parse(String... args) throws UsageException {
        Objects.requireNonNull(args, "args");
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (isFlag(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                b.flag(name);
                continue;
            }
            if (!isOption(name)) {
                throw new UsageException("unknown option '" + name + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            b.option(name, value);
        }
        return b.check();
    }

    private static boolean isFlag(String name) {
        switch (name) {
            case "--help":
            case "--tls":
            case "--self-signed":
                return true;
            default:
                return false;
        }
    }

    private static boolean isOption(String name) {
        switch (name) {
            case "--host":
            case "--port":
            case "--dir":
            case "--transport":
            case "--loops":
            case "--max-body":
            case "--cert":
            case "--key":
            case "--engine":
                return true;
            default:
                return false;
        }
    }

    /** {@code --help}: every option with its default; {@code transports} lists the loops of this process. */
    static String help(String transports) {
        String[][] rows = {
                {"--host HOST", "address to listen on", DEFAULT_HOST},
                {"--port N", "port; 0 for any free one", DEFAULT_PORT + ", " + DEFAULT_TLS_PORT + " with --tls"},
                {"--dir DIR", "folder for the uploads, created if missing", "./" + DEFAULT_DIR},
                {"--transport NAME", "auto, or one of: " + transports, DEFAULT_TRANSPORT},
                {"--loops N", "event loops, 1 to " + MAX_LOOPS, defaultLoops() + " (one per CPU, at most 4)"},
                {"--max-body SIZE", "largest body accepted (413 above), e.g. 512K, 64M, 2G", size(defaultMaxBody())},
                {"--tls", "HTTPS; needs --cert and --key, or --self-signed", "off"},
                {"--cert FILE", "PEM certificate chain, leaf first", ""},
                {"--key FILE", "PEM private key (unencrypted PKCS#8)", ""},
                {"--self-signed", "a new certificate for localhost and 127.0.0.1, to try it out", ""},
                {"--engine jdk|openssl", "TLS engine (openssl: BoringSSL through netty-tcnative)", "jdk"},
                {"--help", "this text", ""},
        };
        StringBuilder sb = new StringBuilder()
                .append("Usage: java -jar loopwork-upload-server.jar [options]\n")
                .append("Stores each upload (a PUT or POST body, or each file of a multipart form) in a new file\n")
                .append("and answers with JSON: stored name, size, SHA-256. Ctrl-C stops it; uploads in flight\n")
                .append("get ").append(UploadServer.SHUTDOWN_DEADLINE.toSeconds()).append(" s to finish.\n\n");
        for (String[] row : rows) {
            sb.append(String.format(Locale.ROOT, "  %-21s %s%n", row[0], row[1]));
            if (!row[2].isEmpty()) {
                sb.append(String.format(Locale.ROOT, "  %-21s default: %s%n", "", row[2]));
            }
        }
        return sb.append("\nExamples:\n")
                .append("  curl -T FILE http://127.0.0.1:8080/\n")
                .append("  curl -k -T FILE https://127.0.0.1:8443/      (started with --tls --self-signed)\n")
                .append("  curl -F a=@one.bin -F b=@two.bin http://127.0.0.1:8080/\n")
                .toString();
    }

    /** {@code 123}, {@code 64K}, {@code 512M}, {@code 2G} (binary units), positive. */
    static long parseSize(String option, String v) throws UsageException {
        String s = v.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Math.multiplyExact(Long.parseLong(s), unit);
            if (n <= 0) {
                throw new UsageException(option + ": must be positive: '" + v + "'");
            }
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException(option + ": not a size (like 512K, 64M, 2G): '" + v + "'");
        }
    }

    /** The largest binary unit that divides {@code n}: {@code 1G}, {@code 640K}, {@code 1000}. */
    static String size(long n) {
        if (n % (1L << 30) == 0) {
            return n / (1L << 30) + "G";
        }
        if (n % (1L << 20) == 0) {
            return n / (1L << 20) + "M";
        }
        if (n % (1L << 10) == 0) {
            return n / (1L << 10) + "K";
        }
        return Long.toString(n);
    }

    private static int parseInt(String option, String v, int min, int max, String what) throws UsageException {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the same message as out of range, below
        }
        throw new UsageException(option + ": not " + what + " (" + min + " to " + max + "): '" + v + "'");
    }

    private static Path parsePath(String option, String v) throws UsageException {
        if (v.isBlank()) {
            throw new UsageException(option + ": empty path");
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new UsageException(option + ": not a path: '" + v + "'");
        }
    }

    private static Path readableFile(String option, String v) throws UsageException {
        Path p = parsePath(option, v);
        if (!Files.isRegularFile(p)) {
            throw new UsageException(option + ": no such file: " + p);
        }
        if (!Files.isReadable(p)) {
            throw new UsageException(option + ": cannot read " + p);
        }
        return p;
    }

    @Override
    public String toString() {
        return "Options{host=" + host + ", port=" + port() + ", dir=" + dir + ", transport=" + transport
                + ", loops=" + loops + ", maxBody=" + maxBody + ", tls=" + tls + ", cert=" + cert + ", key=" + key
                + ", selfSigned=" + selfSigned + ", engine=" + engine + ", help=" + help + '}';
    }

    private static final class Builder {
        String host = DEFAULT_HOST;
        int port = -1;
        Path dir = Path.of(DEFAULT_DIR);
        String transport = DEFAULT_TRANSPORT;
        int loops = defaultLoops();
        long maxBody = defaultMaxBody();
        boolean tls;
        Path cert;
        Path key;
        boolean selfSigned;
        TlsEngine engine;
        boolean help;

        void flag(String name) {
            switch (name) {
                case "--help": help = true; break;
                case "--tls": tls = true; break;
                case "--self-signed": selfSigned = true; break;
                default: throw new IllegalStateException("not a flag: " + name);
            }
        }

        void option(String name, String v) throws UsageException {
            switch (name) {
                case "--host":
                    if (v.isBlank()) {
                        throw new UsageException("--host: empty");
                    }
                    host = v.trim();
                    break;
                case "--port": port = parseInt(name, v, 0, 65535, "a port number"); break;
                case "--dir": dir = parsePath(name, v); break;
                case "--transport":
                    if (v.isBlank()) {
                        throw new UsageException("--transport: empty");
                    }
                    transport = v.trim();
                    break;
                case "--loops": loops = parseInt(name, v, 1, MAX_LOOPS, "a loop count"); break;
                case "--max-body": maxBody = parseSize(name, v); break;
                case "--cert": cert = readableFile(name, v); break;
                case "--key": key = readableFile(name, v); break;
                case "--engine":
                    switch (v.trim().toLowerCase(Locale.ROOT)) {
                        case "jdk": engine = TlsEngine.JDK; break;
                        case "openssl": engine = TlsEngine.OPENSSL; break;
                        default: throw new UsageException("--engine: '" + v + "' is neither jdk nor openssl");
                    }
                    break;
                default: throw new IllegalStateException("not an option: " + name);
            }
        }

        Options check() throws UsageException {
            if (help) {
                return new Options(this);
            }
            if (!tls) {
                String tlsOnly = cert != null ? "--cert" : key != null ? "--key" : selfSigned ? "--self-signed"
                        : engine != null ? "--engine" : null;
                if (tlsOnly != null) {
                    throw new UsageException(tlsOnly + " needs --tls");
                }
            } else {
                if (selfSigned && (cert != null || key != null)) {
                    throw new UsageException("--self-signed and --cert/--key exclude each other");
                }
                if (!selfSigned && cert == null && key == null) {
                    throw new UsageException("--tls needs --cert and --key, or --self-signed");
                }
                if (!selfSigned && (cert == null || key == null)) {
                    throw new UsageException(cert == null ? "--key needs --cert" : "--cert needs --key");
                }
                if (engine == null) {
                    engine = TlsEngine.JDK;
                }
            }
            return new Options(this);
        }
    }
}
