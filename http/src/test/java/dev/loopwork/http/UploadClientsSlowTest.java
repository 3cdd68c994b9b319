package dev.loopwork.http;

import org.junit.jupiter.api.Tag;

/** {@link UploadClientsCases} with 1 GiB files: {@code -Pslow} only. */
@Tag("slow")
class UploadClientsSlowTest extends UploadClientsCases {

    @Override
    long size() {
        return 1L << 30;
    }
}
