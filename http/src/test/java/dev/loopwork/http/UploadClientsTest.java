package dev.loopwork.http;

/** {@link UploadClientsCases} with 32 MiB files: the default test set. */
class UploadClientsTest extends UploadClientsCases {

    @Override
    long size() {
        return 32L << 20;
    }
}
