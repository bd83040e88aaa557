package dev.gannet.broker.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;

import java.util.List;

/**
 * Closes a connection at once when its first bytes are not a PROXY protocol signature: a client
 * that reached the broker around the load balancer. (The decoder alone would take an MQTT packet
 * for a v1 header still arriving and wait.) Once a signature is seen it steps aside.
 */
final class ProxyProtocolGuard extends ByteToMessageDecoder {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProxyProtocolGuard.class);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ProtocolDetectionState state = HAProxyMessageDecoder.detectProtocol(in).state();
        if (state == ProtocolDetectionState.INVALID) {
            LOG.info("Closed a connection from {} that sent no PROXY protocol header (mqtt.proxy-protocol is on)",
                    ClientAddress.of(ctx.channel()));
            in.skipBytes(in.readableBytes());
            ctx.close();
        } else if (state == ProtocolDetectionState.DETECTED) {
            ctx.pipeline().remove(this); // the buffered bytes go on to the decoder
        }
    }
}
