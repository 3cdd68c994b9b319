package dev.loopwork.tck;

import dev.loopwork.Stage;
import dev.loopwork.StageContext;
import dev.loopwork.StageResult;
import io.netty.util.ReferenceCounted;

import javax.net.ssl.SSLEngine;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Stage} that forwards every call to a TLS stage and counts {@code start} and
 * {@code release}, so that the kit can check after a case that the core released every stage it
 * was given exactly once, and that the stage freed its engine.
 *
 * <h2>Engines</h2>
 * The OpenSSL engine holds native memory that is freed by a reference count, not by the garbage
 * collector. Where the stage shows its engine (the tls module's stage has a public {@code engine()}
 * for diagnostics, found by reflection so the kit needs no internal type), a reference-counted
 * engine must be at count 0 once the stage is released. Where it does not, only the release count
 * is checked (and the buffers and descriptors, as after every case).
 */
final class TrackedStage implements Stage {

    private final Stage delegate;
    private final String role;
    private final SSLEngine engine;
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger releases = new AtomicInteger();

    TrackedStage(Stage delegate, String role) {
        this.delegate = delegate;
        this.role = role;
        this.engine = engineOf(delegate).orElse(null);
    }

    private static Optional<SSLEngine> engineOf(Stage stage) {
        try {
            Method m = stage.getClass().getMethod("engine");
            if (SSLEngine.class.isAssignableFrom(m.getReturnType())) {
                return Optional.ofNullable((SSLEngine) m.invoke(stage));
            }
        } catch (ReflectiveOperationException | RuntimeException notShown) {
            // No engine to look at (or not accessible on the module path): release count only.
        }
        return Optional.empty();
    }

    /** Whether the stage showed its engine, so that its release can be checked too. */
    boolean enginePresent() {
        return engine != null;
    }

    /** The problem with this stage's lifecycle right now, or {@code null} once it was released once and freed. */
    String problem() {
        int r = releases.get();
        if (r == 0) {
            return role + " TLS stage never released by the core (started " + starts + " times): " + delegate;
        }
        if (r > 1) {
            return role + " TLS stage released " + r + " times (exactly once expected): " + delegate;
        }
        if (r == 1 && engine instanceof ReferenceCounted && ((ReferenceCounted) engine).refCnt() != 0) {
            return role + " TLS stage released, but its OpenSSL engine still has reference count "
                    + ((ReferenceCounted) engine).refCnt() + " (native memory not freed): " + delegate;
        }
        return null;
    }

    @Override
    public void start(StageContext context) throws IOException {
        starts.incrementAndGet();
        delegate.start(context);
    }

    @Override
    public StageResult decode(ByteBuffer src, ByteBuffer dst) throws IOException {
        return delegate.decode(src, dst);
    }

    @Override
    public StageResult encode(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws IOException {
        return delegate.encode(srcs, offset, length, dst);
    }

    @Override
    public int decodeCapacity() {
        return delegate.decodeCapacity();
    }

    @Override
    public int encodeCapacity() {
        return delegate.encodeCapacity();
    }

    @Override
    public boolean needsEncode() {
        return delegate.needsEncode();
    }

    @Override
    public boolean needsDecode() {
        return delegate.needsDecode();
    }

    @Override
    public boolean isEstablished() {
        return delegate.isEstablished();
    }

    @Override
    public void closeOutbound() {
        delegate.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return delegate.isOutboundDone();
    }

    @Override
    public boolean isInboundDone() {
        return delegate.isInboundDone();
    }

    @Override
    public void endOfInput() throws IOException {
        delegate.endOfInput();
    }

    @Override
    public void release() {
        releases.incrementAndGet();
        delegate.release();
    }

    @Override
    public String toString() {
        return "Tracked{" + role + ", starts=" + starts + ", releases=" + releases + ", " + delegate + '}';
    }
}
