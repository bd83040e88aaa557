package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.cluster.kafka.KafkaTopics;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.RetainedStoreContract;
import dev.gannet.broker.testing.KafkaServer;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retained message contract against the Kafka backend; a restart is a new store replaying the
 * same topic. Each test has its own topic prefix.
 */
@Timeout(120)
class KafkaRetainedStoreIT extends RetainedStoreContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private String topic;
    private final List<KafkaRetainedStore> otherNodes = new ArrayList<>();

    private KafkaRetainedStore node(String nodeId, BiConsumer<String, Message> onChange) {
        return new KafkaRetainedStore(KafkaServer.shared().bootstrapServers(), topic, nodeId, WAIT, onChange);
    }

    @Override
    protected BrokerStore openStore() {
        try (Admin admin = KafkaServer.shared().admin()) {
            KafkaTopics topics = new KafkaTopics(admin, unique("retained-it") + ".", 1);
            topics.ensureClusterTopics(1);
            topic = topics.retained();
        }
        KafkaRetainedStore retained = node("node-1", (mqttTopic, message) -> {
        });
        return new ComposedStore(null, null, retained, retained);
    }

    @Override
    protected BrokerStore reopen(BrokerStore closing) {
        closing.close();
        KafkaRetainedStore retained = node("node-1", (mqttTopic, message) -> {
        });
        return new ComposedStore(null, null, retained, retained);
    }

    @AfterEach
    void closeOtherNodes() {
        otherNodes.forEach(KafkaRetainedStore::close);
    }

    @Test
    void another_node_sees_each_change_through_its_hook_and_its_load() {
        Map<String, Message> seenByTwo = new ConcurrentHashMap<>();
        KafkaRetainedStore two = node("node-2", (mqttTopic, message) -> {
            if (message == null) {
                seenByTwo.remove(mqttTopic);
            } else {
                seenByTwo.put(mqttTopic, message);
            }
        });
        otherNodes.add(two);
        String mqttTopic = unique("lamp");
        Message rich = richMessage(mqttTopic);

        await(store.retained().put(rich));
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(seenByTwo.get(mqttTopic)).usingRecursiveComparison().isEqualTo(rich);
        assertThat(two.loadAll()).extracting(Message::topic).contains(mqttTopic);

        await(store.retained().remove(mqttTopic));
        assertThat(two.awaitCaughtUp(WAIT)).isTrue();
        assertThat(seenByTwo).doesNotContainKey(mqttTopic);
        assertThat(two.loadAll()).extracting(Message::topic).doesNotContain(mqttTopic);
    }
}
