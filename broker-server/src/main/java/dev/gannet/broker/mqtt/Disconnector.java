package dev.gannet.broker.mqtt;

import dev.gannet.broker.metrics.BrokerMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the broker ends a connection on its own initiative. An MQTT 5 client is sent
 * a DISCONNECT with the reason code and a reason string; an MQTT 3.1.1 connection is simply closed,
 * as that version requires. Each exit writes one line to an event logger that operators can route
 * apart from debug output, with the client id and address.
 */
final class Disconnector {

    private static final Logger PROTOCOL_ERRORS = LoggerFactory.getLogger("gannet.event.protocol-error");
    private static final Logger CLOSED = LoggerFactory.getLogger("gannet.event.client-disconnected");

    private final BrokerMetrics metrics;

    Disconnector(BrokerMetrics metrics) {
        this.metrics = metrics;
    }

    /** The client broke the protocol: MQTT 3.1.1 section 4.8, MQTT 5 section 4.13. Its will is published. */
    void protocolError(Connection connection, MqttReasonCodes.Disconnect reason, String why) {
        metrics.protocolError();
        PROTOCOL_ERRORS.warn("Closing connection of client {} from {}: {} ({})",
                connection.clientIdForLog(), connection.remoteAddress(), why, reason);
        close(connection, reason, why);
    }

    /** Closes for a reason that is not a protocol fault of the client (keep-alive, takeover, shutdown). */
    void disconnect(Connection connection, MqttReasonCodes.Disconnect reason, String why) {
        CLOSED.info("Closing connection of client {} from {}: {}",
                connection.clientIdForLog(), connection.remoteAddress(), why);
        close(connection, reason, why);
    }

    /** Closes without a DISCONNECT packet: for a CONNECT refused with CONNACK, or a connection that never connected. */
    void closeQuietly(Connection connection, String why) {
        CLOSED.info("Closing connection of client {} from {}: {}",
                connection.clientIdForLog(), connection.remoteAddress(), why);
        close(connection, null, null);
    }

    private void close(Connection connection, MqttReasonCodes.Disconnect reason, String why) {
        boolean sendDisconnect = reason != null && connection.isMqtt5()
                && connection.state() != Connection.State.AWAITING_CONNECT
                && connection.state() != Connection.State.CLOSED;
        connection.closed();
        if (sendDisconnect) {
            connection.write(Packets.disconnect(reason.byteValue(), why));
        }
        // Flush first so that a refusal or DISCONNECT written just before reaches the client.
        connection.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
