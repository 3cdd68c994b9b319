package dev.loopwork.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The buffers of {@link UploadFile}: a busy upload reuses them instead of allocating one per chunk
 * (the file rows of the benchmark allocated about as many bytes as they stored), an idle one holds
 * none, and the {@link BufferRecycler} keeps no more than its bound.
 */
class UploadFileBuffersTest {

    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    private final ExecutorService disk = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-disk"));
    private final Set<ByteBuffer> written = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final DiskIo recording = (channel, data, path) -> {
        written.add(data);
        DiskIo.DIRECT.write(channel, data, path);
    };

    @AfterEach
    void stopDisk() throws InterruptedException {
        disk.shutdownNow();
        assertTrue(disk.awaitTermination(10, TimeUnit.SECONDS), "the test's disk thread stopped");
    }

    @Test
    void aDiskThatKeepsUpSeesOneBufferNotOnePerChunk() throws Exception {
        BufferRecycler buffers = new BufferRecycler(FileUploadHandler.KEPT_BUFFER_BYTES);
        // Writes run inline: each ends before the next chunk is offered, the disk always keeps up.
        UploadFile file = UploadFile.create(dir, null, null, Runnable::run, recording, buffers);
        String expected = upload(file, 64, new Control());

        assertEquals(expected, file.sha256());
        assertEquals(64L * CHUNK, file.size());
        assertEquals(1, written.size(), "distinct buffers written for 64 chunks of 64 KiB: one per chunk means"
                + " a buffer allocated per chunk; " + buffers);
        assertEquals(1, buffers.allocated(), "buffers allocated: " + buffers);
    }

    @Test
    void aBusyFileWritesFromTwoBuffersAtMostAndGivesThemBackWhenClosed() throws Exception {
        BufferRecycler buffers = new BufferRecycler(FileUploadHandler.KEPT_BUFFER_BYTES);
        UploadFile file = UploadFile.create(dir, null, null, disk, recording, buffers);
        String expected = upload(file, 256, new Control());

        assertEquals(expected, file.sha256());
        assertTrue(written.size() <= 2, "distinct buffers written for 256 chunks: " + written.size()
                + " (a file has two at most, and reuses them)");
        assertTrue(buffers.allocated() <= 2, "buffers allocated: " + buffers);
        assertEquals(buffers.allocated() * CHUNK, buffers.keptBytes(), "every buffer is back once the file is closed: "
                + buffers + ", " + file);
    }

    @Test
    void theRecyclerRoundsToItsClassesAndKeepsNoMoreThanItsBound() {
        BufferRecycler buffers = new BufferRecycler(3 * BufferRecycler.CLASS);
        assertEquals(4096, BufferRecycler.classSize(1));
        assertEquals(8192, BufferRecycler.classSize(4097));
        assertEquals(UploadFile.BUFFER, BufferRecycler.classSize(UploadFile.BUFFER));
        assertThrows(IllegalArgumentException.class, () -> BufferRecycler.classSize(UploadFile.BUFFER + 1));

        ByteBuffer small = buffers.take(100);
        ByteBuffer large = buffers.take(2 * BufferRecycler.CLASS);
        assertEquals(BufferRecycler.CLASS, small.capacity());
        assertEquals(2 * BufferRecycler.CLASS, large.capacity());
        small.put((byte) 1);
        buffers.give(small);
        buffers.give(large);
        buffers.give(ByteBuffer.allocate(BufferRecycler.CLASS)); // over the bound: dropped
        buffers.give(ByteBuffer.allocate(1000)); // not a class size: dropped
        assertEquals(3L * BufferRecycler.CLASS, buffers.keptBytes());

        ByteBuffer again = buffers.take(10);
        assertEquals(0, again.position(), "a kept buffer comes back cleared");
        assertEquals(BufferRecycler.CLASS, again.remaining());
        assertEquals(2, buffers.allocated());
        assertEquals(2L * BufferRecycler.CLASS, buffers.keptBytes());
    }

    /** Offers {@code chunks} random chunks, waiting out every pause, then finishes; the SHA-256 offered. */
    private String upload(UploadFile file, int chunks, Control control) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(7);
        byte[] bytes = new byte[CHUNK];
        for (int i = 0; i < chunks; i++) {
            random.nextBytes(bytes);
            sha.update(bytes);
            ByteBuffer chunk = ByteBuffer.wrap(bytes);
            while (chunk.hasRemaining()) {
                file.offer(chunk, control);
                control.awaitResumed();
            }
        }
        CompletableFuture<IOException> done = new CompletableFuture<>();
        file.finish(done::complete);
        assertNull(done.get(10, TimeUnit.SECONDS), "the disk error, if any");
        return HexFormat.of().formatHex(sha.digest());
    }

    /** A body's control as the HTTP layer gives it: the file pauses it, the end of a write resumes it. */
    private static final class Control implements BodyControl {
        private final Semaphore resumed = new Semaphore(0);
        private volatile boolean paused;

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            if (paused) {
                paused = false;
                resumed.release();
            }
        }

        /** Returns at once unless paused; then waits for the resume. */
        void awaitResumed() throws InterruptedException {
            if (paused && !resumed.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the file paused the body and no write resumed it");
            }
            resumed.drainPermits();
        }

        @Override
        public boolean isPaused() {
            return paused;
        }

        @Override
        public long bytesReceived() {
            return 0;
        }

        @Override
        public long contentLength() {
            return -1;
        }
    }
}
