package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.PublishProperties;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.StorageException;
import dev.gannet.broker.storage.StoredEntry;
import dev.gannet.broker.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Redis queue store does beyond the queue contract: owners, the cap, expiry, several nodes, odd ids. */
@Timeout(60)
class RedisQueueStoreIT {

    private static final RedisQueueStore.Limits NO_EXPIRY = new RedisQueueStore.Limits(1_000, 0);

    private static RedisClient rawClient;
    private static StatefulRedisConnection<String, String> rawConnection;
    /** Redis commands outside the store, to look at the keys themselves. */
    private static RedisCommands<String, String> raw;

    /** Every test has its own key prefix, so that it can list exactly its own keys. */
    private final String prefix = "it-" + UUID.randomUUID();
    private final List<RedisQueueStore> opened = new ArrayList<>();

    @BeforeAll
    static void connectRaw() {
        rawClient = RedisClient.create(RedisServer.shared().uri());
        rawConnection = rawClient.connect();
        raw = rawConnection.sync();
    }

    @AfterAll
    static void closeRaw() {
        rawConnection.close();
        rawClient.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(RedisQueueStore::close);
    }

    private RedisQueueStore node(RedisQueueStore.Limits limits) {
        RedisQueueStore store = RedisQueueStore.connect(RedisServer.shared().uri(), prefix, limits);
        opened.add(store);
        return store;
    }

    private static QueueTarget target(RedisQueueStore store, String client) {
        return new QueueTarget(client, store.newEntryId(), 1, false, List.of());
    }

