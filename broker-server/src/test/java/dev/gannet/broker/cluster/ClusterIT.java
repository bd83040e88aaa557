package dev.gannet.broker.cluster;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.gannet.broker.testing.BrokerWithCredentials;
import dev.gannet.broker.testing.ChildBroker;
import dev.gannet.broker.testing.ClusterFixture;
import dev.gannet.broker.testing.TestBroker;
import dev.gannet.model.api.BlockType;
import dev.gannet.model.api.BlockedClientRequest;
import dev.gannet.model.api.ClientType;
import dev.gannet.model.api.CredentialsRequest;
import dev.gannet.model.api.NodeInfo;
import dev.gannet.model.client.GannetClient;
import dev.gannet.model.api.NodeStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Gannet nodes on a real Kafka, Redis and PostgreSQL, driven by real MQTT 5 clients: one
 * broker whichever node a client picks.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterIT {

    private static ClusterFixture services;

    @BeforeAll
    static void startServices() throws Exception {
        services = ClusterFixture.start();
    }

    @AfterAll
    static void stopServices() throws Exception {
        services.close();
    }

    private static Mqtt5BlockingClient client(int port, String id) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(port).buildBlocking();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void a_message_published_on_node_1_reaches_a_subscriber_on_node_3_at_qos_0_1_and_2() throws Exception {
        String cluster = ClusterFixture.newCluster();
        try (TestBroker n1 = TestBroker.start(services.node(cluster, "n1"));
             TestBroker n2 = TestBroker.start(services.node(cluster, "n2"));
             TestBroker n3 = TestBroker.start(services.node(cluster, "n3"))) {
            Mqtt5BlockingClient subscriber = client(n3.port(), "plant-dashboard");
            subscriber.connect();
            Mqtt5BlockingClient publisher = client(n1.port(), "plant-sensor");
            publisher.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
                subscriber.subscribeWith().topicFilter("plant/#").qos(MqttQos.EXACTLY_ONCE).send();
                for (MqttQos qos : MqttQos.values()) {
                    publisher.publishWith().topic("plant/qos" + qos.getCode()).qos(qos).payload(text("reading " + qos.getCode())).send();
                }
                Map<String, Mqtt5Publish> received = new HashMap<>();
                for (int i = 0; i < 3; i++) {
                    Optional<Mqtt5Publish> got = publishes.receive(20, TimeUnit.SECONDS);
                    assertThat(got).as("message %d of 3", i + 1).isPresent();
                    received.put(got.get().getTopic().toString(), got.get());
                }
                for (MqttQos qos : MqttQos.values()) {
                    Mqtt5Publish got = received.get("plant/qos" + qos.getCode());
                    assertThat(got).as("the QoS %d message", qos.getCode()).isNotNull();
                    assertThat(got.getQos()).isEqualTo(qos);
                    assertThat(text(got)).isEqualTo("reading " + qos.getCode());
                }
            }
            publisher.disconnect();
            subscriber.disconnect();
            assertThat(n2.server().peers()).extracting(NodeInfo::id).containsExactlyInAnyOrder("n1", "n3");
        }
    }

    @Test
    void a_client_reconnecting_to_another_node_takes_its_session_over() throws Exception {
        String cluster = ClusterFixture.newCluster();
        try (TestBroker n1 = TestBroker.start(services.node(cluster, "n1"));
             TestBroker n2 = TestBroker.start(services.node(cluster, "n2"));
             TestBroker n3 = TestBroker.start(services.node(cluster, "n3"))) {
            AtomicReference<Throwable> firstClosed = new AtomicReference<>();
            Mqtt5BlockingClient first = Mqtt5Client.builder().identifier("mover").serverHost("127.0.0.1").serverPort(n1.port())
                    .addDisconnectedListener(context -> firstClosed.set(context.getCause())).buildBlocking();
            first.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
            first.subscribeWith().topicFilter("moves/#").qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5BlockingClient second = client(n2.port(), "mover");
            Mqtt5ConnAck connack = second.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            assertThat(connack.isSessionPresent()).as("the session, with its subscription, moved to node 2").isTrue();
            await().atMost(10, TimeUnit.SECONDS).until(() -> firstClosed.get() != null);
            assertThat(firstClosed.get()).isInstanceOfSatisfying(Mqtt5DisconnectException.class, e ->
                    assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER));
            assertThat(n1.server().sessions().get("mover")).as("node 1 let the session go").isNull();

            Mqtt5BlockingClient publisher = client(n3.port(), "mover-publisher");
            publisher.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = second.publishes(MqttGlobalPublishFilter.ALL)) {
                publisher.publishWith().topic("moves/1").qos(MqttQos.AT_LEAST_ONCE).payload(text("to the new node")).send();
                Optional<Mqtt5Publish> got = publishes.receive(20, TimeUnit.SECONDS);
                assertThat(got).isPresent();
                assertThat(text(got.get())).isEqualTo("to the new node");
            }
            publisher.disconnect();
            second.disconnect();
        }
    }

    @Test
    void a_new_node_joins_and_serves_a_session_that_waited_elsewhere() throws Exception {
        String cluster = ClusterFixture.newCluster();
        try (TestBroker n1 = TestBroker.start(services.node(cluster, "n1"));
             TestBroker n2 = TestBroker.start(services.node(cluster, "n2"))) {
            Mqtt5BlockingClient reader = client(n1.port(), "night-reader");
            reader.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
            reader.subscribeWith().topicFilter("news/#").qos(MqttQos.AT_LEAST_ONCE).send();
            reader.disconnect();

            Mqtt5BlockingClient publisher = client(n2.port(), "newsroom");
            publisher.connect();
            for (int i = 1; i <= 5; i++) {
                publisher.publishWith().topic("news/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(text("story " + i)).send();
            }
            publisher.disconnect();

            try (TestBroker n3 = TestBroker.start(services.node(cluster, "n3"))) {
                await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(n3.server().peers())
                        .extracting(NodeInfo::id, NodeInfo::status)
                        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("n1", NodeStatus.ONLINE),
                                org.assertj.core.groups.Tuple.tuple("n2", NodeStatus.ONLINE)));
                Mqtt5BlockingClient back = client(n3.port(), "night-reader");
                try (Mqtt5BlockingClient.Mqtt5Publishes publishes = back.publishes(MqttGlobalPublishFilter.ALL)) {
                    Mqtt5ConnAck connack = back.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
                    assertThat(connack.isSessionPresent()).isTrue();
                    Set<String> stories = new TreeSet<>();
                    for (int i = 0; i < 5; i++) {
                        Optional<Mqtt5Publish> got = publishes.receive(20, TimeUnit.SECONDS);
                        assertThat(got).as("story %d of 5", i + 1).isPresent();
                        stories.add(text(got.get()));
                    }
                    assertThat(stories).containsExactly("story 1", "story 2", "story 3", "story 4", "story 5");
                }
                back.disconnect();
            }
        }
    }

    @Test
    void shared_subscribers_on_different_nodes_split_the_messages_and_retained_messages_reach_every_node() throws Exception {
        String cluster = ClusterFixture.newCluster();
        try (TestBroker n1 = TestBroker.start(services.node(cluster, "n1"));
             TestBroker n2 = TestBroker.start(services.node(cluster, "n2"));
             TestBroker n3 = TestBroker.start(services.node(cluster, "n3"))) {
            Mqtt5BlockingClient workerA = client(n1.port(), "worker-a");
            Mqtt5BlockingClient workerB = client(n2.port(), "worker-b");
            workerA.connect();
            workerB.connect();
            Map<String, String> takenBy = new ConcurrentHashMap<>();
            try (Mqtt5BlockingClient.Mqtt5Publishes a = workerA.publishes(MqttGlobalPublishFilter.ALL);
                 Mqtt5BlockingClient.Mqtt5Publishes b = workerB.publishes(MqttGlobalPublishFilter.ALL)) {
                workerA.subscribeWith().topicFilter("$share/workers/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send();
                workerB.subscribeWith().topicFilter("$share/workers/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5BlockingClient boss = client(n3.port(), "boss");
                boss.connect();
                for (int i = 0; i < 20; i++) {
                    boss.publishWith().topic("jobs/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(text("job " + i)).send();
                }
                boss.publishWith().topic("status/line-1").retain(true).qos(MqttQos.AT_LEAST_ONCE).payload(text("running")).send();
                boss.disconnect();
                await().atMost(20, TimeUnit.SECONDS).until(() -> {
                    a.receive(100, TimeUnit.MILLISECONDS).ifPresent(p -> takenBy.merge(text(p), "a", (x, y) -> x + y));
                    b.receive(100, TimeUnit.MILLISECONDS).ifPresent(p -> takenBy.merge(text(p), "b", (x, y) -> x + y));
                    return takenBy.size() == 20;
                });
                assertThat(takenBy.values()).as("each job went to one worker, once").allMatch(w -> w.length() == 1);
                assertThat(takenBy.values()).as("both workers got jobs").contains("a", "b");
            }
            Mqtt5BlockingClient watcher = client(n1.port(), "watcher");
            watcher.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> n1.server().retained().get("status/line-1") != null);
                watcher.subscribeWith().topicFilter("status/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Optional<Mqtt5Publish> retained = publishes.receive(10, TimeUnit.SECONDS);
                assertThat(retained).isPresent();
                assertThat(retained.get().isRetain()).isTrue();
                assertThat(text(retained.get())).isEqualTo("running");
            }
            watcher.disconnect();
            workerA.disconnect();
            workerB.disconnect();
        }
    }

    @Test
    void credentials_and_blocks_made_through_one_node_apply_on_every_node_and_each_lists_the_cluster() throws Exception {
        String cluster = ClusterFixture.newCluster();
        Map<String, String> closed = Map.of("security.allow-anonymous", "false");
        Map<String, String> c1 = services.node(cluster, "n1", closed);
        Map<String, String> c2 = services.node(cluster, "n2", closed);
        try (BrokerWithCredentials n1 = new BrokerWithCredentials(c1);
             BrokerWithCredentials n2 = new BrokerWithCredentials(c2)) {
            GannetClient api1 = GannetClient.of("http://127.0.0.1:" + n1.server().managementPort());
            api1.login("admin", "cluster-admin");
            GannetClient api2 = GannetClient.of("http://127.0.0.1:" + n2.server().managementPort());
            api2.login("admin", "cluster-admin");
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(api2.topology().nodes())
                    .extracting(NodeInfo::id, NodeInfo::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("n2", NodeStatus.ONLINE),
                            org.assertj.core.groups.Tuple.tuple("n1", NodeStatus.ONLINE)));
            assertThat(api2.topology().mode()).isEqualTo("cluster");

            String user = "meter-" + cluster.substring(3, 11);
            api1.createCredentials(CredentialsRequest.basic("Meter", ClientType.DEVICE, null, user, "pw-1", null, null));
            Mqtt5BlockingClient meter = client(n2.port(), "meter-client");
            await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> {
                meter.connectWith().simpleAuth().username(user).password(text("pw-1")).applySimpleAuth().send();
                return true;
            });
            meter.disconnect();

            api2.block(new BlockedClientRequest(BlockType.CLIENT_ID, "meter-client", null, "stolen device", null));
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                Mqtt5BlockingClient again = client(n1.port(), "meter-client");
                try {
                    again.connectWith().simpleAuth().username(user).password(text("pw-1")).applySimpleAuth().send();
                    again.disconnect();
                    throw new AssertionError("node 1 still lets the blocked client in");
                } catch (Mqtt5ConnAckException refused) {
                    assertThat(refused.getMqttMessage().getReasonCode()).isIn(Mqtt5ConnAckReasonCode.BANNED,
                            Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
                }
            });
            assertThat(List.of(n1.server().mode(), n2.server().mode())).containsOnly("cluster");
        }
    }

    @Test
    void an_application_client_finds_what_was_published_while_it_was_away_in_its_kafka_topic() throws Exception {
        String cluster = ClusterFixture.newCluster();
        Map<String, String> c1 = services.node(cluster, "n1", Map.of("session.default-client-type", "application"));
        Map<String, String> c2 = services.node(cluster, "n2", Map.of("session.default-client-type", "application"));
        try (TestBroker n1 = TestBroker.start(c1); TestBroker n2 = TestBroker.start(c2)) {
            Mqtt5BlockingClient archiver = client(n1.port(), "archiver");
            archiver.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
            archiver.subscribeWith().topicFilter("telemetry/#").qos(MqttQos.AT_LEAST_ONCE).send();
            archiver.disconnect();

            Mqtt5BlockingClient sensor = client(n2.port(), "sensor-array");
            sensor.connect();
            int count = 300;
            for (int i = 0; i < count; i++) {
                sensor.publishWith().topic("telemetry/" + (i % 5)).qos(MqttQos.AT_LEAST_ONCE).payload(text("t" + i)).send();
            }
            sensor.disconnect();
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                    "bootstrap.servers", services.node(cluster, "n1").get("cluster.kafka.bootstrap-servers")))) {
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).as("the application's own topic")
                        .contains(cluster + "app.archiver");
            }

            Mqtt5BlockingClient back = client(n2.port(), "archiver");
            Set<String> received = ConcurrentHashMap.newKeySet();
            back.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(text(p)));
            assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(600).send().isSessionPresent()).isTrue();
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(received).hasSize(count));
            back.disconnect();
        }
    }

    @Test
    void a_clean_start_drops_the_old_subscriptions_and_still_gets_what_is_published_after_it() throws Exception {
        String cluster = ClusterFixture.newCluster();
        try (TestBroker n1 = TestBroker.start(services.node(cluster, "n1"));
             TestBroker n2 = TestBroker.start(services.node(cluster, "n2"))) {
            Mqtt5BlockingClient first = client(n1.port(), "restarter");
            first.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
            first.subscribeWith().topicFilter("old/#").qos(MqttQos.AT_LEAST_ONCE).send();
            first.disconnect();

            // Clean start again on the same node: a new persistent session, subscribed to something else.
            Mqtt5BlockingClient again = client(n1.port(), "restarter");
            Set<String> received = ConcurrentHashMap.newKeySet();
            again.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(p.getTopic() + "=" + text(p)));
            assertThat(again.connectWith().cleanStart(true).sessionExpiryInterval(600).send().isSessionPresent()).isFalse();
            again.subscribeWith().topicFilter("new/#").qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5BlockingClient publisher = client(n2.port(), "restart-publisher");
            publisher.connect();
            publisher.publishWith().topic("old/1").qos(MqttQos.AT_LEAST_ONCE).payload(text("stale")).send();
            publisher.publishWith().topic("new/1").qos(MqttQos.AT_LEAST_ONCE).payload(text("fresh")).send();
            await().atMost(20, TimeUnit.SECONDS).until(() -> received.contains("new/1=fresh"));
            publisher.publishWith().topic("new/2").qos(MqttQos.AT_LEAST_ONCE).payload(text("marker")).send();
            await().atMost(20, TimeUnit.SECONDS).until(() -> received.contains("new/2=marker"));
            assertThat(received).as("nothing for the old session's filter").containsExactlyInAnyOrder("new/1=fresh", "new/2=marker");
            again.disconnect();

            // And across nodes: a clean start on node 2 ends the session held by node 1, subscriptions and all.
            Mqtt5BlockingClient moved = client(n2.port(), "restarter");
            Set<String> afterMove = ConcurrentHashMap.newKeySet();
            moved.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> afterMove.add(p.getTopic() + "=" + text(p)));
            assertThat(moved.connectWith().cleanStart(true).sessionExpiryInterval(0).send().isSessionPresent()).isFalse();
            moved.subscribeWith().topicFilter("marker/#").qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.publishWith().topic("new/3").qos(MqttQos.AT_LEAST_ONCE).payload(text("gone")).send();
            publisher.publishWith().topic("marker/1").qos(MqttQos.AT_LEAST_ONCE).payload(text("end")).send();
            await().atMost(20, TimeUnit.SECONDS).until(() -> afterMove.contains("marker/1=end"));
            assertThat(afterMove).containsExactly("marker/1=end");
            publisher.disconnect();
            moved.disconnect();
        }
    }

    @Test
    void a_session_left_by_a_dead_node_expires_when_its_client_never_returns() throws Exception {
        String cluster = ClusterFixture.newCluster();
        try (ChildBroker doomed = ChildBroker.start(ClusterFixture.dataDir(), services.environment(cluster, "node-z"));
             TestBroker survivor = TestBroker.start(services.node(cluster, "node-a"))) {
            Mqtt5BlockingClient wanderer = client(doomed.port(), "wanderer");
            wanderer.connectWith().cleanStart(true).sessionExpiryInterval(4).send();
            wanderer.subscribeWith().topicFilter("trail/#").qos(MqttQos.AT_LEAST_ONCE).send();
            var directory = survivor.server().clusterNode().orElseThrow().store().directory();
            await().atMost(10, TimeUnit.SECONDS).until(() -> directory.get("wanderer").isPresent());
            doomed.kill();
            // Node timeout (3 s in these tests), then the 4 s expiry counted from the sweep.
            await().atMost(30, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> directory.get("wanderer").isEmpty());
            Mqtt5BlockingClient back = client(survivor.port(), "wanderer");
            assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(4).send().isSessionPresent())
                    .as("the session expired").isFalse();
            back.disconnect();
        }
    }

    @Test
    void a_retained_message_larger_than_kafkas_default_record_limit_reaches_another_node() throws Exception {
        String cluster = ClusterFixture.newCluster();
        Map<String, String> c1 = services.node(cluster, "n1", Map.of("mqtt.max-packet-size", "3000000"));
        Map<String, String> c2 = services.node(cluster, "n2", Map.of("mqtt.max-packet-size", "3000000"));
        try (TestBroker n1 = TestBroker.start(c1); TestBroker n2 = TestBroker.start(c2)) {
            byte[] firmware = new byte[1_500_000]; // Kafka's default limit is about 1 MB per record
            new java.util.Random(7).nextBytes(firmware);
            Mqtt5BlockingClient publisher = client(n1.port(), "firmware-server");
            publisher.connect();
            publisher.publishWith().topic("firmware/v2").retain(true).qos(MqttQos.AT_LEAST_ONCE).payload(firmware).send();
            publisher.disconnect();
            await().atMost(10, TimeUnit.SECONDS).until(() -> n2.server().retained().get("firmware/v2") != null);
            Mqtt5BlockingClient device = client(n2.port(), "firmware-device");
            device.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
                device.subscribeWith().topicFilter("firmware/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Optional<Mqtt5Publish> got = publishes.receive(10, TimeUnit.SECONDS);
                assertThat(got).isPresent();
                assertThat(got.get().getPayloadAsBytes()).isEqualTo(firmware);
            }
            device.disconnect();
        }
    }

    /**
     * The subscriber's node dies (SIGKILL) while messages flow; the subscriber reconnects to
     * another node and gets every message whose publisher got a PUBACK.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killing_a_node_mid_stream_loses_no_acknowledged_message_of_a_persistent_subscriber() throws Exception {
        String cluster = ClusterFixture.newCluster();
        try (ChildBroker a = ChildBroker.start(ClusterFixture.dataDir(), services.environment(cluster, "node-a"));
             ChildBroker b = ChildBroker.start(ClusterFixture.dataDir(), services.environment(cluster, "node-b"));
             ChildBroker c = ChildBroker.start(ClusterFixture.dataDir(), services.environment(cluster, "node-c"))) {
            Set<String> received = ConcurrentHashMap.newKeySet();
            Mqtt5BlockingClient subscriber = Mqtt5Client.builder().identifier("keeper").serverHost("127.0.0.1")
                    .serverPort(a.port()).buildBlocking();
            subscriber.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
            subscriber.toAsync().subscribeWith().topicFilter("stream/#").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> received.add(text(p))).send().get(10, TimeUnit.SECONDS);

            Mqtt5BlockingClient publisher = client(b.port(), "streamer");
            publisher.connect();
            Set<String> acknowledged = new TreeSet<>();
            for (int i = 0; i < 400; i++) {
                if (i == 150) {
                    await().atMost(20, TimeUnit.SECONDS).until(() -> !received.isEmpty()); // node A delivers live
                    a.kill(); // mid-stream: some messages are in flight to the subscriber, some not yet routed
                }
                String payload = "m" + i;
                publisher.publishWith().topic("stream/" + (i % 8)).qos(MqttQos.AT_LEAST_ONCE).payload(text(payload)).send();
                acknowledged.add(payload); // send() returned: the PUBACK came
            }
            publisher.disconnect();

            Mqtt5BlockingClient back = Mqtt5Client.builder().identifier("keeper").serverHost("127.0.0.1")
                    .serverPort(c.port()).buildBlocking();
            back.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(text(p)));
            Mqtt5ConnAck connack = back.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            assertThat(connack.isSessionPresent()).isTrue();
            await().atMost(90, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).untilAsserted(() -> {
                Set<String> missing = new TreeSet<>(acknowledged);
                missing.removeAll(received);
                assertThat(missing).as("acknowledged messages not received").isEmpty();
            });
            back.disconnect();
        }
    }
}
