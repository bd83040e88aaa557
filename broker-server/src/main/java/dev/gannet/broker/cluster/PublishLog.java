package dev.gannet.broker.cluster;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.MessageCodec;
import dev.gannet.broker.storage.StorageException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The publish log: every accepted PUBLISH of the cluster, keyed by MQTT topic so that one topic's
 * messages keep their order. Any node appends ({@link #append}); the nodes share its partitions
 * in one consumer group, and each routes the records of its partitions ({@link #startRouting}).
 * A partition's offset is committed only once its records are stored or handed over, so when a
 * node dies the next owner of its partitions routes again what was not finished: at least once.
 */
final class PublishLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PublishLog.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Properties consumerProps = new Properties();
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean closing;

    /**
     * @param sessionTimeoutMs how long the group waits for a silent node before giving its partitions to others
     */
    PublishLog(KafkaProducer<String, byte[]> producer, String bootstrapServers, String topic, String group, String clientId,
               int sessionTimeoutMs) {
        this.producer = producer;
        this.topic = topic;
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A new group starts at the beginning: the first routers must not skip acknowledged messages.
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        // A node that dies hands its partitions over after this long without heartbeats.
        consumerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(sessionTimeoutMs));
        consumerProps.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
    }

    /** Appends a message; completes once Kafka acknowledged it on every in-sync replica. Never blocks. */
    CompletableFuture<Void> append(Message message) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, message.topic(), MessageCodec.encode(message)), (metadata, error) -> {
                if (error == null) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(new StorageException("Kafka did not take a message for " + topic + ": "
                            + error.getMessage(), error));
                }
            });
        } catch (RuntimeException e) {
            written.completeExceptionally(new StorageException("Kafka did not take a message for " + topic + ": " + e.getMessage(), e));
        }
        return written;
    }

    /**
     * Joins the routers' group and routes what this node is given, on a thread of its own.
     *
     * @param beforeBatch waits until the node's session directory has caught up; false on timeout
     * @param router      routes one message; the offset moves on once every returned future completed
     */
    synchronized void startRouting(BooleanSupplier beforeBatch, Function<Message, CompletableFuture<Void>> router) {
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(() -> run(beforeBatch, router), "gannet-cluster-router");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(BooleanSupplier beforeBatch, Function<Message, CompletableFuture<Void>> router) {
        try {
            while (!closing) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    routeBatch(records, beforeBatch, router);
                    consumer.commitSync();
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    // Nothing of the batch counts as done: rewind each partition to its first record and
                    // route it all again after a pause (a persistent session may then get a copy twice).
                    Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
                    LOG.error("Routing a batch of {} failed ({}); routing it again in a second", topic, cause.toString());
                    rewind(records);
                    Thread.sleep(1_000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.error("The cluster router stopped", e);
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Routes every record of the batch; returns once each is stored or handed over, or throws. */
    private void routeBatch(ConsumerRecords<String, byte[]> records, BooleanSupplier beforeBatch,
                            Function<Message, CompletableFuture<Void>> router) throws Exception {
        if (!beforeBatch.getAsBoolean()) {
            // A subscription acknowledged before these messages were published may not be known yet.
            throw new java.util.concurrent.TimeoutException("the session directory is behind");
        }
        List<CompletableFuture<Void>> routed = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            Message message;
            try {
                message = MessageCodec.decode(record.value());
            } catch (IOException | RuntimeException e) {
                // Never acknowledged in this form by a node of this version: nothing routable is lost.
                LOG.error("Skipping an unreadable record of {} at partition {} offset {}: {}", topic,
                        record.partition(), record.offset(), e.toString());
                continue;
            }
            routed.add(router.apply(message));
        }
        CompletableFuture.allOf(routed.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            try {
                consumer.seek(partition, records.records(partition).get(0).offset());
            } catch (IllegalStateException e) {
                // the partition moved to another node meanwhile: it resumes from the committed offset there
            }
        }
    }

    @Override
    public synchronized void close() {
        closing = true;
        if (consumer != null) {
            consumer.wakeup();
            try {
                thread.join(35_000); // a batch may wait up to 30 s for its writes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
