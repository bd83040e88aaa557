package dev.gannet.broker.mqtt5;

import dev.gannet.broker.auth.Authenticator;
import dev.gannet.broker.auth.Authorizer;
import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import dev.gannet.model.topic.TopicFilter;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.gannet.broker.mqtt5.Mqtt5Support.integer;
import static dev.gannet.broker.mqtt5.Mqtt5Support.packetId;
import static dev.gannet.broker.mqtt5.Mqtt5Support.properties;
import static dev.gannet.broker.mqtt5.Mqtt5Support.property;
import static dev.gannet.broker.mqtt5.Mqtt5Support.reasonCode;
import static dev.gannet.broker.mqtt5.Mqtt5Support.subscribe;
import static dev.gannet.broker.testing.CodecClient.publish5;
import static org.assertj.core.api.Assertions.assertThat;

/** PUBLISH in MQTT 5: properties passed through, reason codes, message expiry, topic aliases, flow control. */
class Mqtt5PublishIT {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void request_response_properties_and_user_properties_pass_through_unchanged_and_in_order() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient sub = CodecClient.connected5(broker.port(), "sub", true, MqttProperties.NO_PROPERTIES);
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(sub, "req/#", 1);
            MqttProperties sent = properties(
                    integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1),
                    new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/json"),
                    new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, "resp/42"),
                    new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, new byte[] {9, 8, 7}),
                    new MqttProperties.UserProperty("b", "2"),
                    new MqttProperties.UserProperty("a", "1"),
                    new MqttProperties.UserProperty("b", "3"));
            pub.send(publish5("req/x", 1, packetId(), bytes("{\"q\":1}"), sent));
            assertThat(reasonCode(pub.expect(MqttMessageType.PUBACK).message())).isZero();

            CodecClient.Received got = sub.expect(MqttMessageType.PUBLISH);
            MqttProperties p = got.publish().variableHeader().properties();
            assertThat(got.payloadText()).isEqualTo("{\"q\":1}");
            assertThat(property(p, MqttProperties.PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
            assertThat(property(p, MqttProperties.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(property(p, MqttProperties.RESPONSE_TOPIC)).isEqualTo("resp/42");
            assertThat((byte[]) property(p, MqttProperties.CORRELATION_DATA)).containsExactly(9, 8, 7);
            assertThat(p.getProperties(MqttProperties.USER_PROPERTY)).extracting(u -> u.value())
                    .containsExactly(pair("b", "2"), pair("a", "1"), pair("b", "3"));
        }
    }

    private static MqttProperties.StringPair pair(String key, String value) {
        return new MqttProperties.StringPair(key, value);
    }

    @Test
    void puback_says_no_matching_subscribers_and_not_authorized() throws Exception {
        Authorizer noSecrets = new Authorizer() {
            @Override
            public boolean canPublish(ClientIdentity client, String topic) {
                return !topic.startsWith("secret/");
            }

            @Override
            public boolean canSubscribe(ClientIdentity client, TopicFilter filter) {
                return true;
            }
        };
        try (TestBroker broker = TestBroker.start(Map.of(), Authenticator.ALLOW_ANONYMOUS, noSecrets);
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            pub.send(publish5("nobody/listens", 1, packetId(), bytes("x"), MqttProperties.NO_PROPERTIES));
            assertThat(reasonCode(pub.expect(MqttMessageType.PUBACK).message())).isEqualTo(0x10);
            pub.send(publish5("secret/plans", 1, packetId(), bytes("x"), MqttProperties.NO_PROPERTIES));
            assertThat(reasonCode(pub.expect(MqttMessageType.PUBACK).message())).isEqualTo(0x87);
            pub.send(publish5("secret/plans", 2, packetId(), bytes("x"), MqttProperties.NO_PROPERTIES));
            assertThat(reasonCode(pub.expect(MqttMessageType.PUBREC).message())).isEqualTo(0x87);
            pub.send(publish5("text", 1, packetId(), new byte[] {(byte) 0xC3, 0x28},
                    properties(integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1))));
            assertThat(reasonCode(pub.expect(MqttMessageType.PUBACK).message())).as("payload format invalid").isEqualTo(0x99);
            assertThat(pub.isClosed()).isFalse();
        }
    }

    @Test
    void an_expired_message_is_not_delivered_and_the_remaining_interval_is_sent() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            MqttProperties keep = properties(integer(MqttProperties.SESSION_EXPIRY_INTERVAL, 300));
            CodecClient sub = CodecClient.connected5(broker.port(), "sleeper", true, keep);
            subscribe(sub, "news/#", 1);
            sub.drop();
            // Until the broker sees the client gone, a message would go out to it and be in flight:
            // in-flight messages are re-sent on reconnect whatever their expiry.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> !broker.server().sessions().get("sleeper").isConnected());

            pub.send(publish5("news/short", 1, packetId(), bytes("short-lived"),
                    properties(integer(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 1))));
            pub.send(publish5("news/long", 1, packetId(), bytes("long-lived"),
                    properties(integer(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 100))));
            pub.expect(MqttMessageType.PUBACK);
            pub.expect(MqttMessageType.PUBACK);
            Thread.sleep(1_300); // let the short message expire while its subscriber is away

            try (CodecClient back = CodecClient.connected5(broker.port(), "sleeper", false, keep)) {
                CodecClient.Received got = back.expect(MqttMessageType.PUBLISH);
                assertThat(got.payloadText()).isEqualTo("long-lived");
                Object remaining = property(got.publish().variableHeader().properties(), MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
                assertThat((Integer) remaining).isBetween(97, 99);
                assertThat(back.poll(300)).isNull();
                assertThat(broker.server().metrics().messagesDroppedExpired()).isEqualTo(1);
            }
            sub.close();
        }
    }

    @Test
    void a_retained_message_expires_too() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            pub.send(MqttMessageBuilders.publish().topicName("status/a").retained(true)
                    .qos(io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE).messageId(packetId())
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(bytes("soon gone")))
                    .properties(properties(integer(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 1))).build());
            pub.expect(MqttMessageType.PUBACK);
            try (CodecClient early = CodecClient.connected5(broker.port(), "early", true, MqttProperties.NO_PROPERTIES)) {
                subscribe(early, "status/#", 1);
                assertThat(early.expect(MqttMessageType.PUBLISH).publish().fixedHeader().isRetain()).isTrue();
            }
            Thread.sleep(1_300);
            try (CodecClient late = CodecClient.connected5(broker.port(), "late", true, MqttProperties.NO_PROPERTIES)) {
                subscribe(late, "status/#", 1);
                assertThat(late.poll(400)).as("the expired retained message is gone").isNull();
            }
        }
    }

    @Test
    void inbound_topic_alias_is_defined_then_used_and_an_invalid_alias_disconnects_with_0x94() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient sub = CodecClient.connected5(broker.port(), "sub", true, MqttProperties.NO_PROPERTIES);
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(sub, "alias/#", 0);
            pub.send(publish5("alias/long/topic/name", 0, 0, bytes("one"), properties(integer(MqttProperties.TOPIC_ALIAS, 3))));
            pub.send(publish5("", 0, 0, bytes("two"), properties(integer(MqttProperties.TOPIC_ALIAS, 3))));
            assertThat(sub.expect(MqttMessageType.PUBLISH).publish().variableHeader().topicName()).isEqualTo("alias/long/topic/name");
            CodecClient.Received second = sub.expect(MqttMessageType.PUBLISH);
            assertThat(second.publish().variableHeader().topicName()).isEqualTo("alias/long/topic/name");
            assertThat(second.payloadText()).isEqualTo("two");

            pub.send(publish5("", 0, 0, bytes("three"), properties(integer(MqttProperties.TOPIC_ALIAS, 17))));
            CodecClient.Received disconnect = pub.expect(MqttMessageType.DISCONNECT);
            assertThat(reasonCode(disconnect.message())).isEqualTo(0x94);
            assertThat(pub.awaitClosed(5)).isTrue();
        }
    }

    @Test
    void outbound_topic_aliases_stay_within_the_clients_maximum() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient sub = CodecClient.connected5(broker.port(), "sub", true,
                     properties(integer(MqttProperties.TOPIC_ALIAS_MAXIMUM, 1)));
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(sub, "t/#", 0);
            for (String topic : List.of("t/a", "t/a", "t/b")) {
                pub.send(publish5(topic, 0, 0, bytes(topic), MqttProperties.NO_PROPERTIES));
            }
            MqttPublishMessage first = sub.expect(MqttMessageType.PUBLISH).publish();
            MqttPublishMessage second = sub.expect(MqttMessageType.PUBLISH).publish();
            MqttPublishMessage third = sub.expect(MqttMessageType.PUBLISH).publish();
            assertThat(first.variableHeader().topicName()).isEqualTo("t/a");
            assertThat(property(first.variableHeader().properties(), MqttProperties.TOPIC_ALIAS)).isEqualTo(1);
            assertThat(second.variableHeader().topicName()).as("alias only").isEmpty();
            assertThat(property(second.variableHeader().properties(), MqttProperties.TOPIC_ALIAS)).isEqualTo(1);
            assertThat(third.variableHeader().topicName()).isEqualTo("t/b");
            assertThat(property(third.variableHeader().properties(), MqttProperties.TOPIC_ALIAS)).as("no second alias").isNull();
        }
    }

    @Test
    void never_more_unacknowledged_messages_than_the_clients_receive_maximum() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient sub = CodecClient.connected5(broker.port(), "slow", true,
                     properties(integer(MqttProperties.RECEIVE_MAXIMUM, 2)));
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(sub, "flow", 1);
            for (int i = 0; i < 5; i++) {
                pub.send(publish5("flow", 1, packetId(), bytes("m" + i), MqttProperties.NO_PROPERTIES));
            }
            MqttPublishMessage m0 = sub.expect(MqttMessageType.PUBLISH).publish();
            sub.expect(MqttMessageType.PUBLISH);
            assertThat(sub.poll(400)).as("a third message waits for an acknowledgement").isNull();
            sub.send(MqttMessageBuilders.pubAck().packetId(m0.variableHeader().packetId()).build());
            assertThat(sub.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("m2");
            assertThat(sub.poll(300)).isNull();
        }
    }

    @Test
    void a_message_larger_than_a_subscribers_maximum_packet_size_is_dropped_for_that_subscriber_only() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient small = CodecClient.connected5(broker.port(), "small", true,
                     properties(integer(MqttProperties.MAXIMUM_PACKET_SIZE, 64)));
             CodecClient big = CodecClient.connected5(broker.port(), "big", true, MqttProperties.NO_PROPERTIES);
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(small, "size", 1);
            subscribe(big, "size", 1);
            pub.send(publish5("size", 1, packetId(), new byte[200], MqttProperties.NO_PROPERTIES));
            pub.send(publish5("size", 1, packetId(), bytes("tiny"), MqttProperties.NO_PROPERTIES));
            assertThat(big.expect(MqttMessageType.PUBLISH).payload()).hasSize(200);
            assertThat(big.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("tiny");
            assertThat(small.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("tiny");
            assertThat(broker.server().metrics().messagesDroppedTooLarge()).isEqualTo(1);
        }
    }
}
