package dev.loopwork.tck;

import dev.loopwork.Cancellable;
import dev.loopwork.nio.NioLoopProvider;
import dev.loopwork.spi.Interest;
import dev.loopwork.spi.LoopOps;
import dev.loopwork.spi.LoopProvider;
import dev.loopwork.spi.Pollable;
import dev.loopwork.spi.Ready;
import dev.loopwork.spi.Registration;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * NIO loops changed in one way each, the ways the issue tracker and outside integrators met: legal
 * ones (spurious readiness, coarse timers) the kit must pass, and broken ones (the connect trap,
 * early timers, a fake promised and never delivered) it must fail with a message naming the rule.
 * Each keeps NIO's {@code fakePollIn} unless said otherwise.
 */
final class MisbehavingLoops {

    private MisbehavingLoops() {
    }

    /**
     * Legal: besides its real readiness, the loop reports readiness that is not there, always within
     * the interest. With probability {@code rate} a real callback gets the other interest bit added,
     * and every millisecond each registration gets a callback with some of its interest bits.
     */
    static LoopProvider spurious(double rate) {
        long seed = 0x5eed;
        return new ForwardingProvider("nio-spurious-" + Math.round(rate * 100), new NioLoopProvider(),
                ops -> new Spurious(ops, rate, new SplittableRandom(seed)));
    }

    /** Legal: timers fire at the next {@code tickMillis} boundary after their deadline, never before. */
    static LoopProvider coarseTimers(int tickMillis) {
        return new ForwardingProvider("nio-ticks-" + tickMillis + "ms", new NioLoopProvider(), ops -> new WithFakes(ops) {
            @Override
            public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
                if (delay < 0) {
                    return delegate.schedule(task, delay, unit);
                }
                long tick = TimeUnit.MILLISECONDS.toNanos(tickMillis);
                long now = System.nanoTime();
                long due = now + unit.toNanos(delay);
                long boundary = Math.floorDiv(due, tick) * tick + tick; // strictly after the deadline
                return delegate.schedule(task, boundary - now, TimeUnit.NANOSECONDS);
            }
        });
    }

    /** Broken: timers fire after half their delay. */
    static LoopProvider earlyTimers() {
        return new ForwardingProvider("nio-early-timers", new NioLoopProvider(), ops -> new WithFakes(ops) {
            @Override
            public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
                return delegate.schedule(task, delay < 0 ? delay : delay / 2, unit);
            }
        });
    }

    /**
     * Broken: the connect trap. A loop that maps WRITE to {@code OP_WRITE} only hears nothing while a
     * connect is pending (the JDK never reports {@code OP_WRITE} then); here NIO's correct loop is
     * made to drop WRITE for a socket whose connect is pending, which is what that loop sees.
     * With {@code spuriousRate > 0} it also reports spurious readiness, which then finishes the
     * connects by chance.
     */
    static LoopProvider connectBug(double spuriousRate) {
        return new ForwardingProvider("nio-connect-bug-" + Math.round(spuriousRate * 100), new NioLoopProvider(),
                ops -> {
                    LoopOps bug = new WithFakes(ops) {
                        @Override
                        public Registration register(Pollable pollable, int interest, Ready ready) {
                            SocketChannel ch = pollable.unwrap(SocketChannel.class);
                            return delegate.register(pollable, interest, (r, readyOps) -> {
                                int ops2 = ch != null && ch.isConnectionPending() ? readyOps & ~Interest.WRITE : readyOps;
                                if (ops2 != 0) {
                                    ready.onReady(r, ops2);
                                }
                            });
                        }
                    };
                    return spuriousRate > 0 ? new Spurious(bug, spuriousRate, new SplittableRandom(7)) : bug;
                });
    }

    /** Broken: {@code fakePollIn} answers true and never delivers. */
    static LoopProvider fakeNeverDelivered() {
        return new ForwardingProvider("nio-fake-never-delivered", new NioLoopProvider(), ops -> new ForwardingProvider.Ops(ops) {
            @Override
            public boolean fakePollIn(Registration registration) {
                return true;
            }
        });
    }

    /** Forwards {@code fakePollIn} too, so that the NIO loop's hook stays in use. */
    static class WithFakes extends ForwardingProvider.Ops {
        WithFakes(LoopOps delegate) {
            super(delegate);
        }

        @Override
        public boolean fakePollIn(Registration registration) {
            return delegate.fakePollIn(registration);
        }
    }

    /** Adds spurious readiness within the interest; see {@link #spurious(double)}. Loop thread state only. */
    static final class Spurious extends WithFakes {
        private final double rate;
        private final SplittableRandom random;
        private final List<Registration> regs = new ArrayList<>();
        private final List<Ready> readies = new ArrayList<>();
        private boolean ticking;

        Spurious(LoopOps delegate, double rate, SplittableRandom random) {
            super(delegate);
            this.rate = rate;
            this.random = random;
        }

        @Override
        public Registration register(Pollable pollable, int interest, Ready ready) {
            Ready noisy = (r, ops) -> ready.onReady(r, ops | extra(r));
            Registration reg = delegate.register(pollable, interest, noisy);
            regs.add(reg);
            readies.add(ready);
            if (!ticking) {
                ticking = true;
                next(); // not tick(): register runs inside a callback, and callbacks never nest
            }
            return reg;
        }

        /** Another interest bit, with probability {@code rate}. */
        private int extra(Registration r) {
            int interest = r.isValid() ? r.interest() : 0;
            return interest != 0 && random.nextDouble() < rate ? interest & (random.nextBoolean() ? Interest.READ
                    : Interest.WRITE) : 0;
        }

        private void tick() {
            for (int i = 0; i < regs.size(); i++) {
                Registration r = regs.get(i);
                if (!r.isValid()) {
                    regs.remove(i);
                    readies.remove(i);
                    i--;
                    continue;
                }
                int bits = extra(r);
                if (bits != 0) {
                    try {
                        readies.get(i).onReady(r, bits);
                    } catch (RuntimeException e) {
                        // As a loop would: log and go on; the core's callbacks do not throw.
                    }
                }
            }
            next();
        }

        private void next() {
            try {
                delegate.schedule(this::tick, 1, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                ticking = false; // shut down
            }
        }
    }
}
