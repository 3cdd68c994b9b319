package dev.loopwork.http.internal.h2;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HPACK against the examples of RFC 7541 Appendix C, plus the malformed and hostile cases. */
class HpackTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static List<String> decode(HpackDecoder d, String hexBlock) {
        byte[] b = hex(hexBlock);
        List<String> out = new ArrayList<>();
        d.decode(b, 0, b.length, Long.MAX_VALUE, (n, v) -> out.add(n + ": " + v));
        return out;
    }

    private static void assertTable(HpackDecoder d, long size, String... entries) {
        DynamicTable t = d.table();
        assertEquals(entries.length, t.length(), t.toString());
        for (int i = 0; i < entries.length; i++) {
            assertEquals(entries[i], t.name(i + 1) + ": " + t.value(i + 1));
        }
        assertEquals(size, t.size());
    }

    @Test
    void c1IntegerRepresentation() {
        ByteOut out = new ByteOut(8);
        HpackEncoder.writeInt(out, 0, 5, 10);
        HpackEncoder.writeInt(out, 0, 5, 1337);
        HpackEncoder.writeInt(out, 0, 8, 42);
        assertArrayEquals(hex("0a 1f9a0a 2a"), java.util.Arrays.copyOf(out.array(), out.length()));
    }

    @Test
    void c2FieldRepresentations() {
        HpackDecoder d = new HpackDecoder(4096);
        assertEquals(List.of("custom-key: custom-header"),
                decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
        assertTable(d, 55, "custom-key: custom-header");
        d = new HpackDecoder(4096);
        assertEquals(List.of(":path: /sample/path"), decode(d, "040c 2f73 616d 706c 652f 7061 7468"));
        assertTable(d, 0);
        assertEquals(List.of("password: secret"), decode(d, "1008 7061 7373 776f 7264 0673 6563 7265 74"));
        assertTable(d, 0);
        assertEquals(List.of(":method: GET"), decode(d, "82"));
        assertTable(d, 0);
    }

    @Test
    void c3RequestsWithoutHuffman() {
        requests(new HpackDecoder(4096), "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                "8286 84be 5808 6e6f 2d63 6163 6865",
                "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65");
    }

    @Test
    void c4RequestsWithHuffman() {
        requests(new HpackDecoder(4096), "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
                "8286 84be 5886 a8eb 1064 9cbf",
                "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
    }

    private static void requests(HpackDecoder d, String first, String second, String third) {
        assertEquals(List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com"),
                decode(d, first));
        assertTable(d, 57, ":authority: www.example.com");
        assertEquals(List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com",
                "cache-control: no-cache"), decode(d, second));
        assertTable(d, 110, "cache-control: no-cache", ":authority: www.example.com");
        assertEquals(List.of(":method: GET", ":scheme: https", ":path: /index.html", ":authority: www.example.com",
                "custom-key: custom-value"), decode(d, third));
        assertTable(d, 164, "custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com");
    }

    @Test
    void c5ResponsesWithoutHuffman() {
        responses(new HpackDecoder(256),
                "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32"
                        + "3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                "4803 3330 37c1 c0bf",
                "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970"
                        + "7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178"
                        + "2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31");
    }

    @Test
    void c6ResponsesWithHuffman() {
        responses(new HpackDecoder(256),
                "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad"
                        + "1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
                "4883 640e ffc1 c0bf",
                "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2"
                        + "e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07");
    }

    private static void responses(HpackDecoder d, String first, String second, String third) {
        String date1 = "date: Mon, 21 Oct 2013 20:13:21 GMT";
        String loc = "location: https://www.example.com";
        assertEquals(List.of(":status: 302", "cache-control: private", date1, loc), decode(d, first));
        assertTable(d, 222, loc, date1, "cache-control: private", ":status: 302");
        assertEquals(List.of(":status: 307", "cache-control: private", date1, loc), decode(d, second));
        assertTable(d, 222, ":status: 307", loc, date1, "cache-control: private");
        String date2 = "date: Mon, 21 Oct 2013 20:13:22 GMT";
        String cookie = "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
        assertEquals(List.of(":status: 200", "cache-control: private", date2, loc, "content-encoding: gzip", cookie),
                decode(d, third));
        assertTable(d, 215, cookie, "content-encoding: gzip", date2);
    }

    @Test
    void huffmanEncodesTheAppendixStrings() {
        String[][] cases = {
            {"www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff"},
            {"no-cache", "a8eb 1064 9cbf"},
            {"custom-key", "25a8 49e9 5ba9 7d7f"},
            {"custom-value", "25a8 49e9 5bb8 e8b4 bf"},
            {"private", "aec3 771a 4b"},
            {"Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff"},
            {"https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3"},
        };
        for (String[] c : cases) {
            ByteOut out = new ByteOut(8);
            Huffman.encode(c[0], out);
            assertArrayEquals(hex(c[1]), java.util.Arrays.copyOf(out.array(), out.length()), c[0]);
            assertEquals(out.length(), Huffman.encodedLength(c[0]));
            StringBuilder sb = new StringBuilder();
            Huffman.decode(out.array(), 0, out.length(), sb);
            assertEquals(c[0], sb.toString());
        }
    }

    @Test
    void everyByteRoundTripsThroughHuffman() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            all.append((char) i);
        }
        ByteOut out = new ByteOut(8);
        Huffman.encode(all, out);
        StringBuilder back = new StringBuilder();
        Huffman.decode(out.array(), 0, out.length(), back);
        assertEquals(all.toString(), back.toString());
    }

    @Test
    void encoderOutputDecodes() {
        HpackEncoder e = new HpackEncoder();
        ByteOut out = new ByteOut(64);
        e.peerTableSizeChanged();
        e.beginBlock(out);
        e.encode(":status", "200", out);
        e.encode(":status", "413", out);
        e.encode("content-type", "text/plain; charset=utf-8", out);
        e.encode("x-upload-sha256", "0123456789abcdef", out);
        HpackDecoder d = new HpackDecoder(4096);
        List<String> got = new ArrayList<>();
        d.decode(out.array(), 0, out.length(), Long.MAX_VALUE, (n, v) -> got.add(n + ": " + v));
        assertEquals(List.of(":status: 200", ":status: 413", "content-type: text/plain; charset=utf-8",
                "x-upload-sha256: 0123456789abcdef"), got);
        assertEquals(0, d.table().maxSize(), "the size update to 0 was sent");
    }

    @Test
    void malformedBlocksAreCompressionErrors() {
        String[] bad = {
            "80",               // index 0
            "be",               // index 62 with an empty dynamic table
            "3fe21f",           // size update to 4096+ above the advertised 256... see below
            "82 20",            // size update after a field
            "4085f2b24a87ff",   // Huffman string whose padding is not all ones / too long
            "ff ff ff ff ff 0f",// integer overflow
            "400a 6375",        // string past the end
        };
        for (String b : bad) {
            HpackDecoder d = new HpackDecoder(256);
            H2Exception x = assertThrows(H2Exception.class, () -> decode(d, b), b);
            assertEquals(ErrorCode.COMPRESSION_ERROR, x.code(), b);
            assertTrue(x.isConnectionError());
        }
    }

    @Test
    void eosInAStringIsRefused() {
        // 30 ones (EOS) then two padding ones: ff ff ff ff
        H2Exception x = assertThrows(H2Exception.class, () -> Huffman.decode(hex("ffffffff"), 0, 4, new StringBuilder()));
        assertEquals(ErrorCode.COMPRESSION_ERROR, x.code());
    }

    @Test
    void aDecompressionBombIsCountedNotMaterialized() {
        // One 4000-byte value into the table, then 10,000 one-byte references to it: 40 MB decoded.
        HpackDecoder d = new HpackDecoder(4096);
        ByteOut out = new ByteOut(16_000);
        out.put(0x40);
        HpackEncoder.writeString(out, "x-bomb");
        String big = "a".repeat(4000);
        HpackEncoder.writeInt(out, 0, 7, big.length());
        for (int i = 0; i < big.length(); i++) {
            out.put('a');
        }
        for (int i = 0; i < 10_000; i++) {
            out.put(0x80 | 62);
        }
        List<String> handed = new ArrayList<>();
        long size = d.decode(out.array(), 0, out.length(), 16_384, (n, v) -> handed.add(n));
        assertEquals(10_001L * (6 + 4000 + 32), size);
        assertEquals(4, handed.size(), "fields past the 16 KiB limit are not handed out (4 x 4038 bytes fit)");
    }
}
