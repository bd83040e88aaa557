package dev.gannet.broker.mqtt5;

import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.gannet.broker.mqtt5.Mqtt5Support.integer;
import static dev.gannet.broker.mqtt5.Mqtt5Support.packetId;
import static dev.gannet.broker.mqtt5.Mqtt5Support.properties;
import static dev.gannet.broker.mqtt5.Mqtt5Support.property;
import static dev.gannet.broker.mqtt5.Mqtt5Support.reasonCode;
import static dev.gannet.broker.mqtt5.Mqtt5Support.subscribe;
import static dev.gannet.broker.testing.CodecClient.publish5;
import static org.assertj.core.api.Assertions.assertThat;

/** Session expiry, will delay and the DISCONNECT reason codes of both directions in MQTT 5. */
class Mqtt5SessionIT {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean sessionPresent(TestBroker broker, String clientId, MqttProperties properties) throws InterruptedException {
        try (CodecClient client = CodecClient.connectTo(broker.port())) {
            client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId)
                    .cleanSession(false).keepAlive(30).properties(properties).build());
            MqttConnAckMessage connack = (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
            client.send(disconnect(0, MqttProperties.NO_PROPERTIES));
            client.awaitClosed(5);
            return connack.variableHeader().isSessionPresent();
        }
    }

    private static MqttMessage disconnect(int reason, MqttProperties properties) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reason, properties));
    }

    private static void connectWithWill(CodecClient client, String clientId, int willDelay, long sessionExpiry) throws InterruptedException {
        MqttProperties willProperties = properties(integer(MqttProperties.WILL_DELAY_INTERVAL, willDelay),
                new MqttProperties.UserProperty("reason", "gone"));
        client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId)
                .cleanSession(true).keepAlive(30)
                .properties(properties(integer(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) sessionExpiry)))
                .willFlag(true).willTopic("wills/" + clientId).willMessage(bytes("offline")).willQoS(MqttQoS.AT_LEAST_ONCE)
                .willProperties(willProperties).build());
        client.expect(MqttMessageType.CONNACK);
    }

    @Test
    void session_expiry_0_ends_with_the_connection_n_seconds_later_and_never_never() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            MqttProperties none = properties(integer(MqttProperties.SESSION_EXPIRY_INTERVAL, 0));
            MqttProperties oneSecond = properties(integer(MqttProperties.SESSION_EXPIRY_INTERVAL, 1));
            MqttProperties never = properties(integer(MqttProperties.SESSION_EXPIRY_INTERVAL, 0xFFFF_FFFF));

            sessionPresent(broker, "zero", none);
            assertThat(sessionPresent(broker, "zero", none)).as("expiry 0: gone at disconnect").isFalse();

            sessionPresent(broker, "one", oneSecond);
            assertThat(sessionPresent(broker, "one", oneSecond)).as("reconnect within the interval").isTrue();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> broker.server().sessions().get("one") == null);
            assertThat(sessionPresent(broker, "one", oneSecond)).as("after the interval").isFalse();

            sessionPresent(broker, "forever", never);
            Thread.sleep(1_200);
            assertThat(sessionPresent(broker, "forever", never)).isTrue();
        }
    }

    @Test
    void a_delayed_will_is_published_after_its_delay_with_its_properties() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient watcher = CodecClient.connected5(broker.port(), "watcher", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(watcher, "wills/#", 1);
            CodecClient dying = CodecClient.connectTo(broker.port());
            connectWithWill(dying, "dying", 1, 60);
            long lost = System.nanoTime();
            dying.drop();
            CodecClient.Received will = watcher.expect(MqttMessageType.PUBLISH);
            assertThat((System.nanoTime() - lost) / 1_000_000).as("not before the will delay").isGreaterThanOrEqualTo(900);
            assertThat(will.payloadText()).isEqualTo("offline");
            assertThat(will.publish().variableHeader().properties().getProperties(MqttProperties.USER_PROPERTY))
                    .extracting(p -> p.value()).containsExactly(new MqttProperties.StringPair("reason", "gone"));
            dying.close();
        }
    }

    @Test
    void a_client_that_reconnects_within_the_will_delay_cancels_its_will() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient watcher = CodecClient.connected5(broker.port(), "watcher", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(watcher, "wills/#", 1);
            CodecClient flaky = CodecClient.connectTo(broker.port());
            connectWithWill(flaky, "flaky", 2, 60);
            flaky.drop();
            flaky.close();
            try (CodecClient back = CodecClient.connectTo(broker.port())) {
                back.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("flaky")
                        .cleanSession(false).keepAlive(30)
                        .properties(properties(integer(MqttProperties.SESSION_EXPIRY_INTERVAL, 60))).build());
                assertThat(((MqttConnAckMessage) back.expect(MqttMessageType.CONNACK).message()).variableHeader().isSessionPresent()).isTrue();
                assertThat(watcher.poll(2_600)).as("no will after a timely reconnect").isNull();
            }
        }
    }

    @Test
    void a_will_is_published_when_the_session_ends_before_the_delay() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient watcher = CodecClient.connected5(broker.port(), "watcher", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(watcher, "wills/#", 1);
            CodecClient shortSession = CodecClient.connectTo(broker.port());
            connectWithWill(shortSession, "short", 3600, 0);
            shortSession.drop();
            assertThat(watcher.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("offline");
            shortSession.close();
        }
    }

    @Test
    void disconnect_with_will_message_publishes_it_and_a_normal_disconnect_does_not() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient watcher = CodecClient.connected5(broker.port(), "watcher", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(watcher, "wills/#", 1);
            try (CodecClient polite = CodecClient.connectTo(broker.port())) {
                connectWithWill(polite, "polite", 0, 0);
                polite.send(disconnect(0x00, MqttProperties.NO_PROPERTIES));
                polite.awaitClosed(5);
            }
            assertThat(watcher.poll(400)).isNull();
            try (CodecClient leaving = CodecClient.connectTo(broker.port())) {
                connectWithWill(leaving, "leaving", 0, 0);
                leaving.send(disconnect(0x04, MqttProperties.NO_PROPERTIES));
                leaving.awaitClosed(5);
            }
            assertThat(watcher.expect(MqttMessageType.PUBLISH).publish().variableHeader().topicName()).isEqualTo("wills/leaving");
        }
    }

    @Test
    void disconnect_may_shorten_the_session_expiry_but_not_set_one_after_connect_set_none() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            try (CodecClient client = CodecClient.connected5(broker.port(), "shrink", true,
                    properties(integer(MqttProperties.SESSION_EXPIRY_INTERVAL, 600)))) {
                client.send(disconnect(0, properties(integer(MqttProperties.SESSION_EXPIRY_INTERVAL, 0))));
                client.awaitClosed(5);
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> broker.server().sessions().get("shrink") == null);

            try (CodecClient client = CodecClient.connected5(broker.port(), "grow", true, MqttProperties.NO_PROPERTIES)) {
                client.send(disconnect(0, properties(integer(MqttProperties.SESSION_EXPIRY_INTERVAL, 600))));
                assertThat(reasonCode(client.expect(MqttMessageType.DISCONNECT).message())).isEqualTo(0x82);
            }
        }
    }

    @Test
    void the_broker_says_why_it_disconnects() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            CodecClient first = CodecClient.connected5(broker.port(), "twice", true, MqttProperties.NO_PROPERTIES);
            CodecClient second = CodecClient.connected5(broker.port(), "twice", true, MqttProperties.NO_PROPERTIES);
            assertThat(reasonCode(first.expect(MqttMessageType.DISCONNECT).message())).as("session taken over").isEqualTo(0x8E);
            first.close();
            second.close();

            try (CodecClient quiet = CodecClient.connectTo(broker.port())) {
                quiet.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("quiet").keepAlive(1).build());
                quiet.expect(MqttMessageType.CONNACK);
                CodecClient.Received timeout = quiet.expect(MqttMessageType.DISCONNECT);
                assertThat(reasonCode(timeout.message())).as("keep alive timeout").isEqualTo(0x8D);
                assertThat(property(((MqttReasonCodeAndPropertiesVariableHeader) timeout.message().variableHeader()).properties(),
                        MqttProperties.REASON_STRING)).asString().contains("keep-alive");
            }

            try (CodecClient sneaky = CodecClient.connected5(broker.port(), "sneaky", true, MqttProperties.NO_PROPERTIES)) {
                sneaky.send(publish5("a", 0, 0, bytes("x"), properties(integer(MqttProperties.SUBSCRIPTION_IDENTIFIER, 5))));
                assertThat(reasonCode(sneaky.expect(MqttMessageType.DISCONNECT).message())).as("protocol error").isEqualTo(0x82);
            }

            try (CodecClient garbled = CodecClient.connected5(broker.port(), "garbled", true, MqttProperties.NO_PROPERTIES)) {
                garbled.sendRaw(java.util.HexFormat.of().parseHex("3006" + "0002c328" + "00" + "78")); // topic bytes c3 28
                assertThat(reasonCode(garbled.expect(MqttMessageType.DISCONNECT).message())).as("malformed packet").isEqualTo(0x81);
            }

            try (CodecClient large = CodecClient.connected5(broker.port(), "large", true, MqttProperties.NO_PROPERTIES)) {
                large.sendWithoutWaiting(publish5("a", 0, 0, new byte[1_100_000], MqttProperties.NO_PROPERTIES));
                assertThat(reasonCode(large.expect(MqttMessageType.DISCONNECT).message())).as("packet too large").isEqualTo(0x95);
            }
        }
    }

    @Test
    void a_publish_with_a_duplicated_content_type_gets_disconnect_0x82_and_the_connection_closes() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient client = CodecClient.connected5(broker.port(), "twice-typed", true, MqttProperties.NO_PROPERTIES)) {
            // PUBLISH QoS 0 to "a", properties: Content Type "a", Content Type "b"; payload "x".
            client.sendRaw(java.util.HexFormat.of().parseHex("300d" + "000161" + "08" + "0300016103000162" + "78"));

            CodecClient.Received disconnect = client.expect(MqttMessageType.DISCONNECT);
            assertThat(reasonCode(disconnect.message())).as("protocol error").isEqualTo(0x82);
            assertThat(property(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.message().variableHeader()).properties(),
                    MqttProperties.REASON_STRING)).isEqualTo("duplicate property Content Type (0x03) in PUBLISH");
            assertThat(client.awaitClosed(5)).isTrue();
        }
    }

    @Test
    void publishing_beyond_what_connack_announced_is_refused_with_the_matching_reason() throws Exception {
        try (TestBroker broker = TestBroker.start(java.util.Map.of("mqtt.max-qos", "1", "mqtt.retain-available", "false"))) {
            try (CodecClient client = CodecClient.connected5(broker.port(), "qos2", true, MqttProperties.NO_PROPERTIES)) {
                client.send(publish5("a", 2, packetId(), bytes("x"), MqttProperties.NO_PROPERTIES));
                assertThat(reasonCode(client.expect(MqttMessageType.DISCONNECT).message())).as("QoS not supported").isEqualTo(0x9B);
            }
            try (CodecClient client = CodecClient.connected5(broker.port(), "retainer", true, MqttProperties.NO_PROPERTIES)) {
                client.send(MqttMessageBuilders.publish().topicName("a").retained(true).qos(MqttQoS.AT_MOST_ONCE)
                        .payload(io.netty.buffer.Unpooled.wrappedBuffer(bytes("x"))).build());
                assertThat(reasonCode(client.expect(MqttMessageType.DISCONNECT).message())).as("retain not supported").isEqualTo(0x9A);
            }
            assertThat(broker.server().retained().size()).isZero();
        }
    }

    @Test
    void stopping_the_broker_tells_mqtt5_clients_it_is_shutting_down() throws Exception {
        TestBroker broker = TestBroker.start();
        try (CodecClient client = CodecClient.connected5(broker.port(), "bye", true, MqttProperties.NO_PROPERTIES)) {
            broker.close();
            assertThat(reasonCode(client.expect(MqttMessageType.DISCONNECT).message())).isEqualTo(0x8B);
            assertThat(client.awaitClosed(5)).isTrue();
        } finally {
            broker.close();
        }
    }

    @Test
    void qos2_packet_ids_left_awaiting_pubrel_are_bounded_by_the_receive_maximum() throws Exception {
        try (TestBroker broker = TestBroker.start(java.util.Map.of("mqtt.receive-maximum", "2"));
             CodecClient pub = CodecClient.connected5(broker.port(), "greedy", true, MqttProperties.NO_PROPERTIES)) {
            for (int id = 1; id <= 2; id++) {
                pub.send(publish5("q2", 2, id, bytes("x"), MqttProperties.NO_PROPERTIES));
                pub.expect(MqttMessageType.PUBREC);
            }
            pub.send(publish5("q2", 2, 3, bytes("x"), MqttProperties.NO_PROPERTIES));
            assertThat(reasonCode(pub.expect(MqttMessageType.DISCONNECT).message())).isEqualTo(0x93);
        }
    }

    @Test
    void pubrel_for_an_unknown_packet_id_gets_pubcomp_packet_identifier_not_found() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient client = CodecClient.connected5(broker.port(), "lost", true, MqttProperties.NO_PROPERTIES)) {
            client.send(Mqtt5Support.ack(MqttMessageType.PUBREL, 4242));
            assertThat(reasonCode(client.expect(MqttMessageType.PUBCOMP).message())).isEqualTo(0x92);
            client.send(publish5("q2", 2, packetId(), bytes("x"), MqttProperties.NO_PROPERTIES));
            assertThat(client.expect(MqttMessageType.PUBREC).type()).isEqualTo(MqttMessageType.PUBREC);
        }
    }
}
