package dev.loopwork.modulepath;

import dev.loopwork.spi.LoopProvider;
import dev.loopwork.tck.LoopTck;

import java.util.ServiceLoader;

/**
 * The whole kit on nio, run by {@link ModulePathMain} in a JVM where Loopwork's modules are on the
 * module path: the provider is found the way an application on the module path finds it, through
 * the {@code provides} clause of {@code dev.loopwork.nio}'s module descriptor.
 */
public class ModulePathNioTck extends LoopTck {

    @Override
    protected LoopProvider provider() {
        for (LoopProvider p : ServiceLoader.load(LoopProvider.class)) {
            if (p.name().equals("nio")) {
                return p;
            }
        }
        throw new AssertionError("no 'nio' provider found through ServiceLoader on the module path");
    }
}
