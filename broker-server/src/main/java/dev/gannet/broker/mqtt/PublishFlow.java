package dev.gannet.broker.mqtt;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.session.Session;
import dev.gannet.model.topic.TopicName;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound PUBLISH and the acknowledgements of both directions.
 *
 * <p>QoS 2 inbound uses the spec's "method B": the message is routed when the PUBLISH first
 * arrives and its packet id is remembered until PUBREL, so a re-sent PUBLISH (DUP) is
 * acknowledged again but not delivered twice.
 */
final class PublishFlow {

    private static final Logger DENIED = LoggerFactory.getLogger("gannet.event.publish-denied");

    private final BrokerContext context;
    private final Disconnector disconnector;

    PublishFlow(BrokerContext context, Disconnector disconnector) {
        this.context = context;
        this.disconnector = disconnector;
    }

    void publish(Connection connection, MqttPublishMessage publish) {
        String topic = publish.variableHeader().topicName();
        String problem = TopicName.problemWith(topic);
        if (problem != null) {
            disconnector.protocolError(connection, "PUBLISH with an invalid topic name: " + problem);
            return;
        }
        int qos = publish.fixedHeader().qosLevel().value();
        int packetId = publish.variableHeader().packetId();
        Session session = connection.session();
        ByteBuf content = publish.payload();
        byte[] payload = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), payload);
        context.metrics().publishReceived(payload.length);

        boolean allowed = context.authorizer().canPublish(connection.identity(), topic);
        if (!allowed) {
            // MQTT-3.3.5-2: 3.1.1 has no way to say no; acknowledge as usual and discard.
            context.metrics().publishDenied();
            DENIED.info("Client {} from {} may not publish to {}; message discarded",
                    connection.clientIdForLog(), connection.remoteAddress(), topic);
        }
        int routedQos = Math.min(qos, context.config().mqtt().maxQos());
        Message message = new Message(topic, payload, routedQos, publish.fixedHeader().isRetain(),
                connection.clientIdForLog(), System.currentTimeMillis());
        switch (qos) {
            case 0 -> {
                if (allowed) {
                    context.router().publish(message);
                }
            }
            case 1 -> {
                if (allowed) {
                    context.router().publish(message);
                }
                connection.write(Packets.ack(MqttMessageType.PUBACK, packetId));
            }
            default -> {
                if (session.inboundQos2Arrived(packetId) && allowed) {
                    context.router().publish(message);
                }
                connection.write(Packets.ack(MqttMessageType.PUBREC, packetId));
            }
        }
    }

    /** PUBREL from the client: the QoS 2 exchange it started is over. PUBCOMP is sent even for an unknown id. */
    void pubrel(Connection connection, int packetId) {
        connection.session().inboundQos2Released(packetId);
        connection.write(Packets.ack(MqttMessageType.PUBCOMP, packetId));
    }

    void puback(Connection connection, int packetId) {
        connection.session().acknowledged(packetId);
    }

    void pubrec(Connection connection, int packetId) {
        if (connection.session().received(packetId)) {
            connection.write(Packets.ack(MqttMessageType.PUBREL, packetId));
        }
    }

    void pubcomp(Connection connection, int packetId) {
        connection.session().completed(packetId);
    }
}
