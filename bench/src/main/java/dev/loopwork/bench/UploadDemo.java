package dev.loopwork.bench;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.bootstrap.Diagnostics;
import dev.loopwork.bootstrap.Loopwork;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The quick demo: a server on the auto-selected transport takes an upload, hashes what it
 * received and answers with the SHA-256; a plain JDK socket client sends the bytes, compares the
 * hashes and the demo prints the throughput. Argument: MiB to send (default 256).
 */
public final class UploadDemo {

    private static final int CHUNK = 256 * 1024;

    private UploadDemo() {
    }

    /** Hashes every byte it is given; answers with the hex digest when the client has finished. */
    static final class HashingHandler implements ConnectionHandler {
        private final MessageDigest sha = sha256();
        private long received;

        @Override
        public void onData(Connection c, ByteBuffer data) {
            received += data.remaining();
            sha.update(data);
        }

        @Override
        public void onInputShutdown(Connection c) {
            String answer = received + " " + HexFormat.of().formatHex(sha.digest()) + "\n";
            c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.US_ASCII)));
            c.close();
        }
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        long total = mib << 20;
        System.out.print(Diagnostics.report());
        try (LoopGroup group = Loopwork.group().loops(2).build()) {
            Server server = group.listen(new InetSocketAddress("127.0.0.1", 0), setup -> new HashingHandler());
            System.out.printf("transport %s (java %s, %s, %d cores), uploading %d MiB to %s%n", group.transport(),
                    System.getProperty("java.version"), System.getProperty("os.name"),
                    Runtime.getRuntime().availableProcessors(), mib, server.localAddress());
            upload(server.localAddress(), total);
            server.close();
        }
    }

    private static void upload(InetSocketAddress address, long total) throws IOException {
        // One random block sent over and over; the expected digest is computed before the clock starts.
        byte[] block = new byte[CHUNK];
        new SplittableRandom(42).nextBytes(block);
        MessageDigest sha = sha256();
        for (long done = 0; done < total; done += CHUNK) {
            sha.update(block, 0, (int) Math.min(CHUNK, total - done));
        }
        String expected = total + " " + HexFormat.of().formatHex(sha.digest());
        try (Socket socket = new Socket()) {
            socket.connect(address);
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            long sent = 0;
            long nextReport = 64L << 20;
            while (sent < total) {
                int n = (int) Math.min(CHUNK, total - sent);
                out.write(block, 0, n);
                sent += n;
                if (sent >= nextReport) {
                    System.out.printf("  sent %d MiB%n", sent >> 20);
                    nextReport += 64L << 20;
                }
            }
            socket.shutdownOutput();
            String answer = new String(new DataInputStream(socket.getInputStream()).readAllBytes(),
                    StandardCharsets.US_ASCII).trim();
            double seconds = (System.nanoTime() - start) / 1e9;
            boolean ok = expected.equals(answer);
            System.out.printf("%s: %d MiB in %.2f s = %.1f MB/s (the server hashes every byte)%n",
                    ok ? "SHA-256 OK" : "SHA-256 MISMATCH", total >> 20, seconds, total / seconds / 1e6);
            if (!ok) {
                System.out.println("  expected " + expected + "\n  received " + answer);
                System.exit(1);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
