package dev.gannet.broker.interop;

import dev.gannet.broker.testing.TestBroker;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Eclipse Paho (MQTT 3.1.1 and 3.1) against Gannet: what applications written with it see. */
class PahoMqtt311IT {

    /** One delivery as a Paho subscriber saw it. */
    record Got(String topic, String payload, int qos, boolean retained) {
    }

    private TestBroker broker;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() throws MqttException {
        for (MqttClient client : clients) {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 100);
            }
            client.close(true);
        }
        broker.close();
    }

    private MqttClient client(String id, boolean cleanSession, int version) throws MqttException {
        MqttClient client = new MqttClient(broker.tcpUri(), id, new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(cleanSession);
        options.setMqttVersion(version);
        options.setAutomaticReconnect(false);
        // Paho 1.2.5 can count a completed synchronous publish as still in flight for a moment
        // ("Too many publishes in progress"); a window larger than any test's burst keeps that race out.
        options.setMaxInflight(1_000);
        client.connect(options);
        return client;
    }

    private MqttClient client(String id) throws MqttException {
        return client(id, true, MqttConnectOptions.MQTT_VERSION_3_1_1);
    }

    private static IMqttMessageListener into(BlockingQueue<Got> queue) {
        return (topic, message) -> queue.add(new Got(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                message.getQos(), message.isRetained()));
    }

    private static org.eclipse.paho.client.mqttv3.MqttCallback callbackInto(BlockingQueue<Got> queue) {
        return new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                queue.add(new Got(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void every_qos_round_trips_and_is_downgraded_to_the_granted_qos() throws Exception {
        BlockingQueue<Got> q2 = new LinkedBlockingQueue<>();
        BlockingQueue<Got> q0 = new LinkedBlockingQueue<>();
        client("sub2").subscribe("qos/+", 2, into(q2));
        client("sub0").subscribe("qos/+", 0, into(q0));
        MqttClient pub = client("pub");
        for (int qos = 0; qos <= 2; qos++) {
            pub.publish("qos/" + qos, bytes("m" + qos), qos, false);
        }
        for (int qos = 0; qos <= 2; qos++) {
            assertThat(q2.poll(5, TimeUnit.SECONDS)).isEqualTo(new Got("qos/" + qos, "m" + qos, qos, false));
            assertThat(q0.poll(5, TimeUnit.SECONDS)).isEqualTo(new Got("qos/" + qos, "m" + qos, 0, false));
        }
    }

    @Test
    void wildcards_match_and_dollar_topics_are_not_matched_by_a_leading_wildcard() throws Exception {
        BlockingQueue<Got> all = new LinkedBlockingQueue<>();
        BlockingQueue<Got> sys = new LinkedBlockingQueue<>();
        client("all").subscribe("#", 1, into(all));
        client("sys").subscribe("$SYS/#", 1, into(sys));
        MqttClient pub = client("pub");
        pub.publish("$SYS/test", bytes("s"), 1, false);
        pub.publish("home/kitchen/temp", bytes("21"), 1, false);
        assertThat(sys.poll(5, TimeUnit.SECONDS).topic()).isEqualTo("$SYS/test");
        assertThat(all.poll(5, TimeUnit.SECONDS).topic()).isEqualTo("home/kitchen/temp");
        assertThat(all.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void overlapping_subscriptions_deliver_once_at_the_highest_qos() throws Exception {
        BlockingQueue<Got> got = new LinkedBlockingQueue<>();
        MqttClient sub = client("overlap");
        // One callback for the client: Paho would hand one PUBLISH to every matching per-filter listener.
        sub.setCallback(callbackInto(got));
        sub.subscribe(new String[] {"a/#", "a/+", "a/b"}, new int[] {0, 2, 1});
        client("pub").publish("a/b", bytes("x"), 2, false);
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(new Got("a/b", "x", 2, false));
        assertThat(got.poll(400, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void retained_messages_are_set_replaced_cleared_and_sent_on_subscribe_with_retain() throws Exception {
        MqttClient pub = client("pub");
        pub.publish("state/door", bytes("open"), 1, true);
        pub.publish("state/door", bytes("closed"), 1, true);
        pub.publish("state/light", bytes("on"), 0, true);

        BlockingQueue<Got> first = new LinkedBlockingQueue<>();
        MqttClient sub = client("sub");
        sub.subscribe("state/+", 1, into(first));
        List<Got> retained = List.of(first.poll(5, TimeUnit.SECONDS), first.poll(5, TimeUnit.SECONDS));
        assertThat(retained).containsExactlyInAnyOrder(new Got("state/door", "closed", 1, true), new Got("state/light", "on", 0, true));

        pub.publish("state/door", bytes("ajar"), 1, true);
        assertThat(first.poll(5, TimeUnit.SECONDS)).as("live delivery clears RETAIN")
                .isEqualTo(new Got("state/door", "ajar", 1, false));

        pub.publish("state/door", new byte[0], 1, true);
        assertThat(first.poll(5, TimeUnit.SECONDS).payload()).as("the clearing message is delivered too").isEmpty();
        BlockingQueue<Got> later = new LinkedBlockingQueue<>();
        client("later").subscribe("state/#", 1, into(later));
        assertThat(later.poll(5, TimeUnit.SECONDS)).isEqualTo(new Got("state/light", "on", 0, true));
        assertThat(later.poll(400, TimeUnit.MILLISECONDS)).as("state/door was cleared").isNull();
    }

    @Test
    void a_persistent_session_receives_in_order_what_was_published_while_it_was_offline() throws Exception {
        MqttClient sub = client("persistent", false, MqttConnectOptions.MQTT_VERSION_3_1_1);
        sub.subscribe("orders/#", 2);
        sub.disconnect();

        MqttClient pub = client("pub");
        for (int i = 0; i < 20; i++) {
            pub.publish("orders/q1", bytes("order-" + i), 1, false);
        }
        for (int i = 0; i < 5; i++) {
            pub.publish("orders/q2", bytes("exact-" + i), 2, false);
        }
        pub.publish("orders/qos0", bytes("lost"), 0, false);

        BlockingQueue<Got> got = new LinkedBlockingQueue<>();
        MqttClient back = new MqttClient(broker.tcpUri(), "persistent", new MemoryPersistence());
        clients.add(back);
        back.setCallback(callbackInto(got));
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        assertThat(back.connectWithResult(options).getSessionPresent()).isTrue();
        List<Got> received = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Got next = got.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("message %d of 25", i).isNotNull();
            received.add(next);
        }
        // Same topic and QoS: in publication order (MQTT-4.6.0-5). Paho hands QoS 2 messages over only
        // after PUBREL, so the two topics interleave differently; each keeps its own order.
        assertThat(received.stream().filter(g -> g.topic().equals("orders/q1")).map(Got::payload))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "order-" + i).toList());
        assertThat(received.stream().filter(g -> g.topic().equals("orders/q2")).map(Got::payload))
                .containsExactly("exact-0", "exact-1", "exact-2", "exact-3", "exact-4");
        assertThat(got.poll(400, TimeUnit.MILLISECONDS)).as("QoS 0 is not kept for offline clients").isNull();
    }

    @Test
    void a_clean_session_discards_the_previous_one() throws Exception {
        MqttClient sub = client("forgetful", false, MqttConnectOptions.MQTT_VERSION_3_1_1);
        sub.subscribe("news", 1);
        sub.disconnect();
        client("pub").publish("news", bytes("missed"), 1, false);

        MqttClient fresh = new MqttClient(broker.tcpUri(), "forgetful", new MemoryPersistence());
        clients.add(fresh);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        assertThat(fresh.connectWithResult(options).getSessionPresent()).isFalse();
        assertThat(broker.server().sessions().get("forgetful").subscriptions()).isEmpty();
    }

    @Test
    void a_will_is_published_when_the_connection_is_lost_and_not_after_disconnect() throws Exception {
        BlockingQueue<Got> wills = new LinkedBlockingQueue<>();
        client("watcher").subscribe("wills/#", 1, into(wills));

        MqttClient polite = new MqttClient(broker.tcpUri(), "polite", new MemoryPersistence());
        clients.add(polite);
        MqttConnectOptions withWill = new MqttConnectOptions();
        withWill.setWill("wills/polite", bytes("gone"), 1, false);
        polite.connect(withWill);
        polite.disconnect();
        assertThat(wills.poll(400, TimeUnit.MILLISECONDS)).isNull();

        MqttClient crashing = new MqttClient(broker.tcpUri(), "crashing", new MemoryPersistence());
        clients.add(crashing);
        MqttConnectOptions retainedWill = new MqttConnectOptions();
        retainedWill.setWill("wills/crashing", bytes("gone"), 1, true);
        crashing.connect(retainedWill);
        // A takeover by the same client id is a connection lost without DISCONNECT for the first one.
        client("crashing");
        assertThat(wills.poll(5, TimeUnit.SECONDS)).isEqualTo(new Got("wills/crashing", "gone", 1, false));
        assertThat(broker.server().retained().get("wills/crashing")).as("will retain is honoured").isNotNull();
    }

    @Test
    void a_second_connection_with_the_same_client_id_takes_the_session_over() throws Exception {
        MqttClient first = client("twin");
        MqttClient second = client("twin");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !first.isConnected());
        assertThat(second.isConnected()).isTrue();
    }

    @Test
    void mqtt_3_1_clients_connect_publish_and_subscribe() throws Exception {
        BlockingQueue<Got> got = new LinkedBlockingQueue<>();
        client("v31-sub", true, MqttConnectOptions.MQTT_VERSION_3_1).subscribe("v31/#", 2, into(got));
        MqttClient pub = client("v31-pub", true, MqttConnectOptions.MQTT_VERSION_3_1);
        pub.publish("v31/a", bytes("one"), 1, false);
        pub.publish("v31/b", bytes("two"), 2, false);
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(new Got("v31/a", "one", 1, false));
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(new Got("v31/b", "two", 2, false));
    }

    @Test
    void an_mqtt_3_1_client_id_longer_than_23_characters_is_rejected() throws Exception {
        MqttClient client = new MqttClient(broker.tcpUri(), "x".repeat(24), new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1);
        assertThatThrownBy(() -> client.connect(options)).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID));
    }
}
