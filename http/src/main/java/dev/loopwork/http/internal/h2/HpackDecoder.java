package dev.loopwork.http.internal.h2;

/**
 * HPACK decoding of complete header blocks (RFC 7541), with the dynamic table this connection's
 * peer fills.
 *
 * <h2>Bounds</h2>
 * The table never grows past the SETTINGS_HEADER_TABLE_SIZE this server advertised: a size update
 * above it is a COMPRESSION_ERROR. The decoded header list is counted as RFC 9113 §6.5.2 counts it
 * (name + value + 32 per field) while decoding: once it passes the limit, fields are no longer
 * handed out (so a block that references one large table entry thousands of times, a decompression
 * bomb, costs a counter, not memory) but the block is still decoded to its end, since the table
 * must stay in step with the peer's encoder for the next blocks.
 */
public final class HpackDecoder {

    public interface FieldSink {
        void field(String name, String value);
    }

    private final DynamicTable table;
    private final long maxTableSize;
    private final StringBuilder sb = new StringBuilder(64);
    private byte[] src;
    private int pos;
    private int end;

    /** @param maxTableSize the SETTINGS_HEADER_TABLE_SIZE this side advertised */
    public HpackDecoder(long maxTableSize) {
        this.maxTableSize = maxTableSize;
        this.table = new DynamicTable(maxTableSize);
    }

    /**
     * Decodes one whole block; hands fields to {@code sink} while the list size stays within
     * {@code maxListSize}.
     *
     * @return the decoded header list size (fields past the limit included)
     * @throws H2Exception COMPRESSION_ERROR (a connection error) for any malformed representation
     */
    public long decode(byte[] block, int offset, int length, long maxListSize, FieldSink sink) {
        src = block;
        pos = offset;
        end = offset + length;
        long listSize = 0;
        boolean fieldSeen = false;
        try {
            while (pos < end) {
                int b = src[pos] & 0xFF;
                String name;
                String value;
                if ((b & 0x80) != 0) {
                    int index = readInt(7);
                    name = nameAt(index);
                    value = valueAt(index);
                } else if ((b & 0x40) != 0) {
                    int index = readInt(6);
                    name = index == 0 ? readString() : nameAt(index);
                    value = readString();
                    table.add(name, value);
                } else if ((b & 0x20) != 0) {
                    if (fieldSeen) {
                        throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR,
                                "dynamic table size update after a header field (RFC 7541 §4.2)");
                    }
                    int size = readInt(5);
                    if (size > maxTableSize) {
                        throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "dynamic table size update to "
                                + size + " exceeds the advertised SETTINGS_HEADER_TABLE_SIZE " + maxTableSize);
                    }
                    table.setMaxSize(size);
                    continue;
                } else {
                    int index = readInt(4); // without indexing (0000) or never indexed (0001)
                    name = index == 0 ? readString() : nameAt(index);
                    value = readString();
                }
                fieldSeen = true;
                listSize += DynamicTable.entrySize(name, value);
                if (listSize <= maxListSize) {
                    sink.field(name, value);
                }
            }
            return listSize;
        } finally {
            src = null;
        }
    }

    DynamicTable table() {
        return table;
    }

    private String nameAt(int index) {
        if (index <= 0) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "header field index 0");
        }
        if (index <= StaticTable.LENGTH) {
            return StaticTable.name(index);
        }
        int d = index - StaticTable.LENGTH;
        if (d > table.length()) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "header field index " + index
                    + " past the tables (" + (StaticTable.LENGTH + table.length()) + " entries)");
        }
        return table.name(d);
    }

    private String valueAt(int index) {
        nameAt(index); // same checks
        return index <= StaticTable.LENGTH ? StaticTable.value(index) : table.value(index - StaticTable.LENGTH);
    }

    /** An integer with an {@code n}-bit prefix (RFC 7541 §5.1); values above 2^28 are refused. */
    private int readInt(int n) {
        int max = (1 << n) - 1;
        int value = src[pos++] & max;
        if (value < max) {
            return value;
        }
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "truncated integer");
            }
            int b = src[pos++] & 0xFF;
            value += (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
            if (shift > 21) {
                throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "integer too large");
            }
        }
    }

    private String readString() {
        if (pos >= end) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "truncated string");
        }
        boolean huffman = (src[pos] & 0x80) != 0;
        int length = readInt(7);
        if (length > end - pos) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "string of " + length + " bytes past the block's end");
        }
        String s;
        if (huffman) {
            sb.setLength(0);
            Huffman.decode(src, pos, length, sb);
            s = sb.toString();
        } else {
            s = new String(src, pos, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        pos += length;
        return s;
    }

    @Override
    public String toString() {
        return "HpackDecoder{" + table + '}';
    }
}
