package dev.loopwork.iouring;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Adds io_uring instances to the kit's leak check: the kit counts sockets, pipes, epoll and eventfd
 * descriptors, not {@code anon_inode:[io_uring]}. Runs after the kit's own {@code @AfterEach}
 * (extensions' after-each callbacks come last), so the case's loops have been shut down by then.
 */
final class RingDescriptorCheck implements BeforeEachCallback, AfterEachCallback {

    private static final Path PROC_FDS = Paths.get("/proc/self/fd");
    private int before;

    /** Open io_uring instances of this process. */
    static int rings() {
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC_FDS)) {
            for (Path p : dir) {
                try {
                    if (Files.readSymbolicLink(p).toString().equals("anon_inode:[io_uring]")) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list " + PROC_FDS, e);
        }
        return n;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        before = rings();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Awaitility.await("io_uring instances closed").atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertEquals(before, rings(), "io_uring descriptors before vs after the case"));
    }
}
