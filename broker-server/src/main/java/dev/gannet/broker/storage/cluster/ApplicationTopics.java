package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.StorageException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates application clients' topics on first use and deletes them, remembering which exist so
 * that an append to a known topic costs no round trip.
 *
 * <p>Each topic has one partition (one client's messages, read in order by one node) and is kept
 * {@code maxMessageAgeSeconds} ({@code cleanup.policy=delete}): older messages would be dropped on
 * delivery anyway. Its segments roll at least daily, since Kafka deletes only whole closed segments:
 * with its default of a week, an idle application's messages would outlive their age by that much.
 */
final class ApplicationTopics {

    private static final long MAX_SEGMENT_MS = TimeUnit.DAYS.toMillis(1);
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(10);
    private static final long VISIBLE_POLL_MS = 20;

    private final Admin admin;
    private final ApplicationTopicNames names;
    private final short replicationFactor;
    private final Map<String, String> configs;
    /** Where the appends waiting for a topic's creation run, in order, once it is created: never Kafka's own threads. */
    private final Executor afterCreation;
    /**
     * Per topic: done once it exists. While it is being created, each append chains itself behind the
     * previous one here, so that appends keep their order however long the creation takes.
     */
    private final Map<String, CompletableFuture<Void>> ready = new ConcurrentHashMap<>();

    /**
     * @param maxMessageAgeSeconds the retention of every topic; 0 keeps messages for ever
     * @param afterCreation        runs what waited for a topic's creation (a single thread keeps their order)
     */
    ApplicationTopics(Admin admin, ApplicationTopicNames names, int replicationFactor, long maxMessageAgeSeconds,
                      Executor afterCreation) {
        this.admin = admin;
        this.names = names;
        this.replicationFactor = (short) replicationFactor;
        this.afterCreation = afterCreation;
        Map<String, String> topicConfigs = new HashMap<>();
        topicConfigs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        topicConfigs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                Integer.toString(dev.gannet.broker.cluster.kafka.KafkaTopics.MAX_RECORD_BYTES));
        if (maxMessageAgeSeconds > 0) {
            long retentionMs = TimeUnit.SECONDS.toMillis(maxMessageAgeSeconds);
            topicConfigs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
            topicConfigs.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Math.min(retentionMs, MAX_SEGMENT_MS)));
        } else {
            topicConfigs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        this.configs = Map.copyOf(topicConfigs);
    }

    /** The topic of {@code clientId}. */
    String topic(String clientId) {
        return names.topic(clientId);
    }

    /**
     * Runs {@code append} once {@code topic} exists: at once, on this thread, when it is known to;
     * otherwise after its creation, after the appends that were waiting before it. The future fails
     * when the topic cannot be created (then {@code append} does not run, and the next call tries again).
     */
    CompletableFuture<Void> whenReady(String topic, Runnable append) {
        boolean[] now = new boolean[1];
        CompletableFuture<Void> chained = ready.compute(topic, (name, tail) -> {
            if (tail == null || tail.isCompletedExceptionally()) {
                tail = create(name);
            }
            if (tail.isDone()) {
                now[0] = true;
                return tail;
            }
            // Async, on the single thread, so that an append never runs inside this map's lock.
            return tail.thenRunAsync(append, afterCreation);
        });
        if (now[0]) {
            append.run();
            return CompletableFuture.completedFuture(null);
        }
        return chained;
    }

    /**
     * Whether {@code topic} exists: known here, or found by asking Kafka (and then known). Asking
     * first spares a read of a missing topic, which Kafka's clients log as an error.
     *
     * @throws StorageException when Kafka does not answer within {@code timeout}
     */
    boolean exists(String topic, Duration timeout) {
        CompletableFuture<Void> known = ready.get(topic);
        if (known != null && known.isDone() && !known.isCompletedExceptionally()) {
            return true;
        }
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw new StorageException("Kafka cannot describe topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StorageException("Kafka did not describe topic '" + topic + "' within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while describing Kafka topic '" + topic + "'", e);
        }
        ready.putIfAbsent(topic, CompletableFuture.completedFuture(null));
        return true;
    }

    /**
     * Forgets that {@code topic} exists (an append to it failed: it may have been deleted elsewhere);
     * the next append creates it again when missing.
     */
    void forget(String topic) {
        ready.computeIfPresent(topic, (name, tail) -> tail.isDone() ? null : tail);
    }

    /** Deletes {@code topic}; a topic already gone is fine. */
    CompletableFuture<Void> delete(String topic) {
        ready.remove(topic);
        CompletableFuture<Void> deleted = new CompletableFuture<>();
        admin.deleteTopics(List.of(topic)).all().whenComplete((done, error) -> {
            Throwable cause = unwrap(error);
            if (cause == null || cause instanceof UnknownTopicOrPartitionException) {
                deleted.complete(null);
            } else {
                deleted.completeExceptionally(new StorageException("Kafka refused to delete topic '" + topic + "': "
                        + cause.getMessage(), cause));
            }
        });
        return deleted;
    }

    /** Asks Kafka to create the topic; completes, on {@link #afterCreation}, once it exists (whoever created it). */
    private CompletableFuture<Void> create(String topic) {
        CompletableFuture<Void> created = new CompletableFuture<>();
        NewTopic wanted = new NewTopic(topic, 1, replicationFactor).configs(configs);
        admin.createTopics(List.of(wanted)).all().whenComplete((done, error) -> {
            Throwable cause = unwrap(error);
            if (cause == null || cause instanceof TopicExistsException) {
                // Created here, or by another node (or an earlier run): used as it is, once the brokers know it.
                onExecutor(created, () -> awaitVisible(topic));
            } else {
                onExecutor(created, () -> {
                    throw new StorageException("Kafka refused to create topic '" + topic + "': " + cause.getMessage(), cause);
                });
            }
        });
        return created;
    }

    /**
     * The controller acknowledges a creation before every broker's metadata has the topic. A producer
     * asking a broker that does not know it yet would have the broker try to create it with the
     * broker's defaults (a warning when it exists meanwhile, a topic without our retention when it
     * was deleted meanwhile): so the first append waits until the broker we ask knows it.
     */
    private void awaitVisible(String topic) {
        long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
        while (!exists(topic, VISIBLE_TIMEOUT)) {
            if (System.nanoTime() > deadline) {
                throw new StorageException("Kafka topic '" + topic + "' was created but not visible within "
                        + VISIBLE_TIMEOUT.toMillis() + " ms");
            }
            try {
                Thread.sleep(VISIBLE_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("Interrupted while waiting for new Kafka topic '" + topic + "'", e);
            }
        }
    }

    /**
     * Runs {@code step} on {@link #afterCreation} (never on the admin client's network thread, which
     * it may wait on), then completes {@code future} with its outcome.
     */
    private void onExecutor(CompletableFuture<Void> future, Runnable step) {
        try {
            afterCreation.execute(() -> {
                try {
                    step.run();
                    future.complete(null);
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new StorageException("The application queue store is closed", e));
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
