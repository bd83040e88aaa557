package dev.gannet.broker.interop;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import dev.gannet.broker.auth.AuthenticationResult;
import dev.gannet.broker.auth.Authenticator;
import dev.gannet.broker.auth.Authorizer;
import dev.gannet.broker.auth.ClientIdentity;
import dev.gannet.broker.testing.TestBroker;
import dev.gannet.model.topic.TopicFilter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The HiveMQ MQTT client speaking MQTT 3.1.1: shared subscriptions, CONNACK and SUBACK codes. */
class HiveMqMqtt3IT {

    private static Mqtt3BlockingClient client(TestBroker broker, String id) {
        return Mqtt3Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
    }

    private static List<String> drain(Mqtt3BlockingClient.Mqtt3Publishes publishes) throws InterruptedException {
        List<String> out = new ArrayList<>();
        Optional<Mqtt3Publish> next;
        while ((next = publishes.receive(400, TimeUnit.MILLISECONDS)).isPresent()) {
            out.add(new String(next.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void a_shared_subscription_sends_each_message_to_one_member_round_robin() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt3BlockingClient a = client(broker, "worker-a");
            Mqtt3BlockingClient b = client(broker, "worker-b");
            a.connect();
            b.connect();
            try (Mqtt3BlockingClient.Mqtt3Publishes toA = a.publishes(MqttGlobalPublishFilter.ALL);
                 Mqtt3BlockingClient.Mqtt3Publishes toB = b.publishes(MqttGlobalPublishFilter.ALL)) {
                a.subscribeWith().topicFilter("$share/workers/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send();
                b.subscribeWith().topicFilter("$share/workers/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt3BlockingClient pub = client(broker, "dispatcher");
                pub.connect();
                for (int i = 0; i < 10; i++) {
                    pub.publishWith().topic("jobs/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(("job-" + i).getBytes(StandardCharsets.UTF_8)).send();
                }
                List<String> gotA = drain(toA);
                List<String> gotB = drain(toB);
                assertThat(gotA).hasSize(5);
                assertThat(gotB).hasSize(5);
                List<String> all = new ArrayList<>(gotA);
                all.addAll(gotB);
                assertThat(all).containsExactlyInAnyOrder("job-0", "job-1", "job-2", "job-3", "job-4",
                        "job-5", "job-6", "job-7", "job-8", "job-9");
                pub.disconnect();
            }
            a.disconnect();
            b.disconnect();
        }
    }

    @Test
    void with_no_member_online_a_shared_message_waits_in_a_persistent_members_queue() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            Mqtt3BlockingClient member = client(broker, "sleepy-worker");
            member.connectWith().cleanSession(false).send();
            member.subscribeWith().topicFilter("$share/g/tasks").qos(MqttQos.AT_LEAST_ONCE).send();
            member.disconnect();

            Mqtt3BlockingClient pub = client(broker, "boss");
            pub.connect();
            pub.publishWith().topic("tasks").qos(MqttQos.AT_LEAST_ONCE).payload("do it".getBytes(StandardCharsets.UTF_8)).send();
            pub.disconnect();

            Mqtt3BlockingClient back = client(broker, "sleepy-worker");
            try (Mqtt3BlockingClient.Mqtt3Publishes publishes = back.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(back.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
                assertThat(drain(publishes)).containsExactly("do it");
            }
            back.disconnect();
        }
    }

    @Test
    void a_filter_the_client_may_not_use_gets_0x80_and_the_others_are_granted() throws Exception {
        Authorizer noAdmin = new Authorizer() {
            @Override
            public boolean canPublish(ClientIdentity client, String topic) {
                return true;
            }

            @Override
            public boolean canSubscribe(ClientIdentity client, TopicFilter filter) {
                return !filter.filter().startsWith("admin/");
            }
        };
        try (TestBroker broker = TestBroker.start(Map.of(), Authenticator.ALLOW_ANONYMOUS, noAdmin)) {
            Mqtt3BlockingClient client = client(broker, "curious");
            client.connect();
            // The HiveMQ client reports a SUBACK with any failure code as an exception that carries it.
            Mqtt3SubAck suback = subackOf(() -> client.subscribeWith()
                    .addSubscription().topicFilter("admin/#").qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                    .addSubscription().topicFilter("public/#").qos(MqttQos.EXACTLY_ONCE).applySubscription()
                    .send());
            assertThat(suback.getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE, Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_2);
            client.disconnect();
        }
    }

    @Test
    void shared_subscriptions_switched_off_get_0x80() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.shared-subscriptions-enabled", "false"))) {
            Mqtt3BlockingClient client = client(broker, "sharer");
            client.connect();
            assertThat(subackOf(() -> client.subscribeWith().topicFilter("$share/g/x").qos(MqttQos.AT_MOST_ONCE).send())
                    .getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE);
            client.disconnect();
        }
    }

    @Test
    void connack_return_codes_for_credentials_and_capacity() throws Exception {
        Authenticator authenticator = (identity, password) -> {
            if ("nobody".equals(identity.username())) {
                return AuthenticationResult.NOT_AUTHORIZED;
            }
            if (password != null && !"secret".equals(new String(password, StandardCharsets.UTF_8))) {
                return AuthenticationResult.BAD_USERNAME_OR_PASSWORD;
            }
            return AuthenticationResult.ACCEPTED;
        };
        try (TestBroker broker = TestBroker.start(Map.of("mqtt.max-connections", "1"), authenticator, Authorizer.ALLOW_ALL)) {
            assertThat(refusal(() -> client(broker, "a").connectWith().simpleAuth().username("alice")
                    .password("wrong".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send()))
                    .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
            assertThat(refusal(() -> client(broker, "b").connectWith().simpleAuth().username("nobody").applySimpleAuth().send()))
                    .isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
            Mqtt3BlockingClient first = client(broker, "c");
            first.connectWith().simpleAuth().username("alice").password("secret".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
            assertThat(refusal(() -> client(broker, "d").connect())).isEqualTo(Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE);
            first.disconnect();
        }
    }

    private static Mqtt3SubAck subackOf(java.util.function.Supplier<Mqtt3SubAck> subscribe) {
        try {
            return subscribe.get();
        } catch (com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException e) {
            return e.getMqttMessage();
        }
    }

    private static Mqtt3ConnAckReturnCode refusal(Runnable connect) {
        try {
            connect.run();
        } catch (Mqtt3ConnAckException e) {
            return e.getMqttMessage().getReturnCode();
        }
        throw new AssertionError("the CONNECT was accepted");
    }
}
