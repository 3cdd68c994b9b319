package dev.loopwork.tls.loopback;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A streaming SHA-256 with a byte count, for comparing what was sent with what arrived. */
final class Sha256 {

    private final MessageDigest digest;
    private long bytes;

    Sha256() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    void update(byte[] b, int off, int len) {
        digest.update(b, off, len);
        bytes += len;
    }

    /** Hashes {@code data}'s remaining bytes and consumes them. */
    void update(ByteBuffer data) {
        bytes += data.remaining();
        digest.update(data);
    }

    long bytes() {
        return bytes;
    }

    String hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}
