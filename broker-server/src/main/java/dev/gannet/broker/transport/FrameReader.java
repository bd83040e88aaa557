package dev.gannet.broker.transport;

import io.netty.buffer.ByteBuf;

/**
 * Reads a complete packet (or a part of one) from its start without moving the buffer's indices.
 * Reading past the end throws {@link IndexOutOfBoundsException}.
 */
final class FrameReader {

    private final ByteBuf buf;
    private int index;
    private final int end;

    FrameReader(ByteBuf buf) {
        this(buf, buf.readerIndex(), buf.writerIndex());
    }

    private FrameReader(ByteBuf buf, int index, int end) {
        this.buf = buf;
        this.index = index;
        this.end = end;
    }

    int u8() {
        if (index >= end) {
            throw new IndexOutOfBoundsException();
        }
        return buf.getUnsignedByte(index++);
    }

    int u16() {
        return (u8() << 8) | u8();
    }

    long u32() {
        return ((long) u16() << 16) | u16();
    }

    void skip(int n) {
        if (n < 0 || n > remaining()) {
            throw new IndexOutOfBoundsException();
        }
        index += n;
    }

    boolean hasMore() {
        return index < end;
    }

    int remaining() {
        return end - index;
    }

    /** A reader over the next {@code length} bytes, which this reader then skips. */
    FrameReader split(int length) {
        FrameReader part = new FrameReader(buf, index, index + length);
        skip(length);
        return part;
    }

    int variableByteInteger() {
        int value = 0;
        int multiplier = 1;
        for (int i = 0; i < 4; i++) {
            int b = u8();
            value += (b & 0x7F) * multiplier;
            if ((b & 0x80) == 0) {
                return value;
            }
            multiplier *= 128;
        }
        throw new IndexOutOfBoundsException();
    }

    /** Skips a length-prefixed string; null when it is well-formed UTF-8, else the problem. */
    String utf8(String what) {
        int length = u16();
        int start = index;
        skip(length);
        return Utf8Strict.isWellFormed(buf, start, length) ? null : "ill-formed UTF-8 in the " + what;
    }
}
