package dev.gannet.broker.mqtt5;

import dev.gannet.broker.testing.CodecClient;
import dev.gannet.broker.testing.TestBroker;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.gannet.broker.mqtt5.Mqtt5Support.integer;
import static dev.gannet.broker.mqtt5.Mqtt5Support.option;
import static dev.gannet.broker.mqtt5.Mqtt5Support.packetId;
import static dev.gannet.broker.mqtt5.Mqtt5Support.properties;
import static dev.gannet.broker.mqtt5.Mqtt5Support.reasonCode;
import static dev.gannet.broker.mqtt5.Mqtt5Support.subscribe;
import static dev.gannet.broker.testing.CodecClient.publish5;
import static org.assertj.core.api.Assertions.assertThat;

/** Subscription options, subscription identifiers and SUBACK/UNSUBACK reason codes in MQTT 5. */
class Mqtt5SubscriptionIT {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void retain(CodecClient pub, String topic, String payload) throws InterruptedException {
        pub.send(MqttMessageBuilders.publish().topicName(topic).retained(true).qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(packetId()).payload(io.netty.buffer.Unpooled.wrappedBuffer(bytes(payload))).build());
        pub.expect(MqttMessageType.PUBACK);
    }

    @Test
    void no_local_keeps_a_clients_own_messages_from_coming_back() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient chat = CodecClient.connected5(broker.port(), "chat", true, MqttProperties.NO_PROPERTIES);
             CodecClient other = CodecClient.connected5(broker.port(), "other", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(chat, "room", option(0, true, false, 0), MqttProperties.NO_PROPERTIES);
            chat.send(publish5("room", 0, 0, bytes("mine"), MqttProperties.NO_PROPERTIES));
            other.send(publish5("room", 0, 0, bytes("theirs"), MqttProperties.NO_PROPERTIES));
            assertThat(chat.expect(MqttMessageType.PUBLISH).payloadText()).isEqualTo("theirs");
            assertThat(chat.poll(300)).isNull();
        }
    }

    @Test
    void retain_as_published_keeps_the_retain_flag_on_forwarded_messages() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient keeps = CodecClient.connected5(broker.port(), "keeps", true, MqttProperties.NO_PROPERTIES);
             CodecClient clears = CodecClient.connected5(broker.port(), "clears", true, MqttProperties.NO_PROPERTIES);
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(keeps, "rap", option(1, false, true, 0), MqttProperties.NO_PROPERTIES);
            subscribe(clears, "rap", option(1, false, false, 0), MqttProperties.NO_PROPERTIES);
            retain(pub, "rap", "x");
            assertThat(keeps.expect(MqttMessageType.PUBLISH).publish().fixedHeader().isRetain()).isTrue();
            assertThat(clears.expect(MqttMessageType.PUBLISH).publish().fixedHeader().isRetain()).isFalse();
        }
    }

    @Test
    void retain_handling_0_always_1_only_for_a_new_subscription_2_never() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES);
             CodecClient sub = CodecClient.connected5(broker.port(), "sub", true, MqttProperties.NO_PROPERTIES)) {
            retain(pub, "rh/a", "retained");
            subscribe(sub, "rh/#", option(1, false, false, 1), MqttProperties.NO_PROPERTIES);
            assertThat(sub.expect(MqttMessageType.PUBLISH).payloadText()).as("1: new subscription").isEqualTo("retained");
            subscribe(sub, "rh/#", option(1, false, false, 1), MqttProperties.NO_PROPERTIES);
            assertThat(sub.poll(300)).as("1: existing subscription").isNull();
            subscribe(sub, "rh/#", option(1, false, false, 0), MqttProperties.NO_PROPERTIES);
            assertThat(sub.expect(MqttMessageType.PUBLISH).payloadText()).as("0: always").isEqualTo("retained");
            subscribe(sub, "rh/+", option(1, false, false, 2), MqttProperties.NO_PROPERTIES);
            assertThat(sub.poll(300)).as("2: never").isNull();
        }
    }

    @Test
    void overlapping_subscriptions_send_one_copy_with_every_subscription_identifier() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient sub = CodecClient.connected5(broker.port(), "sub", true, MqttProperties.NO_PROPERTIES);
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(sub, "sid/#", option(1, false, false, 0), properties(integer(MqttProperties.SUBSCRIPTION_IDENTIFIER, 7)));
            subscribe(sub, "sid/+", option(2, false, false, 0), properties(integer(MqttProperties.SUBSCRIPTION_IDENTIFIER, 300)));
            subscribe(sub, "sid/x", option(0, false, false, 0), MqttProperties.NO_PROPERTIES);
            pub.send(publish5("sid/x", 2, packetId(), bytes("once"), MqttProperties.NO_PROPERTIES));
            MqttPublishMessage got = sub.expect(MqttMessageType.PUBLISH).publish();
            assertThat(got.fixedHeader().qosLevel()).as("highest granted QoS").isEqualTo(MqttQoS.EXACTLY_ONCE);
            assertThat(got.variableHeader().properties().getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER))
                    .extracting(p -> p.value()).containsExactlyInAnyOrder(7, 300);
            sub.send(Mqtt5Support.ack(MqttMessageType.PUBREC, got.variableHeader().packetId()));
            sub.expect(MqttMessageType.PUBREL);
            assertThat(sub.poll(300)).as("one copy only").isNull();
        }
    }

    @Test
    void suback_reason_codes_say_why_a_filter_is_refused() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.shared-subscriptions-enabled", "false",
                "mqtt.wildcard-subscriptions-enabled", "false", "mqtt.max-qos", "1"));
             CodecClient sub = CodecClient.connected5(broker.port(), "sub", true, MqttProperties.NO_PROPERTIES)) {
            assertThat(subscribe(sub, "$share/g/jobs", 1)).containsExactly(0x9E);
            assertThat(subscribe(sub, "jobs/+", 1)).containsExactly(0xA2);
            assertThat(subscribe(sub, "jobs/exact", 2)).as("granted QoS capped at the maximum").containsExactly(1);
        }
    }

    @Test
    void a_subscription_identifier_when_they_are_disabled_disconnects_with_0xa1() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.subscription-identifiers-enabled", "false"));
             CodecClient sub = CodecClient.connected5(broker.port(), "sub", true, MqttProperties.NO_PROPERTIES)) {
            sub.send(MqttMessageBuilders.subscribe().messageId(packetId()).addSubscription("a", option(0, false, false, 0))
                    .properties(properties(integer(MqttProperties.SUBSCRIPTION_IDENTIFIER, 1))).build());
            assertThat(reasonCode(sub.expect(MqttMessageType.DISCONNECT).message())).isEqualTo(0xA1);
        }
    }

    @Test
    void an_invalid_filter_disconnects_with_protocol_error() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient sub = CodecClient.connected5(broker.port(), "sub", true, MqttProperties.NO_PROPERTIES)) {
            sub.send(MqttMessageBuilders.subscribe().messageId(packetId()).addSubscription("a/#/b", option(0, false, false, 0)).build());
            assertThat(reasonCode(sub.expect(MqttMessageType.DISCONNECT).message())).isEqualTo(0x82);
            assertThat(sub.awaitClosed(5)).isTrue();
        }
    }

    @Test
    void unsuback_says_which_subscriptions_existed() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient sub = CodecClient.connected5(broker.port(), "sub", true, MqttProperties.NO_PROPERTIES)) {
            subscribe(sub, "here", 0);
            sub.send(MqttMessageBuilders.unsubscribe().messageId(packetId()).addTopicFilter("here").addTopicFilter("not-here").build());
            MqttUnsubAckMessage unsuback = (MqttUnsubAckMessage) sub.expect(MqttMessageType.UNSUBACK).message();
            assertThat(unsuback.payload().unsubscribeReasonCodes()).containsExactly((short) 0x00, (short) 0x11);
        }
    }

    @Test
    void shared_subscriptions_in_mqtt5_form_spread_messages_over_members() throws Exception {
        try (TestBroker broker = TestBroker.start();
             CodecClient a = CodecClient.connected5(broker.port(), "a", true, MqttProperties.NO_PROPERTIES);
             CodecClient b = CodecClient.connected5(broker.port(), "b", true, MqttProperties.NO_PROPERTIES);
             CodecClient pub = CodecClient.connected5(broker.port(), "pub", true, MqttProperties.NO_PROPERTIES)) {
            assertThat(subscribe(a, "$share/workers/jobs/#", 0)).containsExactly(0);
            assertThat(subscribe(b, "$share/workers/jobs/#", 0)).containsExactly(0);
            for (int i = 0; i < 10; i++) {
                pub.send(publish5("jobs/" + i, 0, 0, bytes("j" + i), MqttProperties.NO_PROPERTIES));
            }
            int toA = 0;
            int toB = 0;
            while (a.poll(300) != null) {
                toA++;
            }
            while (b.poll(300) != null) {
                toB++;
            }
            assertThat(toA + toB).isEqualTo(10);
            assertThat(toA).isEqualTo(5);
        }
    }
}
