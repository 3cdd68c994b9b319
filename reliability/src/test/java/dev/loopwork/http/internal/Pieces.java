package dev.loopwork.http.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Input split the ways the connection core delivers it (whole, byte by byte, random cuts), fed
 * like the core does: each piece appended to a direct buffer, the parser sees everything not yet
 * consumed, and what it leaves stays in front of the next piece. The fuzz targets compare the
 * outcome of the splits: a parser must decide the same whatever the split.
 */
final class Pieces {

    /** One delivery: consumes from the view; returns true once the parser is done. */
    interface Step {
        boolean accept(ByteBuffer view) throws Exception;
    }

    private Pieces() {
    }

    static List<byte[]> whole(byte[] input) {
        return List.of(input);
    }

    static List<byte[]> bytewise(byte[] input) {
        List<byte[]> pieces = new ArrayList<>(input.length);
        for (byte b : input) {
            pieces.add(new byte[] {b});
        }
        return pieces;
    }

    /** Random cuts of at most {@code maxPiece} bytes, reproducible from the input itself. */
    static List<byte[]> random(byte[] input, int maxPiece) {
        Random r = new Random(Arrays.hashCode(input));
        List<byte[]> pieces = new ArrayList<>();
        int p = 0;
        while (p < input.length) {
            int n = Math.min(input.length - p, 1 + r.nextInt(maxPiece));
            pieces.add(Arrays.copyOfRange(input, p, p + n));
            p += n;
        }
        return pieces;
    }

    /**
     * Feeds the pieces until {@code step} reports done; returns the bytes left unconsumed (those of
     * the last view and every piece not delivered), or {@code null} if the input ended first.
     */
    static byte[] feed(List<byte[]> pieces, Step step) throws Exception {
        int total = 0;
        for (byte[] p : pieces) {
            total += p.length;
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(16, total));
        for (int i = 0; i < pieces.size(); i++) {
            buf.put(pieces.get(i));
            buf.flip();
            ByteBuffer view = buf.slice();
            boolean done = step.accept(view);
            buf.position(buf.position() + view.position());
            if (done) {
                ByteBuffer rest = ByteBuffer.allocate(buf.remaining() + remaining(pieces, i + 1));
                rest.put(buf);
                for (int j = i + 1; j < pieces.size(); j++) {
                    rest.put(pieces.get(j));
                }
                return rest.array();
            }
            buf.compact();
        }
        return null;
    }

    private static int remaining(List<byte[]> pieces, int from) {
        int n = 0;
        for (int j = from; j < pieces.size(); j++) {
            n += pieces.get(j).length;
        }
        return n;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String show(byte[] b) {
        if (b == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
