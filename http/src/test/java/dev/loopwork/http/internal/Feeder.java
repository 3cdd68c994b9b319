package dev.loopwork.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers input in pieces the way the connection core does: each piece is appended to a direct
 * buffer, the consumer sees a view of everything not consumed yet, and what it leaves stays in
 * front of the next piece.
 */
final class Feeder {

    /** One delivery: consumes from the view; returns true once the consumer is done. */
    interface Step {
        boolean accept(ByteBuffer view) throws Exception;
    }

    private Feeder() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code [0,k) [k,n)} */
    static List<byte[]> split(byte[] input, int k) {
        List<byte[]> pieces = new ArrayList<>(2);
        pieces.add(java.util.Arrays.copyOfRange(input, 0, k));
        pieces.add(java.util.Arrays.copyOfRange(input, k, input.length));
        return pieces;
    }

    /** One byte per piece. */
    static List<byte[]> bytewise(byte[] input) {
        List<byte[]> pieces = new ArrayList<>(input.length);
        for (byte b : input) {
            pieces.add(new byte[] {b});
        }
        return pieces;
    }

    /** Random cuts, reproducible from {@code seed}. */
    static List<byte[]> random(byte[] input, long seed, int maxPiece) {
        java.util.Random r = new java.util.Random(seed);
        List<byte[]> pieces = new ArrayList<>();
        int p = 0;
        while (p < input.length) {
            int n = Math.min(input.length - p, 1 + r.nextInt(maxPiece));
            pieces.add(java.util.Arrays.copyOfRange(input, p, p + n));
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

    static String show(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.ISO_8859_1);
    }
}
