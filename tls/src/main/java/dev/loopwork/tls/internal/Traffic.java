package dev.loopwork.tls.internal;

/** Bytes through one TLS stage, both directions, ciphertext and plaintext; for messages and logs. */
final class Traffic {

    long ciphertextIn;
    long plaintextIn;
    long plaintextOut;
    long ciphertextOut;

    void unwrapped(int consumed, int produced) {
        ciphertextIn += consumed;
        plaintextIn += produced;
    }

    void wrapped(int consumed, int produced) {
        plaintextOut += consumed;
        ciphertextOut += produced;
    }

    @Override
    public String toString() {
        return "in=" + ciphertextIn + '/' + plaintextIn + " out=" + plaintextOut + '/' + ciphertextOut;
    }
}
