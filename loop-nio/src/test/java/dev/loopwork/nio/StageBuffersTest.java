package dev.loopwork.nio;

import dev.loopwork.Connection;
import dev.loopwork.ConnectionHandler;
import dev.loopwork.ConnectionOptions;
import dev.loopwork.LoopGroup;
import dev.loopwork.Server;
import dev.loopwork.Stage;
import dev.loopwork.StageResult;
import dev.loopwork.StalledInputException;
import dev.loopwork.bootstrap.Loopwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The buffer in front of a stage holds the stage's input unit, whatever the read buffer size. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StageBuffersTest {

    static final int RECORD = 16 * 1024;

    /** Length-prefixed records decoded only whole, like TLS; declares its unit or not. */
    static final class FramingStage implements Stage {
        private final boolean declaresUnit;

        FramingStage(boolean declaresUnit) {
            this.declaresUnit = declaresUnit;
        }

        @Override
        public StageResult decode(ByteBuffer src, ByteBuffer dst) {
            int consumed = 0;
            int produced = 0;
            while (src.remaining() >= 4) {
                int len = src.getInt(src.position());
                if (src.remaining() < 4 + len) {
                    return StageResult.of(StageResult.Status.NEED_INPUT, consumed, produced);
                }
                if (dst.remaining() < len) {
                    return StageResult.of(StageResult.Status.NEED_SPACE, consumed, produced);
                }
                src.position(src.position() + 4);
                ByteBuffer body = src.slice(src.position(), len);
                dst.put(body);
                src.position(src.position() + len);
                consumed += 4 + len;
                produced += len;
            }
            return StageResult.of(StageResult.Status.NEED_INPUT, consumed, produced);
        }

        @Override
        public StageResult encode(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) {
            return StageResult.of(StageResult.Status.OK, 0, 0);
        }

        @Override
        public int decodeCapacity() {
            return RECORD;
        }

        @Override
        public int encodeCapacity() {
            return 1;
        }

        @Override
        public int inputUnitSize() {
            return declaresUnit ? RECORD + 4 : 1;
        }

        @Override
        public String toString() {
            return "FramingStage";
        }
    }

    private LoopGroup group;

    @BeforeEach
    void start() {
        group = Loopwork.group().transport("nio").loops(1)
                .options(ConnectionOptions.builder().readBufferSize(4096).build()).build();
    }

    @AfterEach
    void stop() throws Exception {
        group.shutdownGracefully(Duration.ofSeconds(5)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(0, group.buffers().outstanding(), group.buffers().leakReport());
    }

    private CompletableFuture<Object> sendRecords(boolean declaresUnit, int records) throws Exception {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        long[] received = new long[1];
        Server server = group.listen(new InetSocketAddress("127.0.0.1", 0), setup -> {
            setup.addStage(new FramingStage(declaresUnit));
            return new ConnectionHandler() {
                @Override
                public void onData(Connection c, ByteBuffer data) {
                    received[0] += data.remaining();
                    data.position(data.limit());
                }

                @Override
                public void onInputShutdown(Connection c) {
                    outcome.complete(received[0]);
                    c.close();
                }

                @Override
                public void onClosed(Connection c, Throwable cause) {
                    outcome.complete(cause);
                }
            };
        });
        try (Socket s = new Socket()) {
            s.connect(server.localAddress());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] body = new byte[RECORD];
            try {
                for (int i = 0; i < records; i++) {
                    out.writeInt(RECORD);
                    out.write(body);
                }
                s.shutdownOutput();
            } catch (java.io.IOException resetByServer) {
                // the failing case closes on us mid-send
            }
            outcome.get(20, TimeUnit.SECONDS);
        }
        return outcome;
    }

    @Test
    void aDeclaredInputUnitLargerThanTheReadBufferStillFits() throws Exception {
        Object result = sendRecords(true, 64).get();
        assertEquals((long) 64 * RECORD, result);
    }

    @Test
    void anUndeclaredUnitThatCannotFitFailsInsteadOfHanging() throws Exception {
        Object result = sendRecords(false, 4).get();
        assertInstanceOf(StalledInputException.class, result, String.valueOf(result));
        assertTrue(((Throwable) result).getMessage().contains("FramingStage needs more input than a full buffer"),
                ((Throwable) result).getMessage());
    }
}
