package dev.loopwork.spi;

/**
 * Readiness bits: what a {@link Registration} wants to hear about, and what {@link Ready#onReady}
 * reports (never bits outside the interest, except a promised fake READ: see {@link Registration}).
 *
 * <h2>Two bits, several OS events</h2>
 * READ stands for "data, end of stream, an error, or a pending accept"; WRITE for "room in the send
 * buffer, or a connect that has finished". A loop translates them into its poller's events; for a
 * JDK selector that is {@code OP_READ} (a connected socket) or {@code OP_ACCEPT} (a listener) for
 * READ, and {@code OP_CONNECT} while a connect is pending, {@code OP_WRITE} afterwards, for WRITE.
 * Getting the last one wrong is the classic bug of a hand-written selector loop: see
 * {@link Registration}, "Connecting sockets".
 */
public final class Interest {

    /** The socket can be read without blocking (data, end of stream, an error, or a pending accept). */
    public static final int READ = 1;

    /**
     * The socket can be written without blocking, or a connect has finished (successfully or not:
     * {@link NetSocket#finishConnect()} tells). A JDK-selector loop watches {@code OP_CONNECT} for it
     * until the connect has finished, then {@code OP_WRITE}.
     */
    public static final int WRITE = 1 << 2;

    /** Every valid bit. */
    public static final int ALL = READ | WRITE;

    private Interest() {
    }

    public static boolean isReadable(int ops) {
        return (ops & READ) != 0;
    }

    public static boolean isWritable(int ops) {
        return (ops & WRITE) != 0;
    }

    /**
     * Checks that {@code ops} holds only {@link #READ} and {@link #WRITE}.
     *
     * @throws IllegalArgumentException naming the stray bits
     */
    public static int require(int ops) {
        if ((ops & ~ALL) != 0) {
            throw new IllegalArgumentException("interest 0x" + Integer.toHexString(ops)
                    + " has bits other than READ (0x1) and WRITE (0x4)");
        }
        return ops;
    }

    public static String toString(int ops) {
        if (ops == 0) {
            return "NONE";
        }
        StringBuilder sb = new StringBuilder();
        if (isReadable(ops)) {
            sb.append("READ");
        }
        if (isWritable(ops)) {
            sb.append(sb.length() > 0 ? "|" : "").append("WRITE");
        }
        return sb.toString();
    }
}
