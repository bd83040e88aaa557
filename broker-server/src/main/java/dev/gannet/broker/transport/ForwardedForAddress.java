package dev.gannet.broker.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.NetUtil;

/**
 * Behind a trusted WebSocket proxy, takes the client's address from the handshake's X-Forwarded-For
 * header. The last entry is used: it is the one the proxy itself appended, while earlier entries
 * come from the client and could be forged. The header carries no port, so the address gets port 0.
 */
@ChannelHandler.Sharable
final class ForwardedForAddress extends ChannelInboundHandlerAdapter {

    static final ForwardedForAddress INSTANCE = new ForwardedForAddress();

    private ForwardedForAddress() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            String header = handshake.requestHeaders().get("X-Forwarded-For");
            if (header != null) {
                String[] hops = header.split(",");
                // only an IP literal counts ("unknown" or an obfuscated name does not), written as socket peers are
                java.net.InetAddress client = NetUtil.createInetAddressFromIpAddressString(hops[hops.length - 1].trim());
                if (client != null) {
                    ctx.channel().attr(ClientAddress.FORWARDED).set(client.getHostAddress() + ":0");
                }
            }
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, event);
    }
}
