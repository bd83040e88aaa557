package dev.gannet.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts the byte stream into whole MQTT packets before Netty's MQTT decoder sees them.
 *
 * <ul>
 *   <li>An oversized packet is refused as soon as its fixed header arrives: Netty's decoder would
 *       buffer all of it first, so a client announcing 256 MB could make the broker hold 256 MB. A
 *       {@link PacketTooLargeEvent} is fired instead.</li>
 *   <li>Each complete packet passes {@link RawPacketChecks} (well-formed UTF-8, reserved bits, MQTT 5
 *       property rules), which need the raw bytes that Netty's decoder does not keep; a failure
 *       fires an {@link InvalidPacketEvent}.</li>
 * </ul>
 * After either event the rest of the stream is discarded: the connection is being closed. A
 * malformed remaining length is passed on for Netty's decoder to report.
 */
public final class MqttFrameDecoder extends ByteToMessageDecoder {

    private final int maxPacketSize;
    private final RawPacketChecks checks = new RawPacketChecks();
    private boolean discarding;

    public MqttFrameDecoder(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        long remainingLength = 0;
        int multiplier = 1;
        int headerLength = 1;
        while (true) {
            if (start + headerLength >= in.writerIndex()) {
                return; // the fixed header is not complete yet
            }
            int b = in.getUnsignedByte(start + headerLength);
            remainingLength += (long) (b & 0x7F) * multiplier;
            headerLength++;
            if ((b & 0x80) == 0) {
                break;
            }
            if (headerLength == 5) {
                // More than four length bytes: malformed. Netty's decoder says so.
                discarding = true;
                out.add(in.readRetainedSlice(in.readableBytes()));
                return;
            }
            multiplier *= 128;
        }
        long packetSize = headerLength + remainingLength;
        if (packetSize > maxPacketSize) {
            discarding = true;
            in.skipBytes(in.readableBytes());
            ctx.fireUserEventTriggered(new PacketTooLargeEvent(packetSize, maxPacketSize));
            return;
        }
        if (in.readableBytes() < packetSize) {
            return; // wait for the rest of the packet
        }
        ByteBuf frame = in.readRetainedSlice((int) packetSize);
        InvalidPacketEvent invalid = checks.check(frame);
        if (invalid != null) {
            frame.release();
            discarding = true;
            in.skipBytes(in.readableBytes());
            ctx.fireUserEventTriggered(invalid);
            return;
        }
        out.add(frame);
    }
}
