package dev.loopwork.bench.client;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseReaderTest {

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void httpAnswerSplitAcrossReadsIsCompleteOnlyWithItsWholeBody() throws IOException {
        ResponseReader r = new ResponseReader(Wire.HTTP);
        assertFalse(r.feed(ascii("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n")));
        assertFalse(r.feed(ascii("\r\nreceived ")));
        assertTrue(r.feed(ascii("123\n")));
        assertDoesNotThrow(() -> r.check(123));
    }

    @Test
    void aWrongCountFailsTheUpload() throws IOException {
        ResponseReader r = new ResponseReader(Wire.RAW);
        assertTrue(r.feed(ascii("received 99\n")));
        assertThrows(IOException.class, () -> r.check(100));
    }

    @Test
    void anErrorStatusFailsAtOnce() {
        ResponseReader r = new ResponseReader(Wire.HTTP);
        assertThrows(IOException.class, () -> r.feed(ascii("HTTP/1.1 413 Payload Too Large\r\ncontent-length: 0\r\n\r\n")));
    }

    @Test
    void theFileHandlersJsonAnswerCountsBySize() throws IOException {
        String body = "{\"files\":[{\"stored\":\"upload-1.bin\",\"size\":4096,\"sha256\":\"ab\"}],\"fields\":[]}";
        ResponseReader r = new ResponseReader(Wire.HTTP);
        assertTrue(r.feed(ascii("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length()
                + "\r\n\r\n" + body)));
        assertDoesNotThrow(() -> r.check(4096));
        assertThrows(IOException.class, () -> r.check(409));
    }
}
