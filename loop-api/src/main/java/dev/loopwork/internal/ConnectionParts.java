package dev.loopwork.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.loopwork.BufferPool;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionInitializer;
import dev.loopwork.ConnectionOptions;
import dev.loopwork.Stage;
import dev.loopwork.spi.NetSocket;

/**
 * What a connection is made of once its initializer has run: the handler, the stages, and the two
 * sides that move bytes through them. Built in one step, released in one step.
 */
final class ConnectionParts {

    private static final Logger log = LoggerFactory.getLogger(ConnectionParts.class);

    final ConnectionHandler handler;
    final Stage[] stages;
    final Inbound in;
    final Outbound out;

    private ConnectionParts(ConnectionHandler handler, Stage[] stages, Inbound in, Outbound out) {
        this.handler = handler;
        this.stages = stages;
        this.in = in;
        this.out = out;
    }

    /**
     * Runs {@code initializer} and builds the parts around what it returned.
     *
     * @throws IllegalStateException if the initializer returned no handler; whatever it threw
     */
    static ConnectionParts build(ConnectionInitializer initializer, RealSetup setup, Inbound.Owner owner,
                                 NetSocket socket, BufferPool pool, ConnectionOptions options) throws Exception {
        ConnectionHandler handler = initializer.initialize(setup);
        if (handler == null) {
            throw new IllegalStateException("the ConnectionInitializer returned no handler");
        }
        Stage[] stages = setup.stages();
        Inbound in = new Inbound(owner, socket, stages, pool, options.readBufferSize());
        Outbound out = new Outbound(socket, stages, pool, options.lowWatermark(), options.highWatermark());
        return new ConnectionParts(handler, stages, in, out);
    }

    void startStages(RealStageContext context) throws Exception {
        for (Stage stage : stages) {
            stage.start(context);
        }
    }

    /** Gives back every buffer and releases every stage; later writes fail naming {@code reason}. */
    void release(Object who, String reason) {
        in.releaseAll();
        out.releaseAll(reason);
        for (Stage s : stages) {
            try {
                s.release();
            } catch (RuntimeException e) {
                log.warn("{}: stage {} failed to release", who, s, e);
            }
        }
    }

    /** Whether some stage still needs input to finish its own work (a handshake). */
    boolean stageNeedsDecode() {
        for (Stage s : stages) {
            if (s.needsDecode()) {
                return true;
            }
        }
        return false;
    }

    boolean stagesEstablished() {
        for (Stage s : stages) {
            if (!s.isEstablished()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return in + ", " + out;
    }
}
