package dev.loopwork.tck;

import dev.loopwork.BufferPool;
import dev.loopwork.Connection;
import dev.loopwork.StageContext;
import dev.loopwork.StageResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordStageTest {

    private RecordStage stage;

    /** A context without a connection: the stage then skips its loop-thread check. */
    private static final StageContext NO_CONNECTION = new StageContext() {
        @Override
        public Connection connection() {
            return null;
        }

        @Override
        public boolean isClient() {
            return false;
        }

        @Override
        public BufferPool buffers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void requestDrive() {
        }

        @Override
        public void fail(Throwable cause) {
            throw new AssertionError(cause);
        }
    };

    @BeforeEach
    void start() {
        stage = new RecordStage();
        stage.start(NO_CONNECTION);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Payload(seed, n).next(b, 0, n);
        return b;
    }

    private static ByteBuffer framed(byte[]... records) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        for (byte[] r : records) {
            RecordStage.writeRecord(out, r, 0, r.length);
        }
        return ByteBuffer.wrap(bos.toByteArray());
    }

    @Test
    void decodesWholeRecordsAndLeavesAPartialOneInTheSource() throws IOException {
        byte[] a = bytes(100, 1);
        byte[] b = bytes(RecordStage.MAX_RECORD, 2);
        ByteBuffer wire = framed(a, b);
        ByteBuffer src = wire.duplicate().limit(wire.limit() - 10); // b is cut short
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);

        StageResult r = stage.decode(src, dst);
        assertEquals(StageResult.Status.NEED_INPUT, r.status());
        assertEquals(RecordStage.HEADER + a.length, r.consumed());
        assertEquals(a.length, r.produced());
        assertEquals(RecordStage.HEADER + a.length, src.position(), "the partial record stays in the source");
        assertEquals(1, stage.partialHolds());

        src.limit(wire.limit()); // the rest arrives
        r = stage.decode(src, dst);
        assertEquals(StageResult.Status.OK, r.status());
        assertEquals(b.length, r.produced());
        dst.flip();
        byte[] out = new byte[dst.remaining()];
        dst.get(out);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(a);
        expected.writeBytes(b);
        assertArrayEquals(expected.toByteArray(), out);
        assertTrue(stage.violations().isEmpty(), stage.violations().toString());
    }

    @Test
    void asksForSpaceWhenTheNextRecordDoesNotFit() throws IOException {
        ByteBuffer src = framed(bytes(10, 3), bytes(500, 4));
        ByteBuffer dst = ByteBuffer.allocate(100);
        StageResult r = stage.decode(src, dst);
        assertEquals(StageResult.Status.NEED_SPACE, r.status());
        assertEquals(10, r.produced());
        assertEquals(14, src.position());
    }

    @Test
    void rejectsALengthOutOfRange() {
        ByteBuffer src = ByteBuffer.allocate(8).putInt(RecordStage.MAX_RECORD + 1).putInt(0).flip();
        IOException e = assertThrows(IOException.class, () -> stage.decode(src, ByteBuffer.allocate(64 * 1024)));
        assertTrue(e.getMessage().contains(String.valueOf(RecordStage.MAX_RECORD + 1)), e.getMessage());
    }

    @Test
    void encodesAcrossSourcesIntoBoundedRecordsThatDecodeBack() throws IOException {
        byte[] a = bytes(20_000, 5);
        byte[] b = bytes(7, 6);
        ByteBuffer[] srcs = {ByteBuffer.allocate(0), ByteBuffer.wrap(a), ByteBuffer.wrap(b)};
        ByteBuffer wire = ByteBuffer.allocate(64 * 1024);
        StageResult r = stage.encode(srcs, 0, srcs.length, wire);
        assertEquals(StageResult.Status.OK, r.status());
        assertEquals(a.length + b.length, r.consumed());
        assertEquals(2, stage.recordsEncoded(), "20,007 bytes make one full record and one short one");

        wire.flip();
        ByteBuffer plain = ByteBuffer.allocate(64 * 1024);
        stage.decode(wire, plain);
        plain.flip();
        byte[] out = new byte[plain.remaining()];
        plain.get(out);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(a);
        expected.writeBytes(b);
        assertArrayEquals(expected.toByteArray(), out);
    }

    @Test
    void encodeStopsWhenTheDestinationIsFull() {
        ByteBuffer[] srcs = {ByteBuffer.wrap(bytes(100, 7))};
        ByteBuffer dst = ByteBuffer.allocate(RecordStage.HEADER + 40);
        StageResult r = stage.encode(srcs, 0, 1, dst);
        assertEquals(40, r.consumed());
        r = stage.encode(srcs, 0, 1, dst);
        assertEquals(StageResult.Status.NEED_SPACE, r.status());
        assertEquals(0, r.consumed());
    }

    @Test
    void reportsContractBreaches() throws IOException {
        RecordStage unstarted = new RecordStage();
        unstarted.decode(ByteBuffer.allocate(0), ByteBuffer.allocate(16));
        unstarted.release();
        unstarted.release();
        assertEquals(2, unstarted.violations().size(), unstarted.violations().toString());
    }
}
