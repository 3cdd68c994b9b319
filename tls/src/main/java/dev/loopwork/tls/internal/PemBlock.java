package dev.loopwork.tls.internal;

import java.util.Arrays;

/** One {@code -----BEGIN label-----} ... {@code -----END label-----} block of a PEM file, decoded. */
public final class PemBlock {

    private final String label;
    private final byte[] der;
    private final boolean hasHeaders;

    PemBlock(String label, byte[] der, boolean hasHeaders) {
        this.label = label;
        this.der = der;
        this.hasHeaders = hasHeaders;
    }

    /** The label, e.g. {@code CERTIFICATE} or {@code PRIVATE KEY}. */
    public String label() {
        return label;
    }

    /** A copy of the decoded bytes. */
    public byte[] der() {
        return der.clone();
    }

    /** Whether the block had RFC 1421 headers ({@code Proc-Type: 4,ENCRYPTED}: legacy OpenSSL encryption). */
    public boolean hasHeaders() {
        return hasHeaders;
    }

    /** Overwrites the decoded bytes (for key material that is no longer needed). */
    void wipe() {
        Arrays.fill(der, (byte) 0);
    }

    @Override
    public String toString() {
        return "PemBlock{" + label + ", " + der.length + " bytes" + (hasHeaders ? ", with headers" : "") + '}';
    }
}
