package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.cluster.kafka.KafkaTopics;
import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.SessionStoreContract;
import dev.gannet.broker.storage.StoredSession;
import dev.gannet.broker.storage.StoredSubscription;
import dev.gannet.broker.storage.embedded.EmbeddedStore;
import dev.gannet.broker.testing.KafkaServer;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session store contract against the Kafka session directory, then what the directory adds
 * for the cluster, with several nodes (directories) on one topic.
 *
 * <p>The contract also checks that removing a session removes its queue. Cluster mode keeps
 * queues outside the directory (Redis) and removes them through the {@code removeQueue} hook;
 * here the queue part is a real embedded store in a temporary directory, and the hook is its
 * session removal (which drops the client's queue and pending QoS 2 ids). So the test fails if
 * the directory does not call the hook, and a restart reopens both parts.
 */
@Timeout(120)
class KafkaSessionDirectoryIT extends SessionStoreContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path queueDir;

    private String topic;
    private final List<KafkaSessionDirectory> otherNodes = new ArrayList<>();

    private KafkaSessionDirectory directory(String nodeId, EmbeddedStore queues, Consumer<ClusterSessionChange> listener) {
        return new KafkaSessionDirectory(KafkaServer.shared().bootstrapServers(), topic, nodeId, WAIT,
                clientId -> queues == null ? CompletableFuture.completedFuture(null) : queues.sessions().removeSession(clientId),
                listener);
    }

    /** Node 1, the store of the contract: the directory in front, the embedded store for the queues. */
    private BrokerStore nodeOne() {
        EmbeddedStore queues = EmbeddedStore.open(queueDir, EmbeddedStore.Options.defaults());
        KafkaSessionDirectory sessions = directory("node-1", queues, change -> {
        });
        return new ComposedStore(sessions, queues.queues(), null, sessions, queues);
    }

    @Override
    protected BrokerStore openStore() {
        try (Admin admin = KafkaServer.shared().admin()) {
            KafkaTopics topics = new KafkaTopics(admin, unique("sessions-it") + ".", 1);
            topics.ensureClusterTopics(1);
            topic = topics.sessions();
        }
        return nodeOne();
    }

    @Override
    protected BrokerStore reopen(BrokerStore closing) {
        closing.close();
        return nodeOne();
    }

    @AfterEach
    void closeOtherNodes() {
        otherNodes.forEach(KafkaSessionDirectory::close);
    }

    private KafkaSessionDirectory one() {
        return (KafkaSessionDirectory) store.sessions();
    }

    private KafkaSessionDirectory otherNode(String nodeId, Consumer<ClusterSessionChange> listener) {
        KafkaSessionDirectory directory = directory(nodeId, null, listener);
        otherNodes.add(directory);
        return directory;
    }

    private KafkaSessionDirectory otherNode(String nodeId) {
        return otherNode(nodeId, change -> {
        });
    }

    private static StoredSubscription subscription(String filter) {
        return new StoredSubscription(filter, 1, false, false, 0, 0);
    }

    @Test
    void two_nodes_see_each_others_claims_once_caught_up() {
        KafkaSessionDirectory two = otherNode("node-2");
        String client = unique("roaming");

        await(one().claim(client, "node-1", "DEVICE", 300));
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(two.get(client)).contains(new ClusterSession(client, "node-1", true, 300, "DEVICE", List.of()));

        await(two.claim(client, "node-2", "APPLICATION", 600));
        assertThat(one().awaitCaughtUp(WAIT)).isTrue();
        assertThat(one().get(client)).contains(new ClusterSession(client, "node-2", true, 600, "APPLICATION", List.of()));
    }

    @Test
    void a_disconnect_reported_by_a_node_that_lost_the_session_changes_nothing() {
        KafkaSessionDirectory two = otherNode("node-2");
        String persistent = unique("taken-over");
        String clean = unique("taken-over-clean");
        await(one().claim(persistent, "node-1", "DEVICE", 300));
        await(one().claim(clean, "node-1", "DEVICE", 0));
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        await(two.claim(persistent, "node-2", "DEVICE", 300));
        await(two.claim(clean, "node-2", "DEVICE", 0));
        assertThat(one().awaitCaughtUp(WAIT)).isTrue();

        await(one().disconnected(persistent, "node-1")); // the old connection closes after the takeover
        await(one().disconnected(clean, "node-1"));

        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(one().awaitCaughtUp(WAIT)).isTrue();
        for (KafkaSessionDirectory node : List.of(one(), two)) {
            assertThat(node.get(persistent)).map(ClusterSession::nodeId).contains("node-2");
            assertThat(node.get(persistent)).map(ClusterSession::connected).contains(true);
            assertThat(node.get(clean)).map(ClusterSession::nodeId).contains("node-2");
        }
    }

    @Test
    void a_non_persistent_session_leaves_at_disconnect_and_a_persistent_one_stays_offline() {
        KafkaSessionDirectory two = otherNode("node-2");
        String clean = unique("clean");
        String persistent = unique("persistent");
        await(one().claim(clean, "node-1", "DEVICE", 0));
        await(one().claim(persistent, "node-1", "DEVICE", 120));
        await(one().saveSubscription(persistent, subscription("kept/#")));

        assertThat(one().get(clean)).isPresent();
        assertThat(one().loadSessions()).extracting(StoredSession::clientId).contains(persistent).doesNotContain(clean);
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(two.get(clean)).isPresent();

        await(one().disconnected(clean, "node-1"));
        await(one().disconnected(persistent, "node-1"));

        // this node's view shows its own writes at once, before they come back from Kafka
        assertThat(one().get(clean)).isEmpty();
        assertThat(one().get(persistent)).contains(
                new ClusterSession(persistent, "node-1", false, 120, "DEVICE", List.of(subscription("kept/#"))));
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(two.get(clean)).isEmpty();
        assertThat(two.get(persistent)).map(ClusterSession::connected).contains(false);
        assertThat(two.all()).extracting(ClusterSession::clientId).contains(persistent).doesNotContain(clean);
    }

    @Test
    void the_listener_sees_every_change_with_the_record_before_and_after() {
        List<ClusterSessionChange> seen = new CopyOnWriteArrayList<>();
        String client = unique("watched");
        otherNode("node-2", change -> {
            if (change.clientId().equals(client)) {
                seen.add(change);
            }
        });
        ClusterSession claimed = new ClusterSession(client, "node-1", true, 60, "DEVICE", List.of());
        ClusterSession subscribed = claimed.withSubscription(subscription("a/+"));
        ClusterSession offline = subscribed.withOwner("node-1", false);

        await(one().claim(client, "node-1", "DEVICE", 60));
        await(one().saveSubscription(client, subscription("a/+")));
        await(one().disconnected(client, "node-1"));
        await(one().removeSession(client));

        assertThat(otherNodes.get(0).awaitCaughtUp(WAIT)).isTrue();
        assertThat(seen).containsExactly(
                new ClusterSessionChange(client, null, claimed),
                new ClusterSessionChange(client, claimed, subscribed),
                new ClusterSessionChange(client, subscribed, offline),
                new ClusterSessionChange(client, offline, null));
    }

    @Test
    void quick_changes_from_one_node_do_not_lose_each_other_before_they_are_read_back() {
        KafkaSessionDirectory two = otherNode("node-2");
        String client = unique("busy");
        await(one().claim(client, "node-1", "APPLICATION", 3600));
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        List<StoredSubscription> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // not awaited one by one: each change is computed while the previous ones are on their way
            writes.add(one().saveSubscription(client, subscription("f/" + i)));
            expected.add(subscription("f/" + i));
        }
        writes.add(one().removeSubscription(client, "f/7"));
        expected.remove(7);
        await(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));

        assertThat(one().get(client).orElseThrow().subscriptions()).containsExactlyElementsOf(expected);
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(two.get(client).orElseThrow().subscriptions()).containsExactlyElementsOf(expected);
        assertThat(one().awaitCaughtUp(WAIT)).isTrue();
        assertThat(one().get(client).orElseThrow().subscriptions()).containsExactlyElementsOf(expected);
    }

    @Test
    void the_subscriptions_of_a_non_persistent_session_are_replaced_whole_and_never_bring_it_back() {
        String client = unique("clean-subscriber");
        await(one().claim(client, "node-1", "DEVICE", 0));
        await(one().saveSubscriptions(client, List.of(subscription("x"), subscription("y"))));
        await(one().saveSubscriptions(client, List.of(subscription("y"), subscription("z"))));
        assertThat(one().get(client).orElseThrow().subscriptions()).containsExactly(subscription("y"), subscription("z"));

        await(one().disconnected(client, "node-1"));
        await(one().saveSubscriptions(client, List.of(subscription("late")))); // a SUBSCRIBE racing the disconnect

        assertThat(one().awaitCaughtUp(WAIT)).isTrue();
        assertThat(one().get(client)).isEmpty();
    }
}
