package dev.gannet.broker.interop;

import dev.gannet.broker.session.Session;
import dev.gannet.broker.testing.PahoClients;
import dev.gannet.broker.testing.PahoClients.Client;
import dev.gannet.broker.testing.PahoClients.Received;
import dev.gannet.broker.testing.RawMqttClient;
import dev.gannet.broker.testing.RawMqttClient.Packet;
import dev.gannet.broker.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** session.device.max-queued-messages and session.device.queue-overflow, seen by an offline persistent Paho subscriber. */
class QueueOverflowIT {

    private static final String SUBSCRIBER = "offline-subscriber";

    @Test
    void drop_oldest_keeps_the_newest_messages_for_an_offline_subscriber() throws Exception {
        assertReceivedAfterOverflow("drop-oldest", "m3", "m4", "m5");
    }

    @Test
    void drop_newest_keeps_the_oldest_messages_for_an_offline_subscriber() throws Exception {
        assertReceivedAfterOverflow("drop-newest", "m1", "m2", "m3");
    }

    @Test
    void drop_oldest_is_the_default_policy() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.device.max-queued-messages", "3"))) {
            goOffline(broker);
            publishFive(broker);
            assertThat(reconnectAndReceive(broker)).extracting(Received::payload).containsExactly("m3", "m4", "m5");
        }
    }

    @Test
    void qos0_messages_are_not_queued_for_an_offline_subscriber_and_do_not_count_as_overflow() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("session.device.max-queued-messages", "3"))) {
            goOffline(broker);
            try (Client pub = PahoClients.connect(broker, "publisher", true)) {
                for (int i = 1; i <= 5; i++) {
                    pub.publish("queue/t", "q0-" + i, 0, false);
                }
                pub.publish("queue/t", "q1", 1, false);
            }
            assertThat(broker.server().sessions().get(SUBSCRIBER).queuedCount()).isEqualTo(1);
            assertThat(broker.server().metrics().messagesDroppedQueueFull()).isZero();
            assertThat(reconnectAndReceive(broker)).extracting(Received::payload).containsExactly("q1");
        }
    }

    @Test
    void queue_of_an_online_subscriber_with_a_full_inflight_window_overflows_by_the_same_policy() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of(
                "session.max-inflight", "1", "session.device.max-queued-messages", "2", "session.device.queue-overflow", "drop-oldest"));
             RawMqttClient subscriber = RawMqttClient.open(broker.port());
             Client pub = PahoClients.connect(broker, "publisher", true)) {
            subscriber.connectAndAwaitConnack("online-slow", true, 0);
            subscriber.subscribeAndAwaitSuback(1, "queue/#", 1);
            pub.publish("queue/t", "m1", 1, false);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> broker.server().sessions().get("online-slow").inflightCount() == 1);
            for (int i = 2; i <= 5; i++) {
                pub.publish("queue/t", "m" + i, 1, false);
            }
            // m1 is in flight; m2..m5 went through a queue of 2, keeping the newest.
            Packet first = subscriber.expect(RawMqttClient.PUBLISH, 5_000);
            assertThat(first.payloadText()).isEqualTo("m1");
            assertThat(broker.server().metrics().messagesDroppedQueueFull()).isEqualTo(2);
            List<String> rest = new ArrayList<>();
            subscriber.puback(first.packetId());
            for (int i = 0; i < 2; i++) {
                Packet next = subscriber.expect(RawMqttClient.PUBLISH, 5_000);
                rest.add(next.payloadText());
                subscriber.puback(next.packetId());
            }
            assertThat(rest).containsExactly("m4", "m5");
            assertThat(subscriber.read(400)).isNull();
        }
    }

    private static void assertReceivedAfterOverflow(String policy, String... expected) throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of(
                "session.device.max-queued-messages", "3", "session.device.queue-overflow", policy))) {
            goOffline(broker);
            publishFive(broker);
            assertThat(broker.server().sessions().get(SUBSCRIBER).queuedCount()).isEqualTo(3);
            assertThat(broker.server().metrics().messagesDroppedQueueFull()).isEqualTo(2);
            assertThat(reconnectAndReceive(broker)).extracting(Received::payload).containsExactly(expected);
            assertThat(broker.server().metrics().messagesDroppedQueueFull()).isEqualTo(2);
        }
    }

    private static void goOffline(TestBroker broker) throws Exception {
        try (Client sub = PahoClients.connect(broker, SUBSCRIBER, false)) {
            sub.subscribe("queue/#", 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Session session = broker.server().sessions().get(SUBSCRIBER);
            return session != null && !session.isConnected();
        });
    }

    /** Five QoS 1 messages m1..m5; each publish returns after its PUBACK, so routing is done. */
    private static void publishFive(TestBroker broker) throws Exception {
        try (Client pub = PahoClients.connect(broker, "publisher", true)) {
            for (int i = 1; i <= 5; i++) {
                pub.publish("queue/t", "m" + i, 1, false);
            }
        }
    }

    /** Reconnects the persistent subscriber and returns what it receives, checking nothing more follows. */
    private static List<Received> reconnectAndReceive(TestBroker broker) throws Exception {
        Client again = PahoClients.create(broker, SUBSCRIBER);
        try (again) {
            assertThat(again.paho().connectWithResult(
                    PahoClients.options(MqttConnectOptions.MQTT_VERSION_3_1_1, false)).getSessionPresent()).isTrue();
            List<Received> received = new ArrayList<>();
            Received next;
            while ((next = again.poll(received.isEmpty() ? 5_000 : 400)) != null) {
                received.add(next);
            }
            return received;
        }
    }
}