    private static Message message(String payload) {
        return new Message("t/" + payload, payload.getBytes(StandardCharsets.UTF_8), 1, false, "p", 1_000, 0,
                PublishProperties.NONE);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store operation failed", e);
        }
    }

    private static List<String> payloads(List<StoredEntry> entries) {
        return entries.stream().map(e -> new String(e.message().payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void the_append_returns_the_owner_of_each_queue_which_claim_and_release_change() {
        RedisQueueStore store = node(NO_EXPIRY);
        String a = "owned-" + UUID.randomUUID();
        String b = "unowned-" + UUID.randomUUID();

        assertThat(await(store.enqueueWithOwners(message("0"), List.of(target(store, a), target(store, b))))).isEmpty();
        assertThat(await(store.claimOwner(a, "node-1"))).isNull();
        assertThat(await(store.enqueueWithOwners(message("1"), List.of(target(store, a), target(store, b)))))
                .containsExactly(Map.entry(a, "node-1"));

        assertThat(await(store.claimOwner(a, "node-2"))).isEqualTo("node-1");
        await(store.releaseOwner(a, "node-1")); // node-1 no longer owns it: nothing changes
        assertThat(await(store.enqueueWithOwners(message("2"), List.of(target(store, a))))).containsExactly(Map.entry(a, "node-2"));

        await(store.releaseOwner(a, "node-2"));
        assertThat(await(store.enqueueWithOwners(message("3"), List.of(target(store, a))))).isEmpty();
        assertThat(await(store.claimOwner(a, "node-3"))).isNull();
        assertThat(payloads(store.entries(a))).containsExactly("0", "1", "2", "3");
    }

    @Test
    void an_owner_change_amid_appends_splits_them_at_one_point_of_the_queue() {
        RedisQueueStore store = node(NO_EXPIRY);
        String client = "takeover-" + UUID.randomUUID();
        await(store.claimOwner(client, "old"));
        List<CompletableFuture<Map<String, String>>> appends = new ArrayList<>();
        CompletableFuture<String> claim = null;
        for (int i = 0; i < 200; i++) {
            appends.add(store.enqueueWithOwners(message(Integer.toString(i)), List.of(target(store, client))));
            if (i == 100) {
                claim = store.claimOwner(client, "new");
            }
        }
        assertThat(await(claim)).isEqualTo("old");
        // The owner each append saw, in queue order: every "old" comes before every "new".
        List<String> seen = new ArrayList<>();
        for (StoredEntry entry : store.entries(client)) {
            int i = Integer.parseInt(new String(entry.message().payload(), StandardCharsets.UTF_8));
            seen.add(await(appends.get(i)).get(client));
        }
        assertThat(seen).hasSize(200).contains("old", "new");
        assertThat(seen.subList(seen.indexOf("new"), seen.size())).containsOnly("new");
    }

    @Test
    void the_cap_drops_the_oldest_waiting_entries_and_never_one_in_flight() {
        RedisQueueStore store = node(new RedisQueueStore.Limits(3, 0));
        String client = "capped-" + UUID.randomUUID();
        List<QueueTarget> targets = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            QueueTarget t = target(store, client);
            targets.add(t);
            await(store.enqueue(message(Integer.toString(i)), List.of(t)));
        }
        await(store.markInFlight(client, targets.get(0).entryId(), 7));
        await(store.markInFlight(client, targets.get(1).entryId(), 8));
        await(store.markReleased(client, targets.get(1).entryId()));
        for (int i = 4; i <= 6; i++) {
            await(store.enqueue(message(Integer.toString(i)), List.of(target(store, client))));
        }
        // In flight: 1 and 2 (not counted, not dropped); waiting: 3 4 5 6 over a cap of 3, so 3 goes.
        List<StoredEntry> entries = store.entries(client);
        assertThat(payloads(entries)).containsExactly("1", "2", "4", "5", "6");
        assertThat(entries).extracting(StoredEntry::packetId).containsExactly(7, 8, 0, 0, 0);
        assertThat(entries).extracting(StoredEntry::released).containsExactly(false, true, false, false, false);

        await(store.remove(client, targets.get(0).entryId()));
        await(store.enqueue(message("7"), List.of(target(store, client))));
        assertThat(payloads(store.entries(client))).containsExactly("2", "5", "6", "7");
    }

    @Test
    void marks_for_entries_no_longer_queued_are_ignored() {
        RedisQueueStore store = node(new RedisQueueStore.Limits(1, 0));
        String client = "gone-" + UUID.randomUUID();
        QueueTarget dropped = target(store, client);
        await(store.enqueue(message("dropped"), List.of(dropped)));
        await(store.enqueue(message("kept"), List.of(target(store, client))));
        await(store.markInFlight(client, dropped.entryId(), 5));
        await(store.markReleased(client, dropped.entryId()));
        assertThat(raw.keys(prefix + ":*:s")).isEmpty();
        // The kept entry is still counted as waiting: a new one pushes it out.
        await(store.enqueue(message("newest"), List.of(target(store, client))));
        assertThat(payloads(store.entries(client))).containsExactly("newest");
    }

    @Test
    void entries_keep_append_order_when_their_ids_come_from_two_nodes() {
        RedisQueueStore nodeA = node(NO_EXPIRY);
        RedisQueueStore nodeB = node(NO_EXPIRY);
        String client = "two-nodes-" + UUID.randomUUID();
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RedisQueueStore routing = i % 2 == 0 ? nodeB : nodeA;
            QueueTarget t = target(routing, client);
            appended.add(t.entryId());
            await(routing.enqueue(message(Integer.toString(i)), List.of(t)));
        }
        assertThat(appended).as("ids from two blocks, not in append order").isNotEqualTo(appended.stream().sorted().toList());
        assertThat(nodeA.entries(client)).extracting(StoredEntry::entryId).containsExactlyElementsOf(appended);
        assertThat(payloads(nodeB.entries(client))).containsExactly("0", "1", "2", "3", "4", "5");
    }

    @Test
    void entry_ids_from_several_nodes_and_threads_never_collide() throws Exception {
        RedisQueueStore nodeA = node(NO_EXPIRY);
        RedisQueueStore nodeB = node(NO_EXPIRY);
        Set<Long> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (RedisQueueStore store : List.of(nodeA, nodeA, nodeB, nodeB)) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 2_500; i++) {
                    ids.add(store.newEntryId());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(ids).hasSize(10_000).allSatisfy(id -> assertThat(id).isPositive());
    }

    @Test
    void deleting_a_client_removes_every_key_it_had() {
        RedisQueueStore store = node(NO_EXPIRY);
        String client = "deleted-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        QueueTarget t = target(store, client);
        await(store.enqueue(message("x"), List.of(t, target(store, other))));
        await(store.markInFlight(client, t.entryId(), 1));
        await(store.rememberInbound(client, 9));
        await(store.claimOwner(client, "node-1"));
        assertThat(raw.keys(prefix + ":*")).hasSize(1 + 6 + 3); // entry-id counter, this client's 6, the other's q seq m

        await(store.deleteClient(client));

        assertThat(raw.keys(prefix + ":*")).hasSize(4).noneMatch(key -> key.contains(client));
        assertThat(store.entries(client)).isEmpty();
        assertThat(store.inbound(client)).isEmpty();
        assertThat(store.entries(other)).hasSize(1);
    }

    @Test
    void client_ids_with_braces_work_apart_and_keep_their_keys_in_one_slot() {
        RedisQueueStore store = node(NO_EXPIRY);
        String unique = UUID.randomUUID().toString();
        // '}' first would make an empty hash tag; '%7D' is what '}' is escaped to; "" is the empty id.
        List<String> clients = List.of("}" + unique, "{" + unique, "a{b}c" + unique, "a%7Db" + unique, "a}b" + unique,
                "{}" + unique, "%" + unique, "");
        for (String client : clients) {
            QueueTarget t = target(store, client);
            await(store.enqueue(message(client), List.of(t)));
            await(store.markInFlight(client, t.entryId(), 3));
            await(store.rememberInbound(client, 4));
            await(store.claimOwner(client, "node-1"));
        }
        for (String client : clients) {
            assertThat(payloads(store.entries(client))).as(client).containsExactly(client);
            assertThat(store.inbound(client)).containsExactly(4);
        }
        List<String> keys = raw.keys(prefix + ":{*");
        assertThat(keys).hasSize(clients.size() * 6);
        Map<String, List<String>> byClient = new java.util.HashMap<>();
        for (String key : keys) {
            byClient.computeIfAbsent(key.substring(0, key.lastIndexOf(':')), k -> new ArrayList<>()).add(key);
        }
        assertThat(byClient).hasSize(clients.size());
        byClient.forEach((client, ofOne) ->
                assertThat(ofOne.stream().map(SlotHash::getSlot).distinct()).as(client).hasSize(1));

        await(store.deleteClient("a}b" + unique));
        assertThat(store.entries("a%7Db" + unique)).hasSize(1);
        assertThat(raw.keys(prefix + ":{*")).hasSize((clients.size() - 1) * 6);
    }

    @Test
    void every_write_refreshes_the_expiry_of_all_the_clients_keys() {
        String client = "expiring-" + UUID.randomUUID();
        RedisQueueStore expiring = node(new RedisQueueStore.Limits(1_000, 300));
        QueueTarget t = target(expiring, client);
        await(expiring.enqueue(message("x"), List.of(t)));
        await(expiring.markInFlight(client, t.entryId(), 1));
        await(expiring.rememberInbound(client, 2));
        await(expiring.claimOwner(client, "node-1"));
        List<String> keys = raw.keys(prefix + ":{*");
        assertThat(keys).hasSize(6).allSatisfy(key -> assertThat(raw.ttl(key)).isBetween(1L, 300L));

        // A node configured without expiry clears it on its next write.
        RedisQueueStore lasting = node(NO_EXPIRY);
        await(lasting.forgetInbound(client, 7));
        assertThat(raw.keys(prefix + ":{*")).allSatisfy(key -> assertThat(raw.ttl(key)).isEqualTo(-1L));
    }

    @Test
    void scripts_that_redis_forgot_are_sent_again() {
        RedisQueueStore store = node(NO_EXPIRY);
        String client = "flushed-" + UUID.randomUUID();
        raw.scriptFlush(); // as after a Redis restart or failover
        await(store.enqueue(message("after-flush"), List.of(target(store, client))));
        assertThat(payloads(store.entries(client))).containsExactly("after-flush");
    }

    @Test
    void an_unreachable_redis_fails_the_connect_naming_the_uri_without_its_password() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String uri = "redis://s3cret@127.0.0.1:" + port;
        assertThatThrownBy(() -> RedisQueueStore.connect(uri, prefix, NO_EXPIRY))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("redis://***@127.0.0.1:" + port)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void a_closed_store_fails_its_futures_with_a_storage_exception() {
        RedisQueueStore store = node(NO_EXPIRY);
        String client = "closed-" + UUID.randomUUID();
        QueueTarget t = target(store, client);
        store.close();
        assertThat(store.enqueue(message("late"), List.of(t)))
                .failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.entries(client)).isInstanceOf(StorageException.class);
    }

    @Test
    void message_bytes_survive_exactly_including_empty_and_binary_payloads() {
        RedisQueueStore store = node(NO_EXPIRY);
        String client = "binary-" + UUID.randomUUID();
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        Message binary = new Message("bin/ä/€", every, 2, false, null, 5, 0, PublishProperties.NONE);
        Message empty = new Message("empty", new byte[0], 1, false, "p", 6, 0, PublishProperties.NONE);
        await(store.enqueue(binary, List.of(new QueueTarget(client, store.newEntryId(), 2, false, List.of(1)))));
        await(store.enqueue(empty, List.of(new QueueTarget(client, store.newEntryId(), 1, true, List.of()))));
        List<StoredEntry> entries = store.entries(client);
        assertThat(entries.get(0).message()).usingRecursiveComparison().isEqualTo(binary);
        assertThat(entries.get(1).message()).usingRecursiveComparison().isEqualTo(empty);
        assertThat(new HashSet<>(entries.get(0).subscriptionIdentifiers())).containsExactly(1);
    }
}
