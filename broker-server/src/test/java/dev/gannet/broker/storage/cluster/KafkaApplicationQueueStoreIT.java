package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.MessageQueueStoreContract;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.StoredEntry;
import dev.gannet.broker.testing.KafkaServer;
import dev.gannet.broker.testing.RedisServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The queue contract on the application store, against the in-process Kafka and a real Redis; then
 * what it adds for the cluster. A restart closes the store with its producer and Redis connection
 * and opens new ones over the same topics and keys, as a restarted node would.
 */
@Timeout(120)
class KafkaApplicationQueueStoreIT extends MessageQueueStoreContract {

    private static final long MAX_AGE_SECONDS = 3_600;

    /** Per test, so that a test's topics and keys are its own; kept across its restarts. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private KafkaApplicationQueueStore.Settings settings(String node) {
        return new KafkaApplicationQueueStore.Settings(KafkaServer.shared().bootstrapServers(), "it-" + run + ".", 1,
                MAX_AGE_SECONDS, "gannet-it-" + node);
    }

    private ApplicationQueuesOnlyStore node(String node) {
        return ApplicationQueuesOnlyStore.open(settings(node), RedisServer.shared().uri(), "app-it-" + run);
    }

    @Override
    protected BrokerStore openStore() {
        return node("node-1");
    }

    @Override
    protected BrokerStore reopen(BrokerStore closing) {
        closing.close();
        return openStore();
    }

    private KafkaApplicationQueueStore queues() {
        return ((ApplicationQueuesOnlyStore) store).queues();
    }

    private RedisQueueStore.ApplicationState state(String client) {
        return ((ApplicationQueuesOnlyStore) store).redis().applicationState(client);
    }

    private QueueTarget target(String client) {
        return new QueueTarget(client, queues().newEntryId(), 1, false, List.of());
    }

    private static <T> T result(CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store operation failed", e);
        }
    }

    private static List<String> payloads(List<StoredEntry> entries) {
        return entries.stream().map(e -> new String(e.message().payload(), StandardCharsets.UTF_8)).toList();
    }

    /** Appends one message per payload, each acknowledged before the next; returns their targets. */
    private List<QueueTarget> appendEach(String client, String... payloads) {
        List<QueueTarget> targets = new ArrayList<>();
        for (String payload : payloads) {
            QueueTarget t = target(client);
            await(queues().enqueue(message("t", payload), List.of(t)));
            targets.add(t);
        }
        return targets;
    }

