package dev.loopwork.http;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Request handlers of the HTTP/2 tests. */
final class H2Handlers {

    private H2Handlers() {
    }

    /** Hashes the body and answers "{@code <version> <bytes> <sha256>}"; calls {@code onFirstChunk} once per request. */
    static class Hashing implements BodyConsumer {
        private final MessageDigest digest = TestFiles.digest();
        private final Response response;
        private final HttpRequest request;
        private final Consumer<BodyControl> onFirstChunk;
        private long bytes;
        final CompletableFuture<String> done = new CompletableFuture<>();

        Hashing(HttpRequest request, Response response, Consumer<BodyControl> onFirstChunk) {
            this.request = request;
            this.response = response;
            this.onFirstChunk = onFirstChunk;
        }

        @Override
        public void onChunk(ByteBuffer chunk, BodyControl control) {
            if (bytes == 0 && onFirstChunk != null) {
                onFirstChunk.accept(control);
            }
            bytes += chunk.remaining();
            digest.update(chunk);
        }

        @Override
        public void onComplete() {
            String sha = HexFormat.of().formatHex(digest.digest());
            done.complete(sha);
            response.send(request.version() + " " + bytes + " " + sha + "\n");
        }

        @Override
        public void onError(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    /** Every request hashed, answered with version, length and SHA-256. */
    static RequestHandler hashing() {
        return (req, resp) -> {
            if (!req.hasBody()) {
                resp.send(req.version() + " 0 " + TestFiles.sha256(new byte[0]) + "\n");
                return null;
            }
            return new Hashing(req, resp, null);
        };
    }
}
