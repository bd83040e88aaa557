package dev.gannet.broker.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;

/**
 * Takes the client's address from the PROXY protocol header (v1 or v2) that Netty's decoder read
 * ahead of it, then leaves the pipeline. A LOCAL header (a balancer's own health check) keeps the
 * socket's address. A connection without a valid header fails in the decoder and is closed.
 */
final class ProxyProtocolAddress extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage header) {
            try {
                if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
                    // the same "ip:port" form as a socket peer, so the block list reads both alike
                    ctx.channel().attr(ClientAddress.FORWARDED).set(header.sourceAddress() + ":" + header.sourcePort());
                }
            } finally {
                header.release();
            }
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