    @Test
    void ten_thousand_messages_for_one_client_come_back_in_order_after_a_restart() {
        String client = unique("bulk");
        List<Long> ids = new ArrayList<>();
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        // Not waiting between appends: the first waits for the topic's creation, the rest queue behind it in order.
        for (int i = 0; i < 10_000; i++) {
            QueueTarget t = target(client);
            ids.add(t.entryId());
            appends.add(queues().enqueue(message("bulk", Integer.toString(i)), List.of(t)));
        }
        result(CompletableFuture.allOf(appends.toArray(CompletableFuture<?>[]::new)));

        restart();

        List<StoredEntry> entries = queues().entries(client);
        assertThat(entries).extracting(StoredEntry::entryId).containsExactlyElementsOf(ids);
        List<String> payloads = payloads(entries);
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(payloads.get(i)).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void removing_out_of_order_advances_the_committed_offset_only_over_the_done_prefix() {
        String client = unique("gaps");
        List<QueueTarget> t = appendEach(client, "0", "1", "2", "3", "4", "5");

        restart(); // this node knows no offsets now: removals read the topic to learn them
        await(queues().remove(client, t.get(1).entryId()));
        await(queues().remove(client, t.get(3).entryId()));
        assertThat(state(client).committed()).isZero();
        assertThat(state(client).done()).containsExactlyInAnyOrder(1L, 3L);

        await(queues().remove(client, t.get(0).entryId()));
        assertThat(state(client).committed()).isEqualTo(2);
        assertThat(state(client).done()).containsExactly(3L);

        restart();
        assertThat(payloads(queues().entries(client))).containsExactly("2", "4", "5");
        await(queues().remove(client, t.get(5).entryId()));
        await(queues().remove(client, t.get(2).entryId()));
        assertThat(state(client).committed()).isEqualTo(4);
        assertThat(state(client).done()).containsExactly(5L);

        await(queues().remove(client, t.get(2).entryId())); // again: changes nothing
        assertThat(state(client).committed()).isEqualTo(4);

        restart();
        assertThat(payloads(queues().entries(client))).containsExactly("4");
        await(queues().remove(client, t.get(4).entryId()));
        assertThat(state(client).committed()).isEqualTo(6);
        assertThat(state(client).done()).isEmpty();
        assertThat(queues().entries(client)).isEmpty();
    }

    @Test
    void an_entry_appended_after_the_session_was_loaded_is_found_when_removed() {
        String client = unique("live");
        List<QueueTarget> before = appendEach(client, "loaded");
        assertThat(queues().entries(client)).hasSize(1);
        List<QueueTarget> after = appendEach(client, "live-1", "live-2");

        await(queues().remove(client, after.get(1).entryId()));
        await(queues().remove(client, before.get(0).entryId()));
        assertThat(state(client).committed()).isEqualTo(1);

        restart();
        assertThat(payloads(queues().entries(client))).containsExactly("live-1");
    }

    @Test
    void an_append_retried_with_the_same_entry_id_is_one_entry_whose_removal_ends_both_records() {
        String client = unique("retried");
        QueueTarget t = target(client);
        await(queues().enqueue(message("t", "once"), List.of(t)));
        await(queues().enqueue(message("t", "once"), List.of(t)));
        List<QueueTarget> later = appendEach(client, "later");

        restart();
        assertThat(payloads(queues().entries(client))).containsExactly("once", "later");
        await(queues().remove(client, t.entryId()));
        assertThat(state(client).committed()).isEqualTo(2);
        await(queues().remove(client, later.get(0).entryId()));
        assertThat(state(client).committed()).isEqualTo(3);
    }

    @Test
    void records_gone_with_retention_are_skipped_and_the_committed_offset_moves_past_them() throws Exception {
        String client = unique("retention");
        List<QueueTarget> t = appendEach(client, "0", "1", "2", "3");
        await(queues().remove(client, t.get(3).entryId()));
        String topic = new ApplicationTopicNames(settings("x").topicPrefix()).topic(client);
        try (Admin admin = KafkaServer.shared().admin()) {
            // What retention does to the oldest segment, here at once: the log now starts at offset 2.
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(2)))
                    .all().get(30, TimeUnit.SECONDS);
        }

