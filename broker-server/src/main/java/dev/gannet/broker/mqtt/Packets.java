package dev.gannet.broker.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;

import java.util.List;

/**
 * Builders for the packets the broker sends, so the flows read as protocol, not as Netty plumbing.
 * Netty's encoder writes the MQTT 5 parts (reason codes, properties) only on MQTT 5 connections,
 * so the same builders serve both versions.
 */
final class Packets {

    static final MqttMessage PINGRESP = new MqttMessage(
            new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private Packets() {
    }

    private static MqttFixedHeader header(MqttMessageType type) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttFixedHeader(type, false, qos, false, 0);
    }

    static MqttConnAckMessage connack(MqttConnectReturnCode code, boolean sessionPresent) {
        return connack(code, sessionPresent, MqttProperties.NO_PROPERTIES);
    }

    static MqttConnAckMessage connack(MqttConnectReturnCode code, boolean sessionPresent, MqttProperties properties) {
        return new MqttConnAckMessage(header(MqttMessageType.CONNACK),
                new MqttConnAckVariableHeader(code, sessionPresent, properties));
    }

    /**
     * An MQTT 5 CONNACK refusing with {@code reasonCode} and no properties, as raw bytes: for a CONNECT
     * refused before Netty's decoder saw it, when Netty's encoder does not yet know the connection is
     * MQTT 5 and would write the 3.1.1 form without the property length.
     */
    static ByteBuf rawMqtt5Connack(byte reasonCode) {
        return Unpooled.wrappedBuffer(new byte[] {0x20, 0x03, 0x00, reasonCode, 0x00});
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP for {@code packetId} with a reason code (sent to MQTT 5 clients only). */
    static MqttMessage ack(MqttMessageType type, int packetId, byte reasonCode) {
        return new MqttMessage(header(type),
                new MqttPubReplyMessageVariableHeader(packetId, reasonCode, MqttProperties.NO_PROPERTIES));
    }

    static MqttMessage ack(MqttMessageType type, int packetId) {
        return ack(type, packetId, (byte) 0);
    }

    static MqttMessage pubrel(int packetId) {
        return new MqttMessage(header(MqttMessageType.PUBREL), MqttMessageIdVariableHeader.from(packetId));
    }

    static MqttSubAckMessage suback(int packetId, List<Integer> reasonCodes) {
        return new MqttSubAckMessage(header(MqttMessageType.SUBACK),
                MqttMessageIdVariableHeader.from(packetId), new MqttSubAckPayload(reasonCodes));
    }

    /** UNSUBACK; {@code reasonCodes} are sent to MQTT 5 clients and null for MQTT 3.1.1 ones. */
    static MqttUnsubAckMessage unsuback(int packetId, List<Short> reasonCodes) {
        if (reasonCodes == null) {
            return new MqttUnsubAckMessage(header(MqttMessageType.UNSUBACK), MqttMessageIdVariableHeader.from(packetId));
        }
        return new MqttUnsubAckMessage(header(MqttMessageType.UNSUBACK),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(reasonCodes));
    }

    /** An MQTT 5 DISCONNECT from the broker, with a human-readable reason when given. */
    static MqttMessage disconnect(byte reasonCode, String reasonString) {
        MqttProperties properties = new MqttProperties();
        if (reasonString != null) {
            properties.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reasonString));
        }
        return new MqttMessage(header(MqttMessageType.DISCONNECT),
                new MqttReasonCodeAndPropertiesVariableHeader(reasonCode, properties));
    }

    /** An MQTT 5 AUTH packet carrying the method's name and data. */
    static MqttMessage auth(byte reasonCode, String method, byte[] data) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, method));
        if (data != null) {
            properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, data));
        }
        return new MqttMessage(header(MqttMessageType.AUTH),
                new MqttReasonCodeAndPropertiesVariableHeader(reasonCode, properties));
    }
}
