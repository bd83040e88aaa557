package dev.gannet.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * The header every benchmark payload starts with: send time ({@link System#nanoTime()}, the same
 * clock in every process on the machine), publisher index and sequence number. The rest of the
 * payload is zeros up to the configured size.
 */
public final class Payload {

    /** Bytes of the header: 8 (time) + 4 (publisher) + 8 (sequence). */
    public static final int HEADER_BYTES = 20;

    private Payload() {
    }

    public static void write(ByteBuf out, int size, long sendNanos, int publisher, long sequence) {
        out.writeLong(sendNanos);
        out.writeInt(publisher);
        out.writeLong(sequence);
        out.writeZero(size - HEADER_BYTES);
    }

    public static long sendNanos(ByteBuf payload) {
        return payload.getLong(payload.readerIndex());
    }

    public static int publisher(ByteBuf payload) {
        return payload.getInt(payload.readerIndex() + 8);
    }

    public static long sequence(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + 12);
    }
}
