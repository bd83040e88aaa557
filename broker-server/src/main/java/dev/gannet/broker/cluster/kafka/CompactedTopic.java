package dev.gannet.broker.cluster.kafka;

import dev.gannet.broker.storage.StorageException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A replicated key → value map over one compacted, single-partition Kafka topic. Every node reads
 * the topic from its beginning at start, then follows it; compaction keeps the topic about as
 * large as the map. Keys are strings (UTF-8), values bytes; a null value (a tombstone) removes
 * the key.
 *
 * <p><b>Read-back.</b> {@link #put} only writes to Kafka. The local map and the listener change
 * when the record comes back from the topic, on the topic's own thread, in offset order: one code
 * path for this node's changes and every other node's, so all nodes apply the same changes in the
 * same order. The price is a short gap: {@code put}'s future completes when Kafka acknowledged the
 * write, which may be before this node has read it back. A caller that must see its own write (or
 * anything written before some moment, by any node) calls {@link #awaitCaughtUp} or
 * {@link #caughtUp} first.
 *
 * <p>No consumer group and no committed offsets: the partition is assigned directly and always
 * read from the start, so a restart or another node never depends on stored progress (and
 * tombstones removed by compaction cannot be missed by a reader that resumes).
 */
public final class CompactedTopic implements AutoCloseable {

    /** Sees every applied change; runs on the topic's thread, in offset order, so it must not block for long. */
    public interface Listener {
        /** {@code key} now has {@code valueOrNullWhenRemoved} (a shared array: do not modify it). */
        void changed(String key, byte[] valueOrNullWhenRemoved);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopic.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final long ERROR_BACKOFF_MS = 1_000;

    private final String topic;
    private final TopicPartition partition;
    private final Listener listener;
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    /** Hands records to {@code producer.send}, which can block on metadata or a full buffer: callers never do. */
    private final ExecutorService sender;
    private final Thread reader;
    private final List<Waiter> waiters = new ArrayList<>();

    /** The next offset to apply: everything before it is in {@link #values}. Written under {@link #waiters}. */
    private long applied;
    private volatile boolean started;
    private volatile boolean closed;

    private record Waiter(long offset, CompletableFuture<Void> done) {
    }

    /**
     * Creates the clients; nothing is read or written before {@link #start}.
     *
     * @param clientIdPrefix names this node's clients in Kafka's logs and metrics (the topic is appended)
     * @param listener       sees every change, this node's own included, as it is applied
     */
    public CompactedTopic(String bootstrapServers, String topic, String clientIdPrefix, Listener listener) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.listener = listener;
        String clientId = clientIdPrefix + "-" + topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId + "-writer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, // no duplicate or reordered record after a retry
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaTopics.MAX_RECORD_BYTES), // a retained message may be large
                new StringSerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Should the position ever fall outside the log, read it all again rather than skip to its end.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Reading a missing topic must not create it with the broker's defaults (not compacted).
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-offsets"));
        this.sender = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "gannet-" + topic + "-writer"));
        this.reader = daemon(this::follow, "gannet-" + topic + "-reader");
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Replays the topic from its beginning into the map and the listener, and returns once caught
     * up with the end offset read at the start; then keeps following on its own daemon thread.
     *
     * @throws StorageException when the topic is missing or has more than one partition, or when
     *                          the replay did not finish within {@code timeout} (this object is
     *                          then closed)
     */
    public void start(Duration timeout) {
        if (started || closed) {
            throw new IllegalStateException("Topic " + topic + " was already started or closed");
        }
        started = true;
        try {
            checkSinglePartition(timeout);
            reader.start();
            if (!awaitCaughtUp(timeout)) {
                throw new StorageException("Could not read Kafka topic '" + topic + "' to its end within "
                        + timeout.toMillis() + " ms");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void checkSinglePartition(Duration timeout) {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            throw new StorageException("Cannot read Kafka topic '" + topic + "' (KafkaTopics.ensureClusterTopics creates"
                    + " Gannet's topics): " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StorageException("Kafka did not describe topic '" + topic + "' within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while describing Kafka topic '" + topic + "'", e);
        }
        if (description.partitions().size() != 1) {
            // KafkaTopics refuses such a topic with the fix; this guards users that skipped it.
            throw new StorageException("Kafka topic '" + topic + "' has " + description.partitions().size()
                    + " partitions; a replicated map reads exactly one");
        }
    }

    /** The reader thread: owns the consumer (which is not thread-safe) from start to close. */
    private void follow() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (!closed && !Thread.currentThread().isInterrupted()) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                    // After the batch, not per record: compaction leaves gaps in the offsets.
                    advanceTo(consumer.position(partition));
                } catch (WakeupException e) {
                    // close() woke us: the loop condition ends it
                } catch (RuntimeException e) {
                    // Kafka retries most failures inside poll; what escapes is logged and retried here,
                    // since a reader that stopped would leave this node's state silently stale.
                    LOG.warn("Reading Kafka topic {} failed, retrying in {} ms: {}", topic, ERROR_BACKOFF_MS, e.toString());
                    pause();
                }
            }
        } finally {
            closeConsumer();
        }
    }

    private void closeConsumer() {
        try {
            // Nothing to hand over (no group, no commits); with a wait, closing would sit out the
            // broker's long poll (fetch.max.wait.ms) just to tidy up the fetch session.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        } catch (RuntimeException e) {
            LOG.debug("Closing the reader of Kafka topic {} failed", topic, e); // nothing left to lose: we are stopping
        }
    }

    private void pause() {
        try {
            Thread.sleep(ERROR_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            LOG.warn("Ignoring a record without a key at offset {} of Kafka topic {}", record.offset(), topic);
            return;
        }
        byte[] value = record.value();
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        try {
            listener.changed(key, value);
        } catch (RuntimeException e) {
            // One failing listener call must not stop the replication of every other key.
            LOG.error("The listener of Kafka topic {} failed on key {} at offset {}", topic, key, record.offset(), e);
        }
    }

    private void advanceTo(long position) {
        List<Waiter> reached = new ArrayList<>();
        synchronized (waiters) {
            applied = position;
            waiters.removeIf(waiter -> {
                if (waiter.offset() <= position) {
                    reached.add(waiter);
                    return true;
                }
                return waiter.done().isDone(); // given up by a caller that timed out
            });
        }
        // Outside the lock: what callers chained to these futures runs here, and must not hold up the others.
        reached.forEach(waiter -> waiter.done().complete(null));
    }

    /**
     * Writes {@code key = value}, or removes the key when {@code value} is null. Never blocks the
     * caller. The future completes when Kafka acknowledged the write (all in-sync replicas), or
     * exceptionally with a {@link StorageException}; it completes on a Kafka client thread, so
     * continue elsewhere if the continuation is slow. The map and the listener see the change only
     * when it is read back: see the class comment.
     */
    public CompletableFuture<Void> put(String key, byte[] value) {
        return write(key, value).thenApply(offset -> null);
    }

    /**
     * Like {@link #put}, completing with the offset Kafka gave the record, for {@link #readBack}.
     */
    public CompletableFuture<Long> write(String key, byte[] value) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(closedException());
            return done;
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, key, value);
        try {
            sender.execute(() -> send(record, done));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(closedException());
        }
        return done;
    }

    private void send(ProducerRecord<String, byte[]> record, CompletableFuture<Long> done) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    done.complete(metadata.offset());
                } else {
                    done.completeExceptionally(writeFailed(record.key(), error));
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(writeFailed(record.key(), e)); // e.g. the producer is closing
        }
    }

    private StorageException writeFailed(String key, Throwable error) {
        return new StorageException("Kafka did not acknowledge the write of key '" + key + "' to topic '" + topic + "': "
                + error.getMessage(), error);
    }

    private StorageException closedException() {
        return new StorageException("The replicated map of Kafka topic '" + topic + "' is closed");
    }

    /**
     * Blocks until everything written to the topic before this call, by any node, has been
     * applied locally (the applied position reached the end offset read now).
     *
     * @return false when that did not happen within {@code timeout}
     * @throws StorageException when the end offset cannot be read or this object is closed
     */
    public boolean awaitCaughtUp(Duration timeout) {
        CompletableFuture<Void> done = caughtUp();
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            done.cancel(false); // the reader drops it from the waiters at its next poll
            return false;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StorageException s ? s : new StorageException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Like {@link #awaitCaughtUp} without blocking: completes when everything written before this
     * call has been applied locally, or exceptionally ({@link StorageException}) when the end
     * offset cannot be read or this object closes first.
     */
    public CompletableFuture<Void> caughtUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed || !started) {
            done.completeExceptionally(closed ? closedException() : new IllegalStateException("Topic " + topic + " not started"));
            return done;
        }
        // The high watermark: the end of what is replicated, and so of what a reader can see.
        admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).whenComplete((info, error) -> {
            if (error != null) {
                done.completeExceptionally(new StorageException("Cannot read the end offset of Kafka topic '" + topic + "': "
                        + error.getMessage(), error));
            } else {
                waitFor(info.offset(), done);
            }
        });
        return done;
    }

    /**
     * Completes once the record at {@code offset} (as returned by {@link #write}) has been applied
     * locally, or passed over because compaction had already replaced it; exceptionally when this
     * object closes first. Completes on the topic's thread: keep what is chained to it short.
     */
    public CompletableFuture<Void> readBack(long offset) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waitFor(offset + 1, done);
        return done;
    }

    /** Completes {@code done} once the applied position reaches {@code offset} (everything before it applied). */
    private void waitFor(long offset, CompletableFuture<Void> done) {
        boolean reached;
        synchronized (waiters) {
            reached = applied >= offset;
            if (!reached && !closed) {
                waiters.add(new Waiter(offset, done));
            }
        }
        if (reached) {
            done.complete(null);
        } else if (closed) {
            done.completeExceptionally(closedException()); // close() may have failed the waiters already: no matter
        }
    }

    /** A copy of the map as applied so far; the byte arrays are shared, do not modify them. */
    public Map<String, byte[]> snapshot() {
        return Map.copyOf(values);
    }

    /** The value of {@code key} as applied so far, or null; the array is shared, do not modify it. */
    public byte[] get(String key) {
        return values.get(key);
    }

    /**
     * Stops following and closes the Kafka clients. Writes already accepted get up to a few
     * seconds to be acknowledged; waiting callers are failed. Safe to call more than once.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() == reader) {
            consumer.wakeup(); // closed by a listener: the loop ends when the listener returns
        } else if (reader.isAlive()) {
            consumer.wakeup(); // interrupts a poll at once; a later consumer call throws if it was not polling
            join(reader);
        } else if (reader.getState() == Thread.State.NEW) {
            closeConsumer();
        }
        sender.shutdown();
        try {
            sender.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_WAIT);
        admin.close(CLOSE_WAIT);
        List<Waiter> waiting;
        synchronized (waiters) {
            waiting = List.copyOf(waiters);
            waiters.clear();
        }
        waiting.forEach(waiter -> waiter.done().completeExceptionally(closedException()));
    }

    private void join(Thread thread) {
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The reader of Kafka topic {} did not stop within {} ms", topic, CLOSE_WAIT.toMillis());
        }
    }
}
