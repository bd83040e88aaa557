package dev.gannet.broker.interop;

import dev.gannet.broker.session.ClientType;
import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DEVICE and APPLICATION clients have their own queue limits and message ages, visible in metrics. */
class ClientTypeLimitsIT {

    private static void subscribeThenLeave(TestBroker broker, String clientId) throws InterruptedException {
        try (CodecClient sub = CodecClient.connected311(broker.port(), clientId, false)) {
            sub.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, "typed/#").build());
            sub.expect(MqttMessageType.SUBACK);
            sub.send(MqttMessageBuilders.disconnect().build());
            sub.awaitClosed(5);
        }
    }

    private static void publish(CodecClient pub, int packetId, String payload) throws InterruptedException {
        pub.send(MqttMessageBuilders.publish().topicName("typed/x").qos(MqttQoS.AT_LEAST_ONCE).messageId(packetId)
                .payload(io.netty.buffer.Unpooled.wrappedBuffer(payload.getBytes(StandardCharsets.UTF_8))).build());
        pub.expect(MqttMessageType.PUBACK);
    }

    private static List<String> collect(TestBroker broker, String clientId) throws InterruptedException {
        List<String> got = new ArrayList<>();
        try (CodecClient back = CodecClient.connected311(broker.port(), clientId, false)) {
            CodecClient.Received next;
            while ((next = back.poll(500)) != null) {
                got.add(next.payloadText());
                back.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        MqttMessageIdVariableHeader.from(next.publish().variableHeader().packetId())));
            }
        }
        return got;
    }

    @Test
    void the_default_client_type_picks_the_queue_limit_and_drops_are_counted_per_type() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.default-client-type", "application",
                "session.application.max-queued-messages", "3", "session.device.max-queued-messages", "1"));
             CodecClient pub = CodecClient.connected311(broker.port(), "pub", true)) {
            subscribeThenLeave(broker, "analytics");
            for (int i = 1; i <= 5; i++) {
                publish(pub, i, "m" + i);
            }
            assertThat(collect(broker, "analytics")).containsExactly("m3", "m4", "m5");
            assertThat(broker.server().metrics().messagesDroppedQueueFull(ClientType.APPLICATION)).isEqualTo(2);
            assertThat(broker.server().metrics().messagesDroppedQueueFull(ClientType.DEVICE)).isZero();
            assertThat(broker.server().sessions().get("analytics").clientType()).isEqualTo(ClientType.APPLICATION);
        }
    }

    @Test
    void a_message_older_than_the_types_age_limit_is_dropped_not_delivered() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.device.max-message-age-seconds", "1"));
             CodecClient pub = CodecClient.connected311(broker.port(), "pub", true)) {
            subscribeThenLeave(broker, "sensor-gateway");
            publish(pub, 1, "stale-1");
            publish(pub, 2, "stale-2");
            Thread.sleep(1_300);
            publish(pub, 3, "fresh");
            assertThat(collect(broker, "sensor-gateway")).containsExactly("fresh");
            assertThat(broker.server().metrics().messagesDroppedExpired()).isEqualTo(2);
        }
    }
}