        assertThat(payloads(queues().entries(client))).containsExactly("2");
        assertThat(state(client).committed()).isEqualTo(2);
        await(queues().remove(client, t.get(2).entryId()));
        assertThat(state(client).committed()).isEqualTo(4);
        assertThat(state(client).done()).isEmpty();
    }

    @Test
    void a_node_removes_and_marks_what_another_node_appended() {
        String client = unique("two-nodes");
        try (ApplicationQueuesOnlyStore other = node("node-2")) {
            QueueTarget first = new QueueTarget(client, other.queues().newEntryId(), 2, false, List.of());
            QueueTarget second = new QueueTarget(client, other.queues().newEntryId(), 1, false, List.of());
            await(other.queues().enqueue(message("t", "first"), List.of(first)));
            await(other.queues().enqueue(message("t", "second"), List.of(second)));

            await(queues().markInFlight(client, first.entryId(), 7));
            await(queues().markReleased(client, first.entryId()));
            assertThat(other.queues().entries(client)).extracting(StoredEntry::packetId, StoredEntry::released)
                    .containsExactly(tuple(7, true), tuple(0, false));

            await(queues().remove(client, first.entryId()));
            assertThat(payloads(other.queues().entries(client))).containsExactly("second");
        }
    }

    @Test
    void client_ids_with_characters_kafka_refuses_work_and_stay_apart() throws Exception {
        String unique = UUID.randomUUID().toString();
        // The same id but for one character Kafka refuses ('/', ' ', ':', 'ü') or reads alike ('.', '_').
        List<String> clients = List.of("plant/line 1:ü" + unique, "plant_line 1:ü" + unique, "plant.line 1:ü" + unique,
                "plant line 1:ü" + unique, "plant/line 1:u" + unique);
        for (String client : clients) {
            await(queues().enqueue(message("t", client), List.of(target(client))));
        }
        for (String client : clients) {
            assertThat(payloads(queues().entries(client))).as(client).containsExactly(client);
        }
        ApplicationTopicNames names = new ApplicationTopicNames(settings("x").topicPrefix());
        List<String> topics = clients.stream().map(names::topic).toList();
        try (Admin admin = KafkaServer.shared().admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(existing).containsAll(topics);
            assertThat(Set.copyOf(topics)).hasSize(clients.size());

            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.get(0));
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo(Long.toString(MAX_AGE_SECONDS * 1000));
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
            assertThat(admin.describeTopics(List.of(topics.get(0))).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topics.get(0)).partitions()).hasSize(1);
        }
    }

    @Test
    void deleting_a_client_deletes_its_topic_and_its_state() throws Exception {
        String client = unique("deleted");
        String topic = new ApplicationTopicNames(settings("x").topicPrefix()).topic(client);
        QueueTarget t = appendEach(client, "old").get(0);
        await(queues().markInFlight(client, t.entryId(), 3));
        await(queues().rememberInbound(client, 4));
        await(queues().claimOwner(client, "node-1"));

        await(queues().deleteClient(client));

        try (Admin admin = KafkaServer.shared().admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
        }
        assertThat(queues().entries(client)).isEmpty();
        assertThat(queues().inbound(client)).isEmpty();
        assertThat(state(client).marks()).isEmpty();
        // A new session of the same client id starts from a new topic. (Appended by another node: a producer
        // that wrote to the old topic logs a retry for the first record of the new one.)
        try (ApplicationQueuesOnlyStore other = node("node-2")) {
            QueueTarget again = new QueueTarget(client, other.queues().newEntryId(), 1, false, List.of());
            assertThat(result(other.queues().enqueueWithOwners(message("t", "x"), List.of(again)))).isEmpty();
        }
        assertThat(payloads(queues().entries(client))).containsExactly("x");
    }

    @Test
    void the_append_returns_the_owner_read_after_kafka_acknowledged_it() {
        String a = unique("owned");
        String b = unique("unowned");
        assertThat(result(queues().enqueueWithOwners(message("t", "0"), List.of(target(a), target(b))))).isEmpty();
        assertThat(result(queues().claimOwner(a, "node-1"))).isNull();
        assertThat(result(queues().enqueueWithOwners(message("t", "1"), List.of(target(a), target(b)))))
                .isEqualTo(Map.of(a, "node-1"));

        assertThat(result(queues().claimOwner(a, "node-2"))).isEqualTo("node-1");
        await(queues().releaseOwner(a, "node-1")); // node-1 no longer owns it: nothing changes
        assertThat(result(queues().enqueueWithOwners(message("t", "2"), List.of(target(a))))).isEqualTo(Map.of(a, "node-2"));

        await(queues().releaseOwner(a, "node-2"));
        assertThat(result(queues().enqueueWithOwners(message("t", "3"), List.of(target(a))))).isEmpty();
        assertThat(payloads(queues().entries(a))).containsExactly("0", "1", "2", "3");
        assertThat(payloads(queues().entries(b))).containsExactly("0", "1");
    }
}
