package dev.gannet.broker.mqtt;

import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.PublishProperties;
import dev.gannet.broker.routing.PublishRouter;
import dev.gannet.broker.session.Session;
import dev.gannet.model.topic.TopicName;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * Inbound PUBLISH and the acknowledgements of both directions.
 *
 * <p>QoS 2 inbound uses the spec's "method B": the message is routed when the PUBLISH first
 * arrives and its packet id is remembered until PUBREL, so a re-sent PUBLISH (DUP) is
 * acknowledged again but not delivered twice.
 */
final class PublishFlow {

    private static final Logger DENIED = LoggerFactory.getLogger("gannet.event.publish-denied");

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final BrokerContext context;
    private final Disconnector disconnector;

    PublishFlow(BrokerContext context, Disconnector disconnector) {
        this.context = context;
        this.disconnector = disconnector;
    }

    void publish(Connection connection, MqttPublishMessage publish) {
        if (!connection.publishRate().tryAcquire()) {
            context.metrics().publishRateExceeded();
            disconnector.disconnect(connection, MqttReasonCodes.Disconnect.MESSAGE_RATE_TOO_HIGH, "more than "
                    + context.config().security().maxPublishesPerSecondPerClient()
                    + " PUBLISHes a second (security.max-publishes-per-second-per-client)");
            return;
        }
        boolean mqtt5 = connection.isMqtt5();
        BrokerConfig.MqttConfig config = context.config().mqtt();
        MqttProperties properties = publish.variableHeader().properties();
        String topic = publish.variableHeader().topicName();
        int qos = publish.fixedHeader().qosLevel().value();
        int packetId = publish.variableHeader().packetId();
        boolean retain = publish.fixedHeader().isRetain();

        if (mqtt5) {
            topic = resolveTopicAlias(connection, topic, properties);
            if (topic == null) {
                return;
            }
        }
        String problem = TopicName.problemWith(topic);
        if (problem != null) {
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "PUBLISH with an invalid topic name: " + problem);
            return;
        }
        ByteBuf content = publish.payload();
        byte[] payload = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), payload);
        context.metrics().publishReceived(payload.length);
        connection.session().publishReceived();

        PublishProperties publishProperties = PublishProperties.NONE;
        long expiresAt = 0;
        long now = System.currentTimeMillis();
        if (mqtt5) {
            if (qos > config.maxQos()) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED,
                        "PUBLISH at QoS " + qos + " above the maximum QoS " + config.maxQos());
                return;
            }
            if (retain && !config.retainAvailable()) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.RETAIN_NOT_SUPPORTED,
                        "retained PUBLISH while retain is not available");
                return;
            }
            if (!Properties5.integers(properties, MqttProperties.SUBSCRIPTION_IDENTIFIER).isEmpty()) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "a client may not send a subscription identifier in PUBLISH (MQTT-3.3.4-6)");
                return;
            }
            String responseTopic = Properties5.string(properties, MqttProperties.RESPONSE_TOPIC);
            if (responseTopic != null && TopicName.problemWith(responseTopic) != null) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "invalid response topic: " + TopicName.problemWith(responseTopic));
                return;
            }
            Integer format = Properties5.integer(properties, MqttProperties.PAYLOAD_FORMAT_INDICATOR);
            if (format != null && format == 1 && !Utf8Validation.isValid(payload)) {
                refuseInvalidPayload(connection, qos, packetId);
                return;
            }
            Long expiry = Properties5.unsigned(properties, MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
            expiresAt = expiry == null ? 0 : now + expiry * 1000;
            publishProperties = new PublishProperties(format,
                    Properties5.string(properties, MqttProperties.CONTENT_TYPE), responseTopic,
                    Properties5.binary(properties, MqttProperties.CORRELATION_DATA),
                    Properties5.userProperties(properties));
        }

        Session session = connection.session();
        boolean allowed = connection.permissions().canPublish(topic)
                && context.authorizer().canPublish(connection.identity(), topic);
        if (!allowed) {
            context.metrics().publishDenied();
            DENIED.info("Client {} from {} may not publish to {}; message discarded",
                    connection.clientIdForLog(), connection.remoteAddress(), topic);
        }
        // 3.1.1 has no way to say "retain is off": such a message is routed but not kept.
        boolean keepRetained = retain && config.retainAvailable();
        Message message = new Message(topic, payload, Math.min(qos, config.maxQos()), keepRetained,
                connection.clientIdForLog(), now, expiresAt, publishProperties);
        PublishRouter.Route route = allowed ? context.router().route(message) : null;
        CompletableFuture<Void> durable = route == null ? DONE : route.durable();
        switch (qos) {
            case 0 -> connection.whenDurable(durable, () -> deliver(route));
            case 1 -> connection.whenDurable(durable, () -> {
                deliver(route);
                connection.write(Packets.ack(MqttMessageType.PUBACK, packetId, outcome(allowed, receivers(route))));
            });
            default -> {
                boolean fresh = !session.hasInboundQos2(packetId);
                if (fresh && session.inboundQos2Count() >= config.receiveMaximum() && mqtt5) {
                    disconnector.protocolError(connection, MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED,
                            "more than " + config.receiveMaximum() + " QoS 2 messages awaiting PUBREL");
                    return;
                }
                if (!allowed && mqtt5) {
                    // A PUBREC with an error code ends the exchange: no packet id is kept (MQTT-4.3.3-4).
                    connection.write(Packets.ack(MqttMessageType.PUBREC, packetId, MqttReasonCodes.PubRec.NOT_AUTHORIZED.byteValue()));
                    return;
                }
                if (!session.inboundQos2Arrived(packetId)) {
                    // A re-sent PUBLISH of an exchange still open: acknowledged again, delivered once.
                    connection.whenDurable(DONE, () -> connection.write(Packets.ack(MqttMessageType.PUBREC, packetId,
                            outcome(allowed, -1))));
                    return;
                }
                // The packet id is kept with the message: after a restart a resend is still recognised.
                CompletableFuture<Void> remembered = session.persistence().inboundArrived(packetId);
                durable.whenComplete((stored, failed) -> {
                    if (failed != null) {
                        // Not stored, so not acknowledged: the client's resend must be taken as new, not as a duplicate.
                        session.inboundQos2Released(packetId);
                        session.persistence().inboundReleased(packetId);
                    }
                });
                connection.whenDurable(CompletableFuture.allOf(durable, remembered), () -> {
                    deliver(route);
                    connection.write(Packets.ack(MqttMessageType.PUBREC, packetId, outcome(allowed, receivers(route))));
                });
            }
        }
    }

    private void deliver(PublishRouter.Route route) {
        if (route != null) {
            context.router().deliver(route);
        }
    }

    private static int receivers(PublishRouter.Route route) {
        return route == null ? 0 : route.receivers();
    }

    /** PUBACK/PUBREC reason: 0x87 denied, 0x10 nobody subscribed, else success (0x00 == 0x00 for both). */
    private static byte outcome(boolean allowed, int receivers) {
        if (!allowed) {
            return MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue();
        }
        return receivers == 0 ? MqttReasonCodes.PubAck.NO_MATCHING_SUBSCRIBERS.byteValue()
                : MqttReasonCodes.PubAck.SUCCESS.byteValue();
    }

    private void refuseInvalidPayload(Connection connection, int qos, int packetId) {
        String why = "payload is announced as UTF-8 text but is not (payload format indicator 1)";
        if (qos == 0) {
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PAYLOAD_FORMAT_INVALID, why);
            return;
        }
        MqttMessageType type = qos == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC;
        connection.write(Packets.ack(type, packetId, MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID.byteValue()));
    }

    /**
     * Applies an inbound topic alias (MQTT 5 section 3.3.2.3.4): a topic with an alias defines it,
     * an empty topic with an alias uses it. Null after disconnecting for a bad alias.
     */
    private String resolveTopicAlias(Connection connection, String topic, MqttProperties properties) {
        Integer alias = Properties5.integer(properties, MqttProperties.TOPIC_ALIAS);
        if (alias == null) {
            if (topic.isEmpty()) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "PUBLISH without a topic name or topic alias");
                return null;
            }
            return topic;
        }
        if (alias == 0 || alias > connection.serverTopicAliasMaximum()) {
            disconnector.protocolError(connection, MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID,
                    "topic alias " + alias + " outside 1.." + connection.serverTopicAliasMaximum());
            return null;
        }
        if (topic.isEmpty()) {
            String known = connection.inboundAlias(alias);
            if (known == null) {
                disconnector.protocolError(connection, MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "topic alias " + alias + " used before it was defined");
            }
            return known;
        }
        connection.inboundAlias(alias, topic);
        return topic;
    }

    /** PUBREL from the client: the QoS 2 exchange it started is over. PUBCOMP is sent even for an unknown id. */
    void pubrel(Connection connection, int packetId) {
        Session session = connection.session();
        boolean known = session.inboundQos2Released(packetId);
        CompletableFuture<Void> forgotten = known ? session.persistence().inboundReleased(packetId) : DONE;
        connection.whenDurable(forgotten, () -> connection.write(Packets.ack(MqttMessageType.PUBCOMP, packetId, known ? 0
                : MqttReasonCodes.PubComp.PACKET_IDENTIFIER_NOT_FOUND.byteValue())));
    }

    void puback(Connection connection, int packetId) {
        connection.session().acknowledged(connection, packetId);
    }

    void pubrec(Connection connection, MqttPubReplyMessageVariableHeader reply) {
        int packetId = reply.messageId();
        if ((reply.reasonCode() & 0x80) != 0) {
            // MQTT 5: a PUBREC with an error code ends the QoS 2 exchange; no PUBREL follows.
            connection.session().abandoned(connection, packetId);
            return;
        }
        if (connection.session().received(packetId)) {
            connection.write(Packets.pubrel(packetId));
        } else if (connection.isMqtt5()) {
            connection.write(Packets.ack(MqttMessageType.PUBREL, packetId,
                    MqttReasonCodes.PubRel.PACKET_IDENTIFIER_NOT_FOUND.byteValue()));
        }
    }

    void pubcomp(Connection connection, int packetId) {
        connection.session().completed(connection, packetId);
    }
}
