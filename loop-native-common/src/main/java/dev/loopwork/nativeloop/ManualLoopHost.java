package dev.loopwork.nativeloop;

/**
 * Where a manual provider puts the loops it makes: the application decides which of its threads runs
 * each {@link ManualLoop}.
 *
 * <pre>{@code
 * List<ManualLoop> mine = new CopyOnWriteArrayList<>();
 * LoopGroup group = Loopwork.group().provider(new EpollManualLoopProvider(mine::add)).loops(1).build();
 * while (running) {                 // the application's own thread, e.g. a frame loop
 *     for (ManualLoop loop : mine) {
 *         loop.run(Duration.ofMillis(1));
 *     }
 *     doOtherWork();
 * }
 * group.shutdownGracefully(Duration.ofSeconds(5));
 * while (!mine.stream().allMatch(ManualLoop::isTerminated)) { for (ManualLoop l : mine) l.runNow(); }
 * }</pre>
 *
 * <h2>Contract</h2>
 * {@link #host} is called once per loop, on the thread that builds the group, before the group uses
 * the loop. It must not block and must not run the loop itself on that thread; it arranges for a
 * thread to run it until {@link ManualLoop#isTerminated()}. A host that throws fails the group's build.
 */
@FunctionalInterface
public interface ManualLoopHost {

    /** Takes charge of running {@code loop}. */
    void host(ManualLoop loop);

    /**
     * The host a manual provider uses when the application names none (for example when it is picked
     * by {@code loopwork.transport=epoll-manual}): one plain, non-daemon thread per loop, named after
     * it, that calls {@link ManualLoop#runUntilTerminated()} and then ends. It proves that the same
     * loop runs unchanged on a thread that is not Netty's.
     */
    static ManualLoopHost dedicatedThreads() {
        return DedicatedThreads.INSTANCE;
    }
}
