package dev.loopwork.http;

/** {@link UploadClientsCases} with 16 MiB files: the default test set. */
class UploadClientsTest extends UploadClientsCases {

    @Override
    long size() {
        return 16L << 20;
    }
}
