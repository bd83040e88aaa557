package dev.gannet.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Rejects an oversized packet as soon as its fixed header arrives.
 *
 * <p>Netty's MQTT decoder buffers a whole packet before checking its size, so a client announcing
 * a 256 MB PUBLISH could make the broker buffer 256 MB. This handler follows packet boundaries in
 * the byte stream (one header byte, then the variable-length "remaining length"), passes the bytes
 * through untouched, and fires a {@link PacketTooLargeEvent} instead of the oversized packet.
 * Bytes of complete packets before it are still passed on.
 */
public final class PacketSizeGuard extends ChannelInboundHandlerAdapter {

    private final int maxPacketSize;

    /** Bytes of the current packet's body still to pass through. */
    private long bodyRemaining;
    /** Fixed-header parsing state, which may span reads. */
    private int headerBytes;
    private long remainingLength;
    private int multiplier = 1;
    private boolean rejected;

    public PacketSizeGuard(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (rejected) {
            in.release();
            return;
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        int index = start;
        while (index < end) {
            if (bodyRemaining > 0) {
                long step = Math.min(bodyRemaining, end - index);
                bodyRemaining -= step;
                index += (int) step;
                continue;
            }
            int packetStart = index - headerBytes;
            int b = in.getUnsignedByte(index++);
            headerBytes++;
            if (headerBytes == 1) {
                continue; // packet type and flags
            }
            remainingLength += (long) (b & 0x7F) * multiplier;
            multiplier *= 128;
            if ((b & 0x80) != 0) {
                if (headerBytes == 5) {
                    // Malformed remaining length: let the decoder report it; stop tracking.
                    ctx.fireChannelRead(in);
                    ctx.pipeline().remove(this);
                    return;
                }
                continue;
            }
            long packetSize = headerBytes + remainingLength;
            if (packetSize > maxPacketSize) {
                rejected = true;
                int passable = Math.max(0, packetStart - start);
                if (passable > 0) {
                    ctx.fireChannelRead(in.retainedSlice(start, passable));
                }
                in.release();
                ctx.fireUserEventTriggered(new PacketTooLargeEvent(packetSize, maxPacketSize));
                return;
            }
            bodyRemaining = remainingLength;
            headerBytes = 0;
            remainingLength = 0;
            multiplier = 1;
        }
        ctx.fireChannelRead(in);
    }
}
