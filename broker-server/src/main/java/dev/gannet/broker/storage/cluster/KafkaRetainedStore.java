package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.cluster.kafka.CompactedTopic;
import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.MessageCodec;
import dev.gannet.broker.storage.RetainedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Retained messages in cluster mode: the compacted {@code retained} topic, key = MQTT topic,
 * value = {@link MessageCodec} bytes, a tombstone for a removal. Every node holds all of them.
 *
 * <p>A write completes when Kafka acknowledged it; this node, like every other, applies it when
 * reading it back (see {@link CompactedTopic}), and only then calls {@code onChange}.
 */
public final class KafkaRetainedStore implements RetainedStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRetainedStore.class);

    private final CompactedTopic topic;

    /**
     * Replays the topic (blocking up to {@code startTimeout}), then follows it.
     *
     * @param onChange called on the topic's thread, in topic order, for every record applied (those
     *                 of the replay at start, then every change, this node's own included): (MQTT
     *                 topic, the new retained message, or null when removed). It keeps each node's
     *                 in-memory retained messages in step with the others'; it must not block.
     * @throws dev.gannet.broker.storage.StorageException when the topic cannot be read to its end in time
     */
    public KafkaRetainedStore(String bootstrapServers, String topicName, String clientIdPrefix, Duration startTimeout,
                              BiConsumer<String, Message> onChange) {
        // An unreadable record counts as a removal, here as in loadAll, so both views agree.
        this.topic = new CompactedTopic(bootstrapServers, topicName, clientIdPrefix,
                (key, value) -> onChange.accept(key, value == null ? null : decode(key, value)));
        topic.start(startTimeout);
    }

    /** Null (and an error in the log) when the record cannot be read: one bad record must not stop a node. */
    private static Message decode(String key, byte[] value) {
        try {
            return MessageCodec.decode(value);
        } catch (IOException | RuntimeException e) {
            LOG.error("Ignoring the unreadable retained message of topic '{}': {}", key, e.toString());
            return null;
        }
    }

    @Override
    public CompletableFuture<Void> put(Message message) {
        return topic.put(message.topic(), MessageCodec.encode(message));
    }

    @Override
    public CompletableFuture<Void> remove(String mqttTopic) {
        return topic.put(mqttTopic, null);
    }

    /** The retained messages applied so far (at start: the whole topic). */
    @Override
    public List<Message> loadAll() {
        Map<String, byte[]> snapshot = topic.snapshot();
        List<Message> messages = new ArrayList<>(snapshot.size());
        snapshot.forEach((key, value) -> {
            Message message = decode(key, value);
            if (message != null) {
                messages.add(message);
            }
        });
        return messages;
    }

    /** Blocks until every change written before this call, by any node, is applied here; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) {
        return topic.awaitCaughtUp(timeout);
    }

    @Override
    public void close() {
        topic.close();
    }
}
