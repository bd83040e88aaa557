package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.MessageCodec;
import dev.gannet.broker.storage.MessageQueueStore;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.StorageException;
import dev.gannet.broker.storage.StoredEntry;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The queues of persistent APPLICATION clients in cluster mode: each client's entries in a Kafka
 * topic of its own, {@code <topic prefix>app.<encoded client id>} ({@link ApplicationTopicNames}),
 * created on the first append. Applications subscribe to high rates and need every message while
 * offline; a topic absorbs millions of messages where a Redis queue would fill Redis' memory.
 *
 * <p><b>What lives where.</b> A record per entry and client, in append order: key the entry id,
 * value the entry in {@link EntryCodec}'s form (QoS, RETAIN, subscription identifiers, message).
 * A log cannot change a record, so what changes lives in Redis, in the client's keys of
 * {@link RedisQueueStore} (one hash slot, each change one atomic script): the delivery marks
 * (entry id to packet id and released flag), the <em>committed offset</em> below which every entry
 * is done, and the done offsets above it, plus, as for devices, the inbound QoS 2 packet ids and the
 * queue's owner node. The committed offset is in Redis rather than in a Kafka consumer group so
 * that marking an entry done and advancing the offset are one atomic step with dropping its mark,
 * and so that no consumer group per client needs creating, committing through a coordinator and
 * deleting.
 *
 * <p><b>Done and committed.</b> {@link #remove} marks the entry's offset done; the committed offset
 * then advances over the done offsets that follow it without a gap, so entries acknowledged out of
 * order leave only their own offsets in Redis until the gap closes, and a restart reads the topic
 * from the committed offset on, skipping what is marked done. To mark an offset, the node that
 * removes an entry must know it; it learns the offsets of a client's records by reading its topic
 * ({@link OffsetIndex}).
 *
 * <p><b>Limits.</b> The topic keeps messages for the application's maximum message age and, unlike a
 * Redis queue, has no cap on their number (that is the point): {@link #entries} returns every entry
 * not done, so a session restored after a long absence loads them all.
 *
 * <p>Threading: {@link #enqueue} never blocks on an append to a known topic (the producer's buffer
 * aside); appends to a topic being created wait on a thread of this store. {@link #remove} reads
 * Kafka on this store's threads when the entry's offset is not known here yet. {@link #entries}
 * reads on the caller's thread, at most {@link #READ_TIMEOUT}. Futures complete on Kafka's, Lettuce's
 * or this store's threads: continue on your own.
 */
public final class KafkaApplicationQueueStore implements MessageQueueStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaApplicationQueueStore.class);

    /** The longest a read of a client's topic may take (at session restore, or to learn offsets). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final int LOOKUP_THREADS = 2;
    private static final long[] NO_OFFSETS = new long[0];
    private static final byte[] NO_MARK = new byte[0];

    /**
     * How this store reaches Kafka and shapes its topics.
     *
     * @param bootstrapServers     {@code cluster.kafka.bootstrap-servers}, for this store's admin client and readers
     * @param topicPrefix          {@code cluster.kafka.topic-prefix}
     * @param replicationFactor    {@code cluster.kafka.replication-factor}, for the topics created here
     * @param maxMessageAgeSeconds the application clients' maximum message age: each topic's retention; 0 keeps for ever
     * @param clientIdPrefix       names this node's Kafka clients, e.g. {@code gannet-<node id>}
     */
    public record Settings(String bootstrapServers, String topicPrefix, int replicationFactor, long maxMessageAgeSeconds,
                           String clientIdPrefix) {

        public Settings {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(topicPrefix, "topicPrefix");
            Objects.requireNonNull(clientIdPrefix, "clientIdPrefix");
            if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
                throw new IllegalArgumentException("replicationFactor must be positive: " + replicationFactor);
            }
            if (maxMessageAgeSeconds < 0) {
                throw new IllegalArgumentException("maxMessageAgeSeconds must be 0 (no limit) or positive: "
                        + maxMessageAgeSeconds);
            }
        }
    }

    private final Producer<String, byte[]> producer;
    private final RedisQueueStore redis;
    private final Admin admin;
    private final ApplicationTopics topics;
    private final TopicReader reader;
    /** Runs removals whose offsets must first be read from Kafka. */
    private final ExecutorService lookups;
    /** Runs the appends that waited for their topic's creation, in order. */
    private final ExecutorService afterCreation;
    /** The offsets this node knows, per client; each used under its own monitor. */
    private final Map<String, OffsetIndex> indexes = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates this store's admin client and threads; connects lazily.
     *
     * @param producer the node's producer (acks=all, idempotent); stays the caller's to close, after this store
     * @param redis    the node's Redis queue store, for entry ids, delivery state and owners; stays the caller's to close
     * @throws IllegalArgumentException when the topic prefix holds characters Kafka refuses, or is too long
     */
    public KafkaApplicationQueueStore(Settings settings, Producer<String, byte[]> producer, RedisQueueStore redis) {
        Objects.requireNonNull(settings, "settings");
        ApplicationTopicNames names = new ApplicationTopicNames(settings.topicPrefix());
        this.producer = Objects.requireNonNull(producer, "producer");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, settings.clientIdPrefix() + "-app-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READ_TIMEOUT.toMillis()));
        this.afterCreation = Executors.newSingleThreadExecutor(new DefaultThreadFactory("gannet-app-topics", true));
        this.lookups = Executors.newFixedThreadPool(LOOKUP_THREADS, new DefaultThreadFactory("gannet-app-offsets", true));
        this.topics = new ApplicationTopics(admin, names, settings.replicationFactor(), settings.maxMessageAgeSeconds(),
                afterCreation);
        this.reader = new TopicReader(admin, settings.bootstrapServers(), settings.clientIdPrefix() + "-app-reader");
    }

    // ---- MessageQueueStore -------------------------------------------------------------------------

    /** An id unique across every node and restart: the Redis queue store's ({@link RedisQueueStore#newEntryId}). */
    @Override
    public long newEntryId() {
        return redis.newEntryId();
    }

    /** Appends {@code message} to every target's topic; completes once Kafka acknowledged every record. */
    @Override
    public CompletableFuture<Void> enqueue(Message message, List<QueueTarget> targets) {
        return append(message, targets);
    }

    /**
     * Appends {@code message} to every target's topic, then returns, per client id, the node that owns
     * the client's queue, or no entry for a queue nobody owns.
     *
     * <p>The owner is read from Redis <em>after</em> Kafka acknowledged the appends. Not atomically
     * with them (the log and Redis are two systems), yet no delivery falls between: a node taking a
     * session over claims the owner and only then reads the topic. If its claim comes before our read,
     * we name it, and it gets the delivery. If its claim comes after our read, its read of the topic
     * comes after our acknowledged append, so it loads the entry itself (and the node we named ignores
     * a delivery for a session it no longer holds). Either way the entry reaches the session.
     *
     * <p>Not atomic across clients: when the future fails, some appends may have happened.
     */
    public CompletableFuture<Map<String, String>> enqueueWithOwners(Message message, List<QueueTarget> targets) {
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return append(message, targets).thenCompose(appended -> owners(targets));
    }

    private CompletableFuture<Void> append(Message message, List<QueueTarget> targets) {
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(new StorageException("The application queue store is closed"));
        }
        byte[] encoded = MessageCodec.encode(message);
        List<CompletableFuture<Void>> acks = new ArrayList<>(targets.size());
        for (QueueTarget target : targets) {
            String topic = topics.topic(target.clientId());
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, Long.toString(target.entryId()),
                    EntryCodec.encode(target, encoded));
            CompletableFuture<Void> acked = new CompletableFuture<>();
            topics.whenReady(topic, () -> send(record, acked)).whenComplete((ready, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                }
            });
            acks.add(acked);
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture<?>[]::new));
    }

    private void send(ProducerRecord<String, byte[]> record, CompletableFuture<Void> acked) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    topics.forget(record.topic()); // deleted by another node? The next append creates it again.
                    acked.completeExceptionally(new StorageException("Kafka did not take entry " + record.key()
                            + " for topic " + record.topic() + ": " + error.getMessage(), error));
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(new StorageException("Kafka did not take entry " + record.key() + " for topic "
                    + record.topic() + ": " + e.getMessage(), e));
        }
    }

    private CompletableFuture<Map<String, String>> owners(List<QueueTarget> targets) {
        Set<String> clients = new LinkedHashSet<>();
        targets.forEach(t -> clients.add(t.clientId()));
        Map<String, CompletableFuture<String>> reads = new LinkedHashMap<>();
        for (String client : clients) {
            reads.put(client, redis.owner(client));
        }
        return CompletableFuture.allOf(reads.values().toArray(CompletableFuture<?>[]::new)).thenApply(done -> {
            Map<String, String> owners = new HashMap<>();
            reads.forEach((client, owner) -> {
                if (owner.join() != null) {
                    owners.put(client, owner.join());
                }
            });
            return owners;
        });
    }

    /** Keeps the entry's packet id in Redis (its record in Kafka cannot change). */
    @Override
    public CompletableFuture<Void> markInFlight(String clientId, long entryId, int packetId) {
        return redis.markApplicationInFlight(clientId, entryId, packetId);
    }

    /** Keeps the entry's released flag in Redis. */
    @Override
    public CompletableFuture<Void> markReleased(String clientId, long entryId) {
        return redis.markApplicationReleased(clientId, entryId);
    }

    /**
     * Marks the entry done and advances the committed offset over the done prefix; reads the topic
     * first when this node does not know the entry's offset yet. An entry not in the topic (removed
     * before, or never appended) only loses its mark.
     */
    @Override
    public CompletableFuture<Void> remove(String clientId, long entryId) {
        CompletableFuture<long[]> offsets;
        try {
            offsets = CompletableFuture.supplyAsync(() -> offsetsOf(clientId, entryId), lookups);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new StorageException("The application queue store is closed", e));
        }
        return offsets.thenCompose(found -> redis.applicationDone(clientId, entryId, found)).thenApply(committed -> null);
    }

    /** Remembered in Redis, as for devices ({@link RedisQueueStore#rememberInbound}). */
    @Override
    public CompletableFuture<Void> rememberInbound(String clientId, int packetId) {
        return redis.rememberInbound(clientId, packetId);
    }

    /** Forgotten in Redis, as for devices ({@link RedisQueueStore#forgetInbound}). */
    @Override
    public CompletableFuture<Void> forgetInbound(String clientId, int packetId) {
        return redis.forgetInbound(clientId, packetId);
    }

    /**
     * The entries not done, oldest first, with their delivery marks: reads the topic from the
     * committed offset to its end (at most {@link #READ_TIMEOUT}), skipping the offsets marked done.
     * Also moves the committed offset up to the first entry left, over done entries and any gap in
     * the log, and makes this node's offset index whole for the removals to come.
     *
     * @throws StorageException when Kafka or Redis fails, in time or otherwise, or a record cannot be read
     */
    @Override
    public List<StoredEntry> entries(String clientId) {
        String topic = topics.topic(clientId);
        if (!topics.exists(topic, READ_TIMEOUT)) {
            return List.of(); // nothing was ever appended (or the client was deleted)
        }
        OffsetIndex index = indexes.computeIfAbsent(clientId, id -> new OffsetIndex());
        synchronized (index) {
            RedisQueueStore.ApplicationState state = redis.applicationState(clientId);
            index.restartAt(state.committed());
            Map<Long, StoredEntry> live = new LinkedHashMap<>();
            long[] firstLive = {-1};
            Optional<TopicReader.Span> span = reader.read(topic, state.committed(), READ_TIMEOUT, record -> {
                if (state.done().contains(record.offset())) {
                    return;
                }
                long entryId = entryId(record);
                index.add(entryId, record.offset());
                if (live.containsKey(entryId)) {
                    return; // a second record of the entry (an append retried with its id): one delivery
                }
                if (firstLive[0] < 0) {
                    firstLive[0] = record.offset();
                }
                live.put(entryId, decode(record, entryId, state.marks().getOrDefault(entryId, NO_MARK)));
            });
            if (span.isEmpty()) {
                return List.of(); // deleted a moment ago
            }
            index.readTo(span.get().end());
            long firstKept = firstLive[0] >= 0 ? firstLive[0] : span.get().end();
            if (firstKept > state.committed()) {
                // Not awaited: the entries are right either way, and the next reader skips the same.
                redis.advanceApplication(clientId, firstKept).whenComplete((committed, error) -> {
                    if (error != null) {
                        LOG.warn("Could not advance the committed offset of application client {}: {}", clientId,
                                error.getMessage());
                    }
                });
            }
            return List.copyOf(live.values());
        }
    }

    /** As {@link RedisQueueStore#inbound}. */
    @Override
    public Set<Integer> inbound(String clientId) {
        return redis.inbound(clientId);
    }

    // ---- ownership and lifecycle ------------------------------------------------------------------

    /**
     * Makes nodeId the owner of clientId's queue (in Redis, as {@link RedisQueueStore#claimOwner});
     * returns the previous owner, or null. This node's offsets of the client are read afresh afterwards,
     * since another node may have removed entries meanwhile.
     */
    public CompletableFuture<String> claimOwner(String clientId, String nodeId) {
        indexes.remove(clientId);
        return redis.claimOwner(clientId, nodeId);
    }

    /** Clears the owner if it is still nodeId, and forgets this node's offsets of the client (the session leaves it). */
    public CompletableFuture<Void> releaseOwner(String clientId, String nodeId) {
        indexes.remove(clientId);
        return redis.releaseOwner(clientId, nodeId);
    }

    /**
     * Deletes everything kept for the session that ended: the client's topic and all its Redis keys.
     * An append racing with the deletion may create the topic again, as a new session would.
     */
    public CompletableFuture<Void> deleteClient(String clientId) {
        indexes.remove(clientId);
        CompletableFuture<Void> topic = topics.delete(topics.topic(clientId));
        CompletableFuture<Void> state = redis.deleteClient(clientId);
        return CompletableFuture.allOf(topic, state);
    }

    /**
     * Stops this store's threads, readers and admin client; later calls fail. The producer and the
     * Redis store stay open: they are the caller's.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        afterCreation.shutdown();
        lookups.shutdown();
        try {
            if (!lookups.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                lookups.shutdownNow();
            }
        } catch (InterruptedException e) {
            lookups.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            reader.close();
            admin.close(CLOSE_WAIT);
        }
    }

    // ---- offsets ----------------------------------------------------------------------------------

    /** The offsets of the entry's records, forgotten by the index; none when the topic does not hold it. */
    private long[] offsetsOf(String clientId, long entryId) {
        OffsetIndex index = indexes.computeIfAbsent(clientId, id -> new OffsetIndex());
        synchronized (index) {
            long[] known = index.take(entryId);
            if (known == null) {
                readNewRecords(clientId, index);
                known = index.take(entryId);
            }
            return known == null ? NO_OFFSETS : known;
        }
    }

    /**
     * Indexes the records appended since this node last read the client's topic (from the committed
     * offset the first time). An entry delivered live was appended, and acknowledged, before its
     * delivery, so such a read finds it.
     */
    private void readNewRecords(String clientId, OffsetIndex index) {
        String topic = topics.topic(clientId);
        if (!topics.exists(topic, READ_TIMEOUT)) {
            return;
        }
        if (!index.hasRead()) {
            index.restartAt(await(redis.applicationCommitted(clientId), clientId));
        }
        long from = index.readTo();
        Optional<TopicReader.Span> span = reader.read(topic, from, READ_TIMEOUT,
                record -> index.add(entryId(record), record.offset()));
        if (span.isPresent() && span.get().end() < from) {
            // The topic ends before what this node had read: it was deleted and created anew meanwhile.
            index.restartAt(await(redis.applicationCommitted(clientId), clientId));
            span = reader.read(topic, index.readTo(), READ_TIMEOUT, record -> index.add(entryId(record), record.offset()));
        }
        span.ifPresent(s -> index.readTo(Math.max(index.readTo(), s.end())));
    }

    private static <T> T await(CompletableFuture<T> future, String clientId) {
        try {
            return future.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while reading the state of application client " + clientId, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StorageException storage ? storage
                    : new StorageException("Cannot read the state of application client " + clientId, e.getCause());
        } catch (TimeoutException e) {
            throw new StorageException("No state of application client " + clientId + " within " + READ_TIMEOUT.toMillis()
                    + " ms", e);
        }
    }

    // ---- records ----------------------------------------------------------------------------------

    private static long entryId(ConsumerRecord<String, byte[]> record) {
        try {
            return Long.parseLong(record.key());
        } catch (NumberFormatException e) {
            throw new StorageException("Kafka topic " + record.topic() + " offset " + record.offset()
                    + " is not an entry (key '" + record.key() + "')", e);
        }
    }

    private static StoredEntry decode(ConsumerRecord<String, byte[]> record, long entryId, byte[] mark) {
        try {
            if (record.value() == null) {
                throw new IOException("no value");
            }
            return EntryCodec.decode(entryId, record.value(), mark);
        } catch (IOException | RuntimeException e) {
            throw new StorageException("Kafka topic " + record.topic() + " offset " + record.offset() + ": entry "
                    + entryId + " cannot be read: " + e.getMessage(), e);
        }
    }
}
