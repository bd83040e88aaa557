package dev.gannet.broker.storage;

import dev.gannet.broker.testing.ChildBroker;
import dev.gannet.broker.testing.CodecClient;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durability promise under a real crash: a broker in a child JVM is killed with SIGKILL while a
 * client publishes QoS 1 and QoS 2 messages to an offline persistent subscriber. After a restart on
 * the same data directory, the subscriber receives every message the broker acknowledged (PUBACK,
 * PUBREC) and no QoS 2 message twice.
 */
class CrashIT {

    private static final int MESSAGES = 4_000;
    private static final int KILL_AFTER_ACKS = 1_500;
    /** fsync never: the promise is about the process being killed, which every policy survives. The queue
     *  limit is raised so that it, not the crash, cannot be what drops a message. */
    private static final Map<String, String> CHILD_ENVIRONMENT = Map.of(
            "GANNET_STORAGE_FSYNC", "never", "GANNET_SESSION_DEVICE_MAX_QUEUED_MESSAGES", "100000");

    @TempDir
    Path dataDir;

    private static MqttMessage ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(packetId));
    }

    private static int packetId(MqttMessage message) {
        return ((MqttPubReplyMessageVariableHeader) message.variableHeader()).messageId();
    }

    @RepeatedTest(3)
    void every_acknowledged_message_reaches_the_offline_subscriber_after_sigkill_and_restart() throws Exception {
        Set<String> acknowledged = new HashSet<>();
        ChildBroker broker = ChildBroker.start(dataDir, CHILD_ENVIRONMENT);
        try {
            try (CodecClient sub = CodecClient.connected311(broker.port(), "survivor", false)) {
                sub.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.EXACTLY_ONCE, "crash/#").build());
                sub.expect(MqttMessageType.SUBACK);
                sub.send(MqttMessageBuilders.disconnect().build());
                sub.awaitClosed(5);
            }
            try (CodecClient pub = CodecClient.connected311(broker.port(), "loader", true)) {
                // Packet ids 1..MESSAGES: odd ones QoS 1, even ones QoS 2; payload names the id.
                int sent = 0;
                while (acknowledged.size() < KILL_AFTER_ACKS && sent < MESSAGES) {
                    for (int burst = 0; burst < 50 && sent < MESSAGES; burst++) {
                        sent++;
                        int qos = sent % 2 == 1 ? 1 : 2;
                        pub.send(MqttMessageBuilders.publish().topicName("crash/" + (sent % 7)).qos(MqttQoS.valueOf(qos))
                                .messageId(sent).payload(io.netty.buffer.Unpooled.wrappedBuffer(
                                        ("q" + qos + "-" + sent).getBytes(StandardCharsets.UTF_8))).build());
                    }
                    CodecClient.Received reply;
                    while ((reply = pub.poll(20)) != null) {
                        int id = packetId(reply.message());
                        acknowledged.add("q" + (reply.type() == MqttMessageType.PUBACK ? 1 : 2) + "-" + id);
                    }
                }
                // Kill while acknowledgements are still arriving: no shutdown hook runs.
                broker.kill();
                CodecClient.Received reply;
                while ((reply = pub.poll(200)) != null) {
                    if (reply.type() == MqttMessageType.PUBACK || reply.type() == MqttMessageType.PUBREC) {
                        acknowledged.add("q" + (reply.type() == MqttMessageType.PUBACK ? 1 : 2) + "-" + packetId(reply.message()));
                    }
                }
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);

            broker = ChildBroker.start(dataDir, CHILD_ENVIRONMENT);
            List<String> received = new ArrayList<>();
            try (CodecClient back = CodecClient.connectTo(broker.port())) {
                back.send(MqttMessageBuilders.connect().protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1)
                        .clientId("survivor").cleanSession(false).keepAlive(60).build());
                back.expect(MqttMessageType.CONNACK);
                CodecClient.Received next;
                while ((next = back.poll(3_000)) != null) {
                    if (next.type() == MqttMessageType.PUBLISH) {
                        received.add(next.payloadText());
                        int id = next.publish().variableHeader().packetId();
                        back.send(ack(next.publish().fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE
                                ? MqttMessageType.PUBACK : MqttMessageType.PUBREC, id));
                    } else if (next.type() == MqttMessageType.PUBREL) {
                        back.send(ack(MqttMessageType.PUBCOMP, ((MqttMessageIdVariableHeader) next.message().variableHeader()).messageId()));
                    }
                }
            }
            assertThat(new HashSet<>(received)).as("every acknowledged message arrives").containsAll(acknowledged);
            List<String> qos2 = received.stream().filter(p -> p.startsWith("q2-")).toList();
            assertThat(new HashSet<>(qos2)).as("no QoS 2 message twice").hasSameSizeAs(qos2);
        } finally {
            broker.close();
        }
    }
}
