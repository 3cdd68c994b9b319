package dev.loopwork.reliability;

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blocking JDK client side of the scenarios: plain and TLS sockets (the TLS one keeps its raw
 * socket, so a test can cut the TCP stream under the TLS layer), requests built byte for byte, and
 * a strict response reader.
 */
final class Wire {

    static final int READ_TIMEOUT_MS = 30_000;

    /** How a request body is framed. */
    enum Framing { CONTENT_LENGTH, CHUNKED, MULTIPART }

    /** One response: status, fields (lower-case names), body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A client connection: {@code raw} is the TCP socket, {@code app} the one to talk through (TLS or raw). */
    record Conn(Socket raw, Socket app) implements AutoCloseable {
        OutputStream out() throws IOException {
            return app.getOutputStream();
        }

        InputStream in() throws IOException {
            return app.getInputStream();
        }

        Reply read() throws IOException {
            return Wire.read(in());
        }

        boolean tls() {
            return app != raw;
        }

        /** RST: SO_LINGER 0, then close the TCP socket (under any TLS layer). */
        void reset() {
            try {
                raw.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already closed
            }
            closeQuietly(raw);
        }

        @Override
        public void close() {
            closeQuietly(app);
            closeQuietly(raw);
        }
    }

    private Wire() {
    }

    static Conn connect(InetSocketAddress address, boolean tls) throws IOException {
        Socket raw = new Socket();
        try {
            raw.setSoTimeout(READ_TIMEOUT_MS);
            raw.setTcpNoDelay(true);
            raw.connect(address, READ_TIMEOUT_MS);
            if (!tls) {
                return new Conn(raw, raw);
            }
            SSLSocket s = (SSLSocket) Certs.clientContext().getSocketFactory()
                    .createSocket(raw, "localhost", address.getPort(), true);
            s.setUseClientMode(true);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.startHandshake();
            return new Conn(raw, s);
        } catch (IOException | RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing quietly: the scenario checks what matters
        }
    }

    /** Deterministic bytes. */
    static byte[] data(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String BOUNDARY = "rel-b0undary-7e1";

    /** A whole upload request (head and body) of {@code data} to {@code path}. */
    static byte[] upload(String path, Framing framing, byte[] data, boolean close) {
        byte[] body = data;
        String type = "application/octet-stream";
        if (framing == Framing.MULTIPART) {
            ByteArrayOutputStream b = new ByteArrayOutputStream(data.length + 512);
            b.writeBytes(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                    + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n"));
            b.writeBytes(data);
            b.writeBytes(ascii("\r\n--" + BOUNDARY + "--\r\n"));
            body = b.toByteArray();
            type = "multipart/form-data; boundary=" + BOUNDARY;
        }
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n")
                .append("Content-Type: ").append(type).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream(body.length + 1024);
        if (framing == Framing.CHUNKED) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            wire.writeBytes(ascii(head.toString()));
            Random r = new Random(body.length);
            int p = 0;
            while (p < body.length) {
                int n = Math.min(body.length - p, 1 + r.nextInt(48 * 1024));
                wire.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
                wire.write(body, p, n);
                wire.writeBytes(ascii("\r\n"));
                p += n;
            }
            wire.writeBytes(ascii("0\r\n\r\n"));
        } else {
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            wire.writeBytes(ascii(head.toString()));
            wire.writeBytes(body);
        }
        return wire.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads one final response (1xx are skipped). */
    static Reply read(InputStream in) throws IOException {
        while (true) {
            String status = line(in);
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not a status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                headers.merge(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip(),
                        (a, b) -> a + ", " + b);
            }
            if (code < 200) {
                continue;
            }
            byte[] body;
            if (code == 204 || code == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunked(in);
            } else if (headers.containsKey("content-length")) {
                int n = Integer.parseInt(headers.get("content-length"));
                body = in.readNBytes(n);
                if (body.length != n) {
                    throw new EOFException("response body cut after " + body.length + " of " + n + " bytes");
                }
            } else {
                body = in.readAllBytes();
            }
            return new Reply(code, headers, body);
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(n));
            if (!line(in).isEmpty()) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed mid-line after '" + sb + "'");
            }
            if (c == '\n') {
                if (sb.length() == 0 || sb.charAt(sb.length() - 1) != '\r') {
                    throw new IOException("bare LF from the server after '" + sb + "'");
                }
                return sb.substring(0, sb.length() - 1);
            }
            if (sb.length() > 16384) {
                throw new IOException("response line longer than 16 KiB");
            }
            sb.append((char) c);
        }
    }

    private static final Pattern STORED = Pattern.compile(
            "\"stored\":\"([^\"]+)\",\"size\":(\\d+),\"sha256\":\"([0-9a-f]{64})\"");

    /** The stored file of {@link dev.loopwork.http.FileUploadHandler}'s answer: name, size, sha256. */
    record Stored(String name, long size, String sha256) {
    }

    static Stored stored(Reply reply) throws IOException {
        Matcher m = STORED.matcher(reply.text());
        if (!m.find()) {
            throw new IOException("no stored file in the answer " + reply.status() + ' ' + reply.text());
        }
        return new Stored(m.group(1), Long.parseLong(m.group(2)), m.group(3));
    }
}
