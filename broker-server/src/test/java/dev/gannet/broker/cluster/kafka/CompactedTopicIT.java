package dev.gannet.broker.cluster.kafka;

import dev.gannet.broker.storage.StorageException;
import dev.gannet.broker.testing.KafkaServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replicated map over a compacted topic, against a real Kafka; each test has its own topic. */
@Timeout(120)
class CompactedTopicIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaServer kafka;
    private static Admin admin;

    private final String topic = "compacted-" + UUID.randomUUID();
    private final List<CompactedTopic> opened = new ArrayList<>();

    @BeforeAll
    static void connect() {
        kafka = KafkaServer.shared();
        admin = kafka.admin();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @BeforeEach
    void createTopic() throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                .all().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(CompactedTopic::close);
    }

    /** One node's map over the test's topic, started. */
    private CompactedTopic open(String node, CompactedTopic.Listener listener) {
        CompactedTopic map = new CompactedTopic(kafka.bootstrapServers(), topic, node, listener);
        opened.add(map);
        map.start(WAIT);
        return map;
    }

    private CompactedTopic open(String node) {
        return open(node, (key, value) -> {
        });
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void start_replays_every_earlier_write_in_offset_order_tombstones_included() throws Exception {
        CompactedTopic writer = open("writer");
        await(writer.put("a", bytes("1")));
        await(writer.put("b", bytes("2")));
        await(writer.put("a", bytes("3")));
        await(writer.put("b", null));
        await(writer.put("c", bytes("4")));

        List<String> seen = new CopyOnWriteArrayList<>();
        CompactedTopic reader = open("reader", (key, value) -> seen.add(key + "=" + text(value)));

        // start() returned: the replay is complete without any further waiting
        assertThat(seen).containsExactly("a=1", "b=2", "a=3", "b=null", "c=4");
        assertThat(reader.snapshot()).containsOnlyKeys("a", "c");
        assertThat(text(reader.get("a"))).isEqualTo("3");
        assertThat(reader.get("b")).isNull();
    }

    @Test
    void a_tombstone_removes_the_key_on_every_node() throws Exception {
        CompactedTopic one = open("one");
        CompactedTopic two = open("two");
        await(one.put("k", bytes("v")));
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(text(two.get("k"))).isEqualTo("v");

        await(one.put("k", null));
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(one.awaitCaughtUp(WAIT)).isTrue();
        assertThat(two.get("k")).isNull();
        assertThat(one.snapshot()).doesNotContainKey("k");
    }

    @Test
    void awaiting_the_catch_up_sees_everything_another_node_wrote_before() throws Exception {
        List<String> seenByTwo = new CopyOnWriteArrayList<>();
        CompactedTopic one = open("one");
        CompactedTopic two = open("two", (key, value) -> seenByTwo.add(key));
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            writes.add(one.put("k" + i, bytes("v" + i)));
        }
        await(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));

        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(two.snapshot()).hasSize(50);
        assertThat(seenByTwo).hasSize(50).startsWith("k0", "k1", "k2").endsWith("k49");

        await(one.put("late", bytes("x")));
        await(two.caughtUp());
        assertThat(text(two.get("late"))).isEqualTo("x");
    }

    @Test
    void the_offset_of_a_write_tells_when_this_node_has_read_it_back() throws Exception {
        CompactedTopic one = open("one");
        long offset = await(one.write("k", bytes("v")));
        await(one.readBack(offset));
        assertThat(text(one.get("k"))).isEqualTo("v");
    }

    @Test
    void a_failing_listener_does_not_stop_the_replication() throws Exception {
        CompactedTopic one = open("one");
        CompactedTopic two = open("two", (key, value) -> {
            if (key.equals("bad")) {
                throw new IllegalStateException("listener failure on purpose");
            }
        });
        await(one.put("bad", bytes("x")));
        await(one.put("good", bytes("y")));
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(text(two.get("good"))).isEqualTo("y");
    }

    @Test
    void close_is_prompt_and_later_calls_fail() throws Exception {
        CompactedTopic one = open("one");
        await(one.put("k", bytes("v")));
        String readerThread = "gannet-" + topic + "-reader";

        long start = System.nanoTime();
        one.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(millis).as("close took %d ms", millis).isLessThan(3_000);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain(readerThread);
        assertThatThrownBy(() -> await(one.put("k", bytes("w"))))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StorageException.class);
        assertThatThrownBy(() -> one.awaitCaughtUp(WAIT)).isInstanceOf(StorageException.class);
        one.close(); // twice is fine
    }

    @Test
    void a_missing_topic_fails_the_start_naming_it() {
        String missing = "missing-" + UUID.randomUUID();
        CompactedTopic map = new CompactedTopic(kafka.bootstrapServers(), missing, "one", (key, value) -> {
        });
        opened.add(map);

        assertThatThrownBy(() -> map.start(WAIT)).isInstanceOf(StorageException.class).hasMessageContaining(missing);
    }
}
