package dev.gannet.broker.storage;

import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a broker restart keeps: sessions, subscriptions, queues, in-flight messages, QoS 2 ids, retained messages. */
class RestartIT {

    private static MqttPublishMessage publish(String topic, int qos, int packetId, String payload, boolean retain) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(packetId).retained(retain)
                .payload(io.netty.buffer.Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8))).build();
    }

    private static MqttMessage ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(packetId));
    }

    private static boolean sessionPresent(CodecClient client, String clientId) throws InterruptedException {
        client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(clientId)
                .cleanSession(false).keepAlive(60).build());
        return ((MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message()).variableHeader().isSessionPresent();
    }

    @Test
    void a_restart_keeps_sessions_subscriptions_queued_and_in_flight_messages_and_retained_ones() throws Exception {
        TestBroker broker = TestBroker.start();
        try {
            CodecClient sub = CodecClient.connected311(broker.port(), "keeper", false);
            sub.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.EXACTLY_ONCE, "keep/#").build());
            sub.expect(MqttMessageType.SUBACK);
            try (CodecClient pub = CodecClient.connected311(broker.port(), "pub", true)) {
                pub.send(publish("keep/1", 1, 1, "in flight", false));
                pub.expect(MqttMessageType.PUBACK);
                assertThat(sub.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("in flight"); // never acknowledged
                sub.drop();
                sub.close();
                pub.send(publish("keep/2", 2, 2, "queued", false));
                pub.expect(MqttMessageType.PUBREC);
                pub.send(publish("status/door", 1, 3, "open", true));
                pub.expect(MqttMessageType.PUBACK);
            }

            broker = broker.restart();

            try (CodecClient back = CodecClient.connectTo(broker.port())) {
                assertThat(sessionPresent(back, "keeper")).isTrue();
                MqttPublishMessage resent = back.expect(MqttMessageType.PUBLISH).publish();
                assertThat(resent.fixedHeader().isDup()).as("in flight before the restart").isTrue();
                back.send(ack(MqttMessageType.PUBACK, resent.variableHeader().packetId()));
                CodecClient.Received queued = back.expect(MqttMessageType.PUBLISH);
                assertThat(queued.payloadText()).isEqualTo("queued");
                assertThat(queued.publish().fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
                back.send(ack(MqttMessageType.PUBREC, queued.publish().variableHeader().packetId()));
                back.expect(MqttMessageType.PUBREL);
                back.send(ack(MqttMessageType.PUBCOMP, queued.publish().variableHeader().packetId()));
                // The subscription came back too: a new message is routed to it.
                try (CodecClient pub = CodecClient.connected311(broker.port(), "pub2", true)) {
                    pub.send(publish("keep/3", 1, 1, "after restart", false));
                    pub.expect(MqttMessageType.PUBACK);
                }
                CodecClient.Received live = back.expect(MqttMessageType.PUBLISH);
                assertThat(live.payloadText()).isEqualTo("after restart");
                back.send(ack(MqttMessageType.PUBACK, live.publish().variableHeader().packetId()));
            }
            try (CodecClient late = CodecClient.connected311(broker.port(), "late", true)) {
                late.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "status/#").build());
                late.expect(MqttMessageType.SUBACK);
                assertThat(late.expect(MqttMessageType.PUBLISH).payloadText()).as("retained").isEqualTo("open");
            }

            broker = broker.restart();
            try (CodecClient again = CodecClient.connectTo(broker.port())) {
                assertThat(sessionPresent(again, "keeper")).isTrue();
                assertThat(again.poll(500)).as("everything acknowledged stays acknowledged").isNull();
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void a_qos2_message_whose_pubrel_has_not_come_is_still_recognised_after_a_restart() throws Exception {
        TestBroker broker = TestBroker.start();
        try {
            try (CodecClient watcher = CodecClient.connected311(broker.port(), "watcher", false)) {
                watcher.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "once").build());
                watcher.expect(MqttMessageType.SUBACK);
            }
            CodecClient pub = CodecClient.connected311(broker.port(), "exact-pub", false);
            pub.send(publish("once", 2, 77, "exactly once", false));
            pub.expect(MqttMessageType.PUBREC);
            pub.drop();
            pub.close();

            broker = broker.restart();

            try (CodecClient back = CodecClient.connectTo(broker.port())) {
                assertThat(sessionPresent(back, "exact-pub")).isTrue();
                // The publisher never got to PUBREL, so it re-sends the PUBLISH (DUP) as MQTT requires.
                MqttPublishMessage dup = publish("once", 2, 77, "exactly once", false);
                back.send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, true, MqttQoS.EXACTLY_ONCE, false, 0),
                        dup.variableHeader(), dup.payload()));
                back.expect(MqttMessageType.PUBREC);
                back.send(ack(MqttMessageType.PUBREL, 77));
                back.expect(MqttMessageType.PUBCOMP);
            }
            try (CodecClient watcher = CodecClient.connectTo(broker.port())) {
                assertThat(sessionPresent(watcher, "watcher")).isTrue();
                List<String> got = new ArrayList<>();
                CodecClient.Received next;
                while ((next = watcher.poll(600)) != null) {
                    if (next.type() == MqttMessageType.PUBLISH) {
                        got.add(next.payloadText());
                        watcher.send(ack(MqttMessageType.PUBACK, next.publish().variableHeader().packetId()));
                    }
                }
                assertThat(got).as("delivered once, not again for the resend").containsExactly("exactly once");
            }
        } finally {
            broker.close();
        }
    }

    @Test
    void an_mqtt5_session_with_an_expiry_interval_keeps_counting_across_a_restart() throws Exception {
        TestBroker broker = TestBroker.start();
        try {
            MqttProperties oneSecond = new MqttProperties();
            oneSecond.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 1));
            CodecClient.connected5(broker.port(), "brief", true, oneSecond).close();
            broker = broker.restart();
            assertThat(broker.server().sessions().get("brief")).as("restored").isNotNull();
            TestBroker running = broker;
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> running.server().sessions().get("brief") == null);
            broker = broker.restart();
            assertThat(broker.server().sessions().get("brief")).as("its end was stored too").isNull();
        } finally {
            broker.close();
        }
    }
}
