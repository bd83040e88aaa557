package dev.gannet.broker.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The address of the client behind a connection, as "ip:port". Normally the socket's peer; behind a
 * load balancer that speaks the PROXY protocol, or a WebSocket proxy trusted for X-Forwarded-For,
 * the address that proxy reports. Logs, the block list and the client details all use this.
 */
public final class ClientAddress {

    /** Set when a trusted proxy named the client; read in preference to the socket's peer. */
    static final AttributeKey<String> FORWARDED = AttributeKey.valueOf("gannet.forwardedClientAddress");

    private ClientAddress() {
    }

    public static String of(Channel channel) {
        String forwarded = channel.attr(FORWARDED).get();
        return forwarded != null ? forwarded : describe(channel.remoteAddress());
    }

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() == null ? inet.getHostString() + ":" + inet.getPort()
                    : inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
