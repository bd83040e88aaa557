package dev.gannet.broker.mqtt5;

import dev.gannet.broker.testing.CodecClient;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;

import java.util.List;

/** Small builders shared by the MQTT 5 tests. */
final class Mqtt5Support {

    private static int nextPacketId = 1;

    private Mqtt5Support() {
    }

    static synchronized int packetId() {
        nextPacketId = nextPacketId % 60_000 + 1;
        return nextPacketId;
    }

    static MqttProperties properties(MqttProperties.MqttProperty<?>... all) {
        MqttProperties properties = new MqttProperties();
        for (MqttProperties.MqttProperty<?> property : all) {
            properties.add(property);
        }
        return properties;
    }

    static MqttProperties.IntegerProperty integer(int id, int value) {
        return new MqttProperties.IntegerProperty(id, value);
    }

    /** SUBSCRIBE with one filter and options; returns the SUBACK reason codes. */
    static List<Integer> subscribe(CodecClient client, String filter, MqttSubscriptionOption option, MqttProperties properties)
            throws InterruptedException {
        client.send(MqttMessageBuilders.subscribe().messageId(packetId()).addSubscription(filter, option)
                .properties(properties).build());
        return ((MqttSubAckMessage) client.expect(MqttMessageType.SUBACK).message()).payload().reasonCodes();
    }

    static List<Integer> subscribe(CodecClient client, String filter, int qos) throws InterruptedException {
        return subscribe(client, filter, option(qos, false, false, 0), MqttProperties.NO_PROPERTIES);
    }

    static MqttSubscriptionOption option(int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
        return new MqttSubscriptionOption(MqttQoS.valueOf(qos), noLocal, retainAsPublished,
                MqttSubscriptionOption.RetainedHandlingPolicy.valueOf(retainHandling));
    }

    /** PUBACK, PUBREC, PUBREL (QoS 1 header) or PUBCOMP from the client. */
    static MqttMessage ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new io.netty.handler.codec.mqtt.MqttFixedHeader(type, false, qos, false, 0),
                io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader.from(packetId));
    }

    static int reasonCode(MqttMessage ack) {
        Object header = ack.variableHeader();
        if (header instanceof MqttPubReplyMessageVariableHeader reply) {
            return reply.reasonCode() & 0xFF;
        }
        return ((MqttReasonCodeAndPropertiesVariableHeader) header).reasonCode() & 0xFF;
    }

    static Object property(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property == null ? null : property.value();
    }
}
