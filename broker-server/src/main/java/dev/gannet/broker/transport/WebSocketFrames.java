package dev.gannet.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.util.List;

/**
 * MQTT over WebSocket carries the MQTT byte stream in binary frames (MQTT 5 section 6): frames in,
 * bytes out to the MQTT decoder; bytes in from the MQTT encoder, binary frames out. A packet may
 * span frames and a frame may hold several packets; the framer downstream does not mind.
 */
final class WebSocketFrames {

    private WebSocketFrames() {
    }

    /** Binary and continuation frames become the bytes they carry; a text frame is a protocol error. */
    @ChannelHandler.Sharable
    static final class Unwrap extends MessageToMessageDecoder<WebSocketFrame> {
        static final Unwrap INSTANCE = new Unwrap();

        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
            if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
                out.add(frame.content().retain());
            } else {
                // MQTT-6.0.0-1: MQTT control packets are sent in binary frames only.
                ctx.close();
            }
        }
    }

    /** Bytes from the MQTT encoder go out as binary frames. */
    @ChannelHandler.Sharable
    static final class Wrap extends MessageToMessageEncoder<ByteBuf> {
        static final Wrap INSTANCE = new Wrap();

        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
            if (!bytes.isReadable()) {
                out.add(bytes.retain()); // the empty flush marker: nothing to frame
                return;
            }
            out.add(new BinaryWebSocketFrame(bytes.retain()));
        }
    }
}
