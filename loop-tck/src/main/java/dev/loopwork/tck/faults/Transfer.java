package dev.loopwork.tck.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Blocking client halves of the fault cases: a seeded payload written in random pieces, a reader that hashes. */
final class Transfer {

    /** What one direction of a transfer carried, and how it ended. */
    record Side(long bytes, String sha256, IOException error) {
    }

    private Transfer() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code size} seeded bytes in pieces of 1 byte to 64 KiB; stops at the first I/O error. */
    static Side write(OutputStream out, long seed, long size) {
        SplittableRandom r = new SplittableRandom(seed);
        MessageDigest d = sha256();
        byte[] piece = new byte[64 * 1024];
        long sent = 0;
        try {
            while (sent < size) {
                int n = (int) Math.min(size - sent, r.nextInt(8) == 0 ? 1 + r.nextInt(16) : 1 + r.nextInt(piece.length));
                r.nextBytes(piece);
                out.write(piece, 0, n);
                d.update(piece, 0, n);
                sent += n;
            }
            out.flush();
            return new Side(sent, HexFormat.of().formatHex(d.digest()), null);
        } catch (IOException e) {
            return new Side(sent, null, e);
        }
    }

    /** The SHA-256 of {@code size} seeded bytes, as {@link #write} sends them. */
    static String expected(long seed, long size) {
        return write(OutputStream.nullOutputStream(), seed, size).sha256();
    }

    /** Reads up to {@code max} bytes or to end of stream, hashing them; stops at the first I/O error. */
    static Side read(InputStream in, long max) {
        MessageDigest d = sha256();
        byte[] b = new byte[64 * 1024];
        long got = 0;
        try {
            while (got < max) {
                int n = in.read(b, 0, (int) Math.min(b.length, max - got));
                if (n < 0) {
                    break;
                }
                d.update(b, 0, n);
                got += n;
            }
            return new Side(got, HexFormat.of().formatHex(d.digest()), null);
        } catch (IOException e) {
            return new Side(got, null, e);
        }
    }

    static void shutdownOutputQuietly(Socket s) {
        try {
            s.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            // the peer reset the connection: the case looks at what was read
        }
    }
}
