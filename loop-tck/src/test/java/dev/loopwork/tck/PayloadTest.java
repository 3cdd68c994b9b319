package dev.loopwork.tck;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PayloadTest {

    @Test
    void theSameSeedGivesTheSameBytesHoweverChunked() {
        Payload whole = new Payload(42, 100_003);
        byte[] a = new byte[100_003];
        whole.next(a, 0, a.length);

        Payload chunked = new Payload(42, 100_003);
        ByteBuffer b = ByteBuffer.allocate(100_003);
        int[] sizes = {1, 7, 8, 9, 4096, 65_536};
        for (int i = 0; chunked.hasRemaining(); i++) {
            b.put(chunked.next(sizes[i % sizes.length]));
        }
        assertArrayEquals(a, b.array());
        assertArrayEquals(whole.digest(), chunked.digest());
    }

    @Test
    void differentSeedsGiveDifferentBytes() {
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        new Payload(1, 64).next(a, 0, 64);
        new Payload(2, 64).next(b, 0, 64);
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void refusesToOverrunAndToDigestEarly() {
        Payload p = new Payload(3, 10);
        assertThrows(IllegalArgumentException.class, () -> p.next(new byte[11], 0, 11));
        assertThrows(IllegalStateException.class, p::digest);
    }
}
