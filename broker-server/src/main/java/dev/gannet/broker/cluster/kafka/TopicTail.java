package dev.gannet.broker.cluster.kafka;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * Follows a one-partition topic from its end on a thread of its own, handing each record to a
 * handler: what was written before the node started is not for it (a node's downlink from an
 * earlier run, old events). No consumer group, so no offsets to commit.
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final BiConsumer<String, byte[]> handler;
    private final Thread thread;
    private volatile boolean closing;

    /** Positioned at the end of {@code topic} when this returns: anything written afterwards is handed over. */
    public TopicTail(String bootstrapServers, String topic, String clientId, BiConsumer<String, byte[]> handler) {
        this.topic = topic;
        this.handler = handler;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50"); // commands wait for this; keep it short
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition); // resolves the end now, not lazily at the first poll
        thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    public synchronized TopicTail start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!closing) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Kafka away for a moment: keep following, or this node stops hearing the others.
                    LOG.warn("Reading {} failed ({}); trying again in a second", topic, e.toString());
                    sleep();
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    try {
                        handler.accept(record.key(), record.value());
                    } catch (RuntimeException e) {
                        LOG.error("Could not handle a record of {} at offset {}", topic, record.offset(), e);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (!thread.isAlive()) {
            if (thread.getState() == Thread.State.NEW) {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            }
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
