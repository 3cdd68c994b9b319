package dev.loopwork.kqueue;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ABI values in {@link KQueueConstants} equal Netty's package-private ones (read from the C headers by
 * its native library). Needs the library, so it runs only where kqueue is available.
 */
class KQueueConstantsTest {

    @Test
    void constantsMatchNettysNativeValues() throws Exception {
        KQueueAssumptions.requireKQueue();
        Class<?> nativeClass = Class.forName("io.netty.channel.kqueue.Native");
        assertEquals(KQueueConstants.EVFILT_READ, nettyShort(nativeClass, "EVFILT_READ"));
        assertEquals(KQueueConstants.EVFILT_WRITE, nettyShort(nativeClass, "EVFILT_WRITE"));
        assertEquals(KQueueConstants.EV_ADD, nettyShort(nativeClass, "EV_ADD"));
        assertEquals(KQueueConstants.EV_DELETE, nettyShort(nativeClass, "EV_DELETE"));
        assertEquals(KQueueConstants.EV_ENABLE, nettyShort(nativeClass, "EV_ENABLE"));
        assertEquals(KQueueConstants.EV_DISABLE, nettyShort(nativeClass, "EV_DISABLE"));
    }

    private static short nettyShort(Class<?> c, String name) throws ReflectiveOperationException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true); // package-private in Netty; the tests run on the class path
        return f.getShort(null);
    }
}
