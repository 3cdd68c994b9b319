package dev.loopwork.tck;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.security.MessageDigest;

/**
 * Helpers for the blocking JDK peers of the cases: a {@link Socket} is the most neutral peer there
 * is, so what it sees (bytes, EOF, a reset) is what any client of the provider would see.
 * Every read is bounded by the socket's read timeout, set by {@link TckContext#connect}.
 */
final class Blocking {

    /** How a connection ended, as a blocking peer sees it. */
    enum End { EOF, RESET }

    private Blocking() {
    }

    static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw new EOFException("EOF after " + off + " of " + n + " expected bytes");
            }
            off += r;
        }
        return buf;
    }

    /** Reads until EOF, digesting; returns the byte count. */
    static long readToEof(InputStream in, MessageDigest digest) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int r; (r = in.read(buf)) >= 0; ) {
            digest.update(buf, 0, r);
            total += r;
        }
        return total;
    }

    /** Writes all of {@code payload} in chunks of {@code chunk} bytes. */
    static void write(OutputStream out, Payload payload, int chunk) throws IOException {
        byte[] buf = new byte[chunk];
        while (payload.hasRemaining()) {
            int n = (int) Math.min(chunk, payload.remaining());
            payload.next(buf, 0, n);
            out.write(buf, 0, n);
        }
        out.flush();
    }

    /** Reads until the connection ends and says how; bytes that still arrive are skipped. */
    static End readToEnd(Socket s) throws IOException {
        byte[] buf = new byte[64 * 1024];
        try {
            while (s.getInputStream().read(buf) >= 0) {
                // skip
            }
            return End.EOF;
        } catch (SocketException e) {
            if (isReset(e)) {
                return End.RESET;
            }
            throw e;
        }
    }

    /** Whether {@code e} is the JDK's report of a TCP reset. */
    static boolean isReset(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return e instanceof SocketException && m.contains("reset");
    }
}
