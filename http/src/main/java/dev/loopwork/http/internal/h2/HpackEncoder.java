package dev.loopwork.http.internal.h2;

/**
 * HPACK encoding of response headers (RFC 7541). Fields found whole in the static table are
 * indexed; the others are literals without indexing, with the name indexed when the static table
 * has it, and Huffman-coded when that is shorter. The dynamic table is never used: a server of
 * uploads sends few, small response heads, and keeping no table means no state a client can grow
 * and no risk of the table getting out of step. Because the table is never used, a peer's change of
 * SETTINGS_HEADER_TABLE_SIZE is acknowledged by a size update to 0 at the start of the next block.
 */
public final class HpackEncoder {

    private boolean sizeUpdatePending;

    /** The peer sent SETTINGS_HEADER_TABLE_SIZE. */
    public void peerTableSizeChanged() {
        sizeUpdatePending = true;
    }

    /** Call before the first field of each block. */
    public void beginBlock(ByteOut out) {
        if (sizeUpdatePending) {
            writeInt(out, 0x20, 5, 0);
            sizeUpdatePending = false;
        }
    }

    /** Encodes one field; {@code name} must be lower case. */
    public void encode(String name, String value, ByteOut out) {
        int index = StaticTable.indexOf(name, value);
        if (index > 0) {
            writeInt(out, 0x80, 7, index);
            return;
        }
        int nameIndex = StaticTable.indexOfName(name);
        writeInt(out, 0x00, 4, nameIndex);
        if (nameIndex == 0) {
            writeString(out, name);
        }
        writeString(out, value);
    }

    static void writeString(ByteOut out, String s) {
        int huffmanLength = Huffman.encodedLength(s);
        if (huffmanLength < s.length()) {
            writeInt(out, 0x80, 7, huffmanLength);
            Huffman.encode(s, out);
        } else {
            writeInt(out, 0x00, 7, s.length());
            for (int i = 0; i < s.length(); i++) {
                out.put(s.charAt(i) & 0xFF);
            }
        }
    }

    /** An integer with an {@code n}-bit prefix after the bits {@code mask} (RFC 7541 §5.1). */
    static void writeInt(ByteOut out, int mask, int n, int value) {
        int max = (1 << n) - 1;
        if (value < max) {
            out.put(mask | value);
            return;
        }
        out.put(mask | max);
        value -= max;
        while (value >= 0x80) {
            out.put((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.put(value);
    }
}
