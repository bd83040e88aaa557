package dev.gannet.broker.interop;

import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 at the packet level over a real socket, for what client libraries hide: keep-alive,
 * redelivery with DUP, the in-flight window, malformed input, queue limits.
 */
class RawProtocolIT {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MqttPublishMessage publish(String topic, int qos, int packetId, String payload) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(packetId)
                .payload(io.netty.buffer.Unpooled.wrappedBuffer(bytes(payload))).build();
    }

    private static MqttMessage ack(MqttMessageType type, int packetId) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0), MqttMessageIdVariableHeader.from(packetId));
    }

    private static void subscribe(CodecClient client, String filter, int qos) throws InterruptedException {
        client.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.valueOf(qos), filter).build());
        client.expect(MqttMessageType.SUBACK);
    }

    @Test
    void a_silent_client_is_disconnected_after_one_and_a_half_keep_alives_and_its_will_published() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient watcher = CodecClient.connected311(broker.port(), "watcher", true);
             CodecClient silent = CodecClient.connectTo(broker.port())) {
            subscribe(watcher, "wills/#", 1);
            silent.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId("silent").keepAlive(1)
                    .willFlag(true).willTopic("wills/silent").willMessage(bytes("timed out")).willQoS(MqttQoS.AT_LEAST_ONCE).build());
            silent.expect(MqttMessageType.CONNACK);
            long start = System.nanoTime();
            assertThat(silent.awaitClosed(5)).isTrue();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("closed at 1.5 x keep-alive").isBetween(1_300L, 3_000L);
            assertThat(watcher.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("timed out");
        }
    }

    @Test
    void pingreq_keeps_a_connection_alive() throws Exception {
        try (TestBroker broker = TestBroker.start(); CodecClient client = CodecClient.connectTo(broker.port())) {
            client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId("pinger").keepAlive(1).build());
            client.expect(MqttMessageType.CONNACK);
            for (int i = 0; i < 4; i++) {
                Thread.sleep(700);
                client.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                assertThat(client.expect(MqttMessageType.PINGRESP).type()).isEqualTo(MqttMessageType.PINGRESP);
            }
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void unacknowledged_messages_are_resent_with_dup_and_the_same_packet_ids_on_reconnect() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient pub = CodecClient.connected311(broker.port(), "pub", true)) {
            CodecClient sub = CodecClient.connected311(broker.port(), "forgetful-reader", false);
            subscribe(sub, "work", 2);
            pub.send(publish("work", 1, 1, "qos1"));
            pub.send(publish("work", 2, 2, "qos2"));
            pub.expect(MqttMessageType.PUBACK);
            pub.expect(MqttMessageType.PUBREC);
            MqttPublishMessage first = sub.expect(MqttMessageType.PUBLISH).publish();
            MqttPublishMessage second = sub.expect(MqttMessageType.PUBLISH).publish();
            assertThat(first.fixedHeader().isDup()).isFalse();
            sub.drop();
            sub.close();

            try (CodecClient back = CodecClient.connected311(broker.port(), "forgetful-reader", false)) {
                MqttPublishMessage again1 = back.expect(MqttMessageType.PUBLISH).publish();
                MqttPublishMessage again2 = back.expect(MqttMessageType.PUBLISH).publish();
                assertThat(again1.fixedHeader().isDup()).isTrue();
                assertThat(again2.fixedHeader().isDup()).isTrue();
                assertThat(again1.variableHeader().packetId()).isEqualTo(first.variableHeader().packetId());
                assertThat(again2.variableHeader().packetId()).isEqualTo(second.variableHeader().packetId());
                assertThat(again2.fixedHeader().qosLevel()).isEqualTo(MqttQoS.EXACTLY_ONCE);
            }
        }
    }

    @Test
    void a_pubrel_whose_pubcomp_never_came_is_resent_on_reconnect() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient pub = CodecClient.connected311(broker.port(), "pub", true)) {
            CodecClient sub = CodecClient.connected311(broker.port(), "half-done", false);
            subscribe(sub, "exact", 2);
            pub.send(publish("exact", 2, 9, "once"));
            int id = sub.expect(MqttMessageType.PUBLISH).publish().variableHeader().packetId();
            sub.send(ack(MqttMessageType.PUBREC, id));
            assertThat(sub.expect(MqttMessageType.PUBREL).type()).isEqualTo(MqttMessageType.PUBREL);
            sub.drop();
            sub.close();
            try (CodecClient back = CodecClient.connected311(broker.port(), "half-done", false)) {
                CodecClient.Received pubrel = back.expect(MqttMessageType.PUBREL);
                assertThat(((MqttMessageIdVariableHeader) pubrel.message().variableHeader()).messageId()).isEqualTo(id);
                back.send(ack(MqttMessageType.PUBCOMP, id));
                assertThat(back.poll(300)).as("the message itself is not sent again").isNull();
            }
        }
    }

    @Test
    void qos2_resent_before_pubrel_is_delivered_once() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient sub = CodecClient.connected311(broker.port(), "sub", true);
             CodecClient pub = CodecClient.connected311(broker.port(), "pub", true)) {
            subscribe(sub, "q2", 0);
            pub.send(publish("q2", 2, 77, "exactly once"));
            pub.expect(MqttMessageType.PUBREC);
            MqttPublishMessage dup = MqttMessageBuilders.publish().topicName("q2").qos(MqttQoS.EXACTLY_ONCE).messageId(77)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(bytes("exactly once"))).build();
            pub.send(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, true, MqttQoS.EXACTLY_ONCE, false, 0),
                    dup.variableHeader(), dup.payload()));
            pub.expect(MqttMessageType.PUBREC);
            pub.send(ack(MqttMessageType.PUBREL, 77));
            pub.expect(MqttMessageType.PUBCOMP);
            assertThat(sub.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("exactly once");
            assertThat(sub.poll(400)).isNull();
        }
    }

    @Test
    void the_in_flight_window_bounds_unacknowledged_messages() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.max-inflight", "2"));
             CodecClient sub = CodecClient.connected311(broker.port(), "slow", true);
             CodecClient pub = CodecClient.connected311(broker.port(), "pub", true)) {
            subscribe(sub, "flow", 1);
            for (int i = 0; i < 4; i++) {
                pub.send(publish("flow", 1, i + 1, "m" + i));
            }
            int first = sub.expect(MqttMessageType.PUBLISH).publish().variableHeader().packetId();
            sub.expect(MqttMessageType.PUBLISH);
            assertThat(sub.poll(400)).as("window of 2 is full").isNull();
            sub.send(ack(MqttMessageType.PUBACK, first));
            assertThat(sub.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("m2");
            assertThat(sub.poll(300)).isNull();
        }
    }

    @Test
    void a_malformed_packet_closes_only_its_own_connection() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient bystander = CodecClient.connected311(broker.port(), "bystander", true);
             CodecClient broken = CodecClient.connected311(broker.port(), "broken", true)) {
            subscribe(bystander, "t", 0);
            broken.sendRaw(HexFormat.of().parseHex("36" + "03" + "0001" + "74")); // PUBLISH with QoS bits 11
            assertThat(broken.awaitClosed(5)).isTrue();
            try (CodecClient pub = CodecClient.connected311(broker.port(), "pub", true)) {
                pub.send(publish("t", 0, 0, "still fine"));
                assertThat(bystander.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("still fine");
            }
            assertThat(broker.server().metrics().protocolErrors()).isEqualTo(1);
        }
    }

    @Test
    void out_of_order_and_invalid_packets_close_the_connection() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            try (CodecClient client = CodecClient.connectTo(broker.port())) {
                client.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                assertThat(client.awaitClosed(5)).as("first packet not CONNECT").isTrue();
            }
            try (CodecClient client = CodecClient.connected311(broker.port(), "twice", true)) {
                client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId("twice").build());
                assertThat(client.awaitClosed(5)).as("second CONNECT").isTrue();
            }
            try (CodecClient client = CodecClient.connected311(broker.port(), "bad-filter", true)) {
                client.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_MOST_ONCE, "a/#/b").build());
                assertThat(client.awaitClosed(5)).as("invalid topic filter").isTrue();
            }
            try (CodecClient client = CodecClient.connected311(broker.port(), "garbled", true)) {
                client.sendRaw(HexFormat.of().parseHex("3005" + "0002c328" + "78")); // topic bytes c3 28: ill-formed UTF-8
                assertThat(client.awaitClosed(5)).as("ill-formed UTF-8").isTrue();
            }
            try (CodecClient client = CodecClient.connectTo(broker.port())) {
                // CONNECT, protocol level 4, flags 0x01: the reserved bit set.
                client.sendRaw(HexFormat.of().parseHex("100d00044d5154540401003c0001" + "61"));
                assertThat(client.poll(500)).as("no CONNACK").isNull();
                assertThat(client.awaitClosed(5)).isTrue();
            }
        }
    }

    @Test
    void an_unsupported_protocol_level_gets_connack_0x01() throws Exception {
        try (TestBroker broker = TestBroker.start(); CodecClient client = CodecClient.connectTo(broker.port())) {
            client.sendRaw(HexFormat.of().parseHex("100d00044d5154540602003c000161")); // level 6
            MqttConnAckMessage connack = (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
            assertThat(connack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x01);
            assertThat(client.awaitClosed(5)).isTrue();
        }
    }

    @Test
    void an_empty_client_id_is_assigned_with_clean_session_and_rejected_without() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            try (CodecClient client = CodecClient.connectTo(broker.port())) {
                client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId("").cleanSession(false).build());
                MqttConnAckMessage connack = (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
                assertThat(connack.variableHeader().connectReturnCode().byteValue()).isEqualTo((byte) 0x02);
            }
            try (CodecClient client = CodecClient.connectTo(broker.port())) {
                client.send(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId("").cleanSession(true).build());
                MqttConnAckMessage connack = (MqttConnAckMessage) client.expect(MqttMessageType.CONNACK).message();
                assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
                assertThat(broker.server().sessions().all()).extracting(s -> s.clientId()).anyMatch(id -> id.startsWith("gannet-"));
            }
        }
    }

    @Test
    void an_oversized_packet_is_refused_from_its_header_before_it_is_buffered() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-packet-size", "1024"));
             CodecClient client = CodecClient.connected311(broker.port(), "big", true)) {
            // A PUBLISH header announcing 100 MB; no body follows.
            client.sendRaw(HexFormat.of().parseHex("30" + "80a8d62f"));
            assertThat(client.awaitClosed(5)).isTrue();
        }
    }

    @Test
    void a_connection_that_never_sends_connect_is_closed_after_the_timeout() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.connect-timeout-seconds", "1"));
             CodecClient idle = CodecClient.connectTo(broker.port())) {
            assertThat(idle.awaitClosed(5)).isTrue();
        }
    }
}
