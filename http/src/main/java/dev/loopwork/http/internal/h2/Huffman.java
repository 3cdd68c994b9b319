package dev.loopwork.http.internal.h2;

/**
 * The static Huffman code of HPACK (RFC 7541 §5.2, Appendix B).
 *
 * <p>The code is canonical: ordering the 257 symbols by (code length, symbol) and counting up gives
 * every code, so only the lengths of Appendix B are written here and the codes are derived from them
 * (the class initializer checks the result is a complete prefix code). Decoding walks a binary tree
 * built from the same codes.
 */
public final class Huffman {

    static final int EOS = 256;

    /** Code lengths in bits of symbols 0..255 and EOS (256), from RFC 7541 Appendix B. */
    private static final byte[] LENGTHS = {
            13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
            28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
            6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
            5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
            13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
            7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
            15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
            6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
            20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
            24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
            22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
            21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
            26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
            19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
            20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
            26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
            30,
    };
    private static final int[] CODES = new int[257];
    /** Tree nodes: CHILD[2n] and CHILD[2n+1] are node n's children for bit 0 and 1; a leaf is -(symbol+1). */
    private static final int[] CHILD;

    static {
        Integer[] order = new Integer[257];
        for (int i = 0; i < 257; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> LENGTHS[a] != LENGTHS[b] ? LENGTHS[a] - LENGTHS[b] : a - b);
        long code = 0;
        int prevLength = LENGTHS[order[0]];
        for (int k = 0; k < 257; k++) {
            int s = order[k];
            if (k > 0) {
                code = (code + 1) << (LENGTHS[s] - prevLength);
            }
            prevLength = LENGTHS[s];
            CODES[s] = (int) code;
        }
        if (code != (1L << 30) - 1) { // the last (EOS) code is all ones: the code is complete
            throw new ExceptionInInitializerError("HPACK Huffman lengths do not form a complete code");
        }
        int[] child = new int[2 * 600];
        java.util.Arrays.fill(child, 0);
        int nodes = 1;
        for (int s = 0; s < 257; s++) {
            int node = 0;
            for (int bit = LENGTHS[s] - 1; bit >= 0; bit--) {
                int b = (CODES[s] >>> bit) & 1;
                int idx = 2 * node + b;
                if (bit == 0) {
                    child[idx] = -(s + 1);
                } else {
                    if (child[idx] == 0) {
                        child[idx] = nodes++;
                    }
                    node = child[idx];
                }
            }
        }
        CHILD = child;
    }

    private Huffman() {
    }

    /** Bytes needed to encode {@code s} (ISO-8859-1 chars). */
    public static int encodedLength(CharSequence s) {
        long bits = 0;
        for (int i = 0; i < s.length(); i++) {
            bits += LENGTHS[s.charAt(i) & 0xFF];
        }
        return (int) ((bits + 7) >>> 3);
    }

    /** Appends the code of {@code s} (ISO-8859-1 chars), padded with the EOS prefix (ones). */
    public static void encode(CharSequence s, ByteSink out) {
        long acc = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            int sym = s.charAt(i) & 0xFF;
            acc = (acc << LENGTHS[sym]) | CODES[sym];
            bits += LENGTHS[sym];
            while (bits >= 8) {
                bits -= 8;
                out.put((int) (acc >>> bits) & 0xFF);
            }
        }
        if (bits > 0) {
            out.put((int) ((acc << (8 - bits)) | (0xFF >>> bits)) & 0xFF);
        }
    }

    /**
     * Decodes {@code len} bytes at {@code off} into {@code out} as ISO-8859-1 chars.
     *
     * @throws H2Exception COMPRESSION_ERROR for the EOS symbol, padding longer than 7 bits, or
     *                     padding that is not a prefix of EOS (RFC 7541 §5.2)
     */
    public static void decode(byte[] src, int off, int len, StringBuilder out) {
        int node = 0;
        int depth = 0; // bits since the last symbol
        boolean allOnes = true;
        for (int i = off; i < off + len; i++) {
            int b = src[i] & 0xFF;
            for (int bit = 7; bit >= 0; bit--) {
                int v = (b >>> bit) & 1;
                int next = CHILD[2 * node + v];
                depth++;
                allOnes &= v == 1;
                if (next < 0) {
                    int sym = -next - 1;
                    if (sym == EOS) {
                        throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "Huffman string holds the EOS symbol");
                    }
                    out.append((char) sym);
                    node = 0;
                    depth = 0;
                    allOnes = true;
                } else {
                    node = next;
                }
            }
        }
        if (depth > 7) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "Huffman padding longer than 7 bits");
        }
        if (!allOnes) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "Huffman padding is not a prefix of EOS");
        }
    }

    /** Where encoded bytes go. */
    public interface ByteSink {
        void put(int b);
    }
}
