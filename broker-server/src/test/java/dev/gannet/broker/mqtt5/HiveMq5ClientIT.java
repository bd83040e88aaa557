package dev.gannet.broker.mqtt5;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.gannet.broker.testing.TestBroker;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The HiveMQ MQTT 5 client against Gannet: what an application written with it sees. */
class HiveMq5ClientIT {

    private static Mqtt5BlockingClient client(TestBroker broker, String id) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
    }

    @Test
    void request_response_round_trip_with_response_topic_and_correlation_data() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient service = client(broker, "service");
            Mqtt5BlockingClient caller = client(broker, "caller");
            service.connect();
            caller.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes requests = service.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
                 Mqtt5BlockingClient.Mqtt5Publishes replies = caller.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                service.subscribeWith().topicFilter("svc/time").qos(MqttQos.AT_LEAST_ONCE).send();
                caller.subscribeWith().topicFilter("replies/caller").qos(MqttQos.AT_LEAST_ONCE).send();

                caller.publishWith().topic("svc/time").qos(MqttQos.AT_LEAST_ONCE).responseTopic("replies/caller")
                        .correlationData("req-1".getBytes(StandardCharsets.UTF_8))
                        .userProperties().add("locale", "en").applyUserProperties()
                        .payload("what time?".getBytes(StandardCharsets.UTF_8)).send();

                Optional<Mqtt5Publish> request = requests.receive(5, TimeUnit.SECONDS);
                assertThat(request).isPresent();
                assertThat(request.get().getResponseTopic()).map(Object::toString).contains("replies/caller");
                assertThat(request.get().getUserProperties().asList()).hasSize(1);
                service.publishWith().topic(request.get().getResponseTopic().get()).qos(MqttQos.AT_LEAST_ONCE)
                        .correlationData(request.get().getCorrelationData().get())
                        .payload("noon".getBytes(StandardCharsets.UTF_8)).send();

                Optional<Mqtt5Publish> reply = replies.receive(5, TimeUnit.SECONDS);
                assertThat(reply).isPresent();
                assertThat(new String(reply.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("noon");
                assertThat(StandardCharsets.UTF_8.decode(reply.get().getCorrelationData().get()).toString()).isEqualTo("req-1");
            }
            service.disconnect();
            caller.disconnect();
        }
    }

    @Test
    void a_session_with_an_expiry_interval_keeps_messages_until_the_client_returns() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient sub = client(broker, "returning");
            sub.connectWith().cleanStart(true).sessionExpiryInterval(60).send();
            sub.subscribeWith().topicFilter("inbox/#").qos(MqttQos.EXACTLY_ONCE).send();
            sub.disconnect();

            Mqtt5BlockingClient pub = client(broker, "sender");
            pub.connect();
            Mqtt5PublishResult result = pub.publishWith().topic("inbox/1").qos(MqttQos.EXACTLY_ONCE)
                    .messageExpiryInterval(120).payload("while you were away".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(result.getError()).isEmpty();
            pub.disconnect();

            Mqtt5BlockingClient back = client(broker, "returning");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = back.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                Mqtt5ConnAck connack = back.connectWith().cleanStart(false).sessionExpiryInterval(60).send();
                assertThat(connack.isSessionPresent()).isTrue();
                Optional<Mqtt5Publish> got = publishes.receive(5, TimeUnit.SECONDS);
                assertThat(got).isPresent();
                assertThat(got.get().getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
                assertThat(got.get().getMessageExpiryInterval().getAsLong()).isBetween(110L, 120L);
            }
            back.disconnect();
        }
    }

    @Test
    void publishing_to_a_topic_nobody_follows_reports_no_matching_subscribers() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient pub = client(broker, "lonely");
            pub.connect();
            Mqtt5PublishResult result = pub.publishWith().topic("void").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1}).send();
            assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
            pub.disconnect();
        }
    }

    @Test
    void a_will_with_a_delay_arrives_after_the_client_vanishes() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt5BlockingClient watcher = client(broker, "watcher");
            watcher.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes wills = watcher.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                watcher.subscribeWith().topicFilter("status/+").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5BlockingClient device = client(broker, "device-7");
                device.connectWith().sessionExpiryInterval(30).willPublish().topic("status/device-7")
                        .payload("lost".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).delayInterval(1)
                        .contentType("text/plain").applyWillPublish().send();
                device.disconnectWith().reasonCode(com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode
                        .DISCONNECT_WITH_WILL_MESSAGE).send();
                Optional<Mqtt5Publish> will = wills.receive(5, TimeUnit.SECONDS);
                assertThat(will).isPresent();
                assertThat(will.get().getContentType()).map(Object::toString).contains("text/plain");
                assertThat(new String(will.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("lost");
            }
            watcher.disconnect();
        }
    }
}
