package dev.loopwork.tls.internal;

import dev.loopwork.tls.TlsConfigException;

import java.util.Map;

/**
 * Finds the key algorithm of a PKCS#8 {@code PrivateKeyInfo}, so that the right
 * {@link java.security.KeyFactory} decodes it, by reading just enough DER:
 * {@code SEQUENCE { INTEGER version, SEQUENCE { OBJECT IDENTIFIER algorithm, ... }, ... }}.
 */
final class Pkcs8 {

    private static final Map<String, String> ALGORITHMS = Map.of(
            "1.2.840.113549.1.1.1", "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.2.840.10045.2.1", "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA");

    private Pkcs8() {
    }

    static String keyAlgorithm(byte[] der, String source) {
        try {
            Der outer = new Der(der, 0, der.length);
            Der info = outer.enter(0x30);
            info.skip(0x02);                       // version
            Der algorithmIdentifier = info.enter(0x30);
            String oid = algorithmIdentifier.readOid();
            String algorithm = ALGORITHMS.get(oid);
            if (algorithm == null) {
                throw new TlsConfigException(source + ": unsupported private key algorithm OID " + oid
                        + " (supported: RSA, RSASSA-PSS, EC, Ed25519, Ed448, DSA)");
            }
            return algorithm;
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new TlsConfigException(source + ": the PRIVATE KEY block is not a PKCS#8 PrivateKeyInfo ("
                    + e.getMessage() + ")", e);
        }
    }

    /** A cursor over definite-length DER. */
    private static final class Der {
        private final byte[] data;
        private int pos;
        private final int end;

        Der(byte[] data, int pos, int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        Der enter(int tag) {
            int length = header(tag);
            Der inner = new Der(data, pos, pos + length);
            pos += length;
            return inner;
        }

        void skip(int tag) {
            int length = header(tag); // not "pos += header(tag)": that would add to the old pos
            pos += length;
        }

        String readOid() {
            int length = header(0x06);
            if (length == 0) {
                throw new IllegalArgumentException("empty OBJECT IDENTIFIER");
            }
            StringBuilder sb = new StringBuilder();
            long value = 0;
            boolean first = true;
            for (int i = pos; i < pos + length; i++) {
                value = (value << 7) | (data[i] & 0x7f);
                if ((data[i] & 0x80) == 0) {
                    if (first) {
                        int arc = (int) Math.min(2, value / 40);
                        sb.append(arc).append('.').append(value - 40L * arc);
                        first = false;
                    } else {
                        sb.append('.').append(value);
                    }
                    value = 0;
                }
            }
            pos += length;
            return sb.toString();
        }

        private int header(int tag) {
            if (pos >= end) {
                throw new IllegalArgumentException("expected tag 0x" + Integer.toHexString(tag) + ", found the end");
            }
            int found = data[pos++] & 0xff;
            if (found != tag) {
                throw new IllegalArgumentException("expected tag 0x" + Integer.toHexString(tag) + ", found 0x"
                        + Integer.toHexString(found));
            }
            int length = data[pos++] & 0xff;
            if (length >= 0x80) {
                int octets = length & 0x7f;
                if (octets == 0 || octets > 3) {
                    throw new IllegalArgumentException("unsupported DER length form 0x" + Integer.toHexString(length));
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (data[pos++] & 0xff);
                }
            }
            if (length > end - pos) {
                throw new IllegalArgumentException("DER length " + length + " overruns its container");
            }
            return length;
        }
    }
}
