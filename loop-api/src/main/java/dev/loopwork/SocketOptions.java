package dev.loopwork;

import java.util.Objects;

/**
 * Operating-system socket options for servers and clients. Immutable; build with
 * {@link #builder()}. Zero for a buffer size means "the OS default".
 */
public final class SocketOptions {

    private static final SocketOptions DEFAULTS = builder().build();

    private final boolean tcpNoDelay;
    private final boolean keepAlive;
    private final boolean reuseAddress;
    private final boolean reusePort;
    private final int receiveBufferSize;
    private final int sendBufferSize;
    private final int backlog;

    private SocketOptions(Builder b) {
        this.tcpNoDelay = b.tcpNoDelay;
        this.keepAlive = b.keepAlive;
        this.reuseAddress = b.reuseAddress;
        this.reusePort = b.reusePort;
        this.receiveBufferSize = b.receiveBufferSize;
        this.sendBufferSize = b.sendBufferSize;
        this.backlog = b.backlog;
    }

    /** TCP_NODELAY on, SO_REUSEADDR on, OS buffer sizes, backlog 1024. */
    public static SocketOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.tcpNoDelay = tcpNoDelay;
        b.keepAlive = keepAlive;
        b.reuseAddress = reuseAddress;
        b.reusePort = reusePort;
        b.receiveBufferSize = receiveBufferSize;
        b.sendBufferSize = sendBufferSize;
        b.backlog = backlog;
        return b;
    }

    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    public boolean reuseAddress() {
        return reuseAddress;
    }

    /** SO_REUSEPORT: where the transport supports it, each loop may get its own listener. */
    public boolean reusePort() {
        return reusePort;
    }

    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    public int sendBufferSize() {
        return sendBufferSize;
    }

    public int backlog() {
        return backlog;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SocketOptions)) {
            return false;
        }
        SocketOptions s = (SocketOptions) o;
        return tcpNoDelay == s.tcpNoDelay && keepAlive == s.keepAlive && reuseAddress == s.reuseAddress
                && reusePort == s.reusePort && receiveBufferSize == s.receiveBufferSize
                && sendBufferSize == s.sendBufferSize && backlog == s.backlog;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tcpNoDelay, keepAlive, reuseAddress, reusePort, receiveBufferSize, sendBufferSize, backlog);
    }

    @Override
    public String toString() {
        return "SocketOptions{tcpNoDelay=" + tcpNoDelay + ", keepAlive=" + keepAlive + ", reuseAddress=" + reuseAddress
                + ", reusePort=" + reusePort + ", rcvbuf=" + receiveBufferSize + ", sndbuf=" + sendBufferSize
                + ", backlog=" + backlog + '}';
    }

    /** Builder; each setter checks its argument and names it when it is wrong. */
    public static final class Builder {
        private boolean tcpNoDelay = true;
        private boolean keepAlive;
        private boolean reuseAddress = true;
        private boolean reusePort;
        private int receiveBufferSize;
        private int sendBufferSize;
        private int backlog = 1024;

        private Builder() {
        }

        public Builder tcpNoDelay(boolean on) {
            this.tcpNoDelay = on;
            return this;
        }

        public Builder keepAlive(boolean on) {
            this.keepAlive = on;
            return this;
        }

        public Builder reuseAddress(boolean on) {
            this.reuseAddress = on;
            return this;
        }

        public Builder reusePort(boolean on) {
            this.reusePort = on;
            return this;
        }

        public Builder receiveBufferSize(int bytes) {
            this.receiveBufferSize = requireNonNegative("receiveBufferSize", bytes);
            return this;
        }

        public Builder sendBufferSize(int bytes) {
            this.sendBufferSize = requireNonNegative("sendBufferSize", bytes);
            return this;
        }

        public Builder backlog(int connections) {
            if (connections <= 0) {
                throw new IllegalArgumentException("backlog must be positive, was " + connections);
            }
            this.backlog = connections;
            return this;
        }

        public SocketOptions build() {
            return new SocketOptions(this);
        }

        private static int requireNonNegative(String name, int value) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must be >= 0 (0 = OS default), was " + value);
            }
            return value;
        }
    }
}
