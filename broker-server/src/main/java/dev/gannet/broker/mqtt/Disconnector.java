package dev.gannet.broker.mqtt;

import dev.gannet.broker.metrics.BrokerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the broker ends a connection on its own initiative. Each exit writes one
 * line to an event logger operators can route apart from debug output, with client id and address.
 */
final class Disconnector {

    private static final Logger PROTOCOL_ERRORS = LoggerFactory.getLogger("gannet.event.protocol-error");
    private static final Logger CLOSED = LoggerFactory.getLogger("gannet.event.client-disconnected");

    private final BrokerMetrics metrics;

    Disconnector(BrokerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * The client broke the protocol (malformed or out-of-order packet): close the connection, as
     * MQTT 3.1.1 section 4.8 requires; its will is published.
     */
    void protocolError(Connection connection, String why) {
        metrics.protocolError();
        PROTOCOL_ERRORS.warn("Closing connection of client {} from {}: {}",
                connection.clientIdForLog(), connection.remoteAddress(), why);
        close(connection);
    }

    /** Closes for a reason that is not the client's protocol fault (keep-alive, takeover, timeout). */
    void close(Connection connection, String why) {
        CLOSED.info("Closing connection of client {} from {}: {}",
                connection.clientIdForLog(), connection.remoteAddress(), why);
        close(connection);
    }

    private void close(Connection connection) {
        if (connection.state() != Connection.State.CLOSED) {
            connection.closed();
        }
        // Flush first so that a CONNACK refusal written just before reaches the client.
        connection.channel().writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }
}
