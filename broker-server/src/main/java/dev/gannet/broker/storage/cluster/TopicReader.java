package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.StorageException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Reads a range of a single-partition topic, on the caller's thread: the partition is assigned and
 * sought directly (no consumer group, nothing committed in Kafka), and the read ends at the end
 * offset found when it started, so it takes bounded time however fast the topic grows.
 *
 * <p>Consumers are costly to create (a connection and a metadata round trip) and not thread-safe:
 * each read borrows an idle one or creates one, and gives it back afterwards; a few are kept idle.
 */
final class TopicReader implements AutoCloseable {

    /** Which offsets a read covered: from {@code start} (the log may have begun later than asked) to {@code end}, exclusive. */
    record Span(long start, long end) {
    }

    private static final int KEPT_IDLE = 4;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Admin admin;
    private final Map<String, Object> consumerConfig;
    private final String clientId;
    private final AtomicInteger created = new AtomicInteger();
    private final ConcurrentLinkedQueue<KafkaConsumer<String, byte[]>> idle = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param admin    finds the topic's first and end offsets (and whether it exists); stays the caller's to close
     * @param clientId names the consumers in Kafka's logs and metrics (a number is appended)
     */
    TopicReader(Admin admin, String bootstrapServers, String clientId) {
        this.admin = admin;
        this.clientId = clientId;
        this.consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // A position that fell below the log start (retention ran meanwhile): go on from the start.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Reading must never create a topic with the broker's defaults.
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    }

    /**
     * Hands {@code sink} every record of partition 0 of {@code topic} from {@code from} (or the log
     * start, when later) up to the end offset at the start of the read, in offset order.
     *
     * @return the offsets covered; empty when the topic does not exist
     * @throws StorageException when Kafka fails or the read takes longer than {@code timeout}
     */
    Optional<Span> read(String topic, long from, Duration timeout, Consumer<ConsumerRecord<String, byte[]>> sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TopicPartition partition = new TopicPartition(topic, 0);
        Optional<long[]> bounds = bounds(partition, deadline);
        if (bounds.isEmpty()) {
            return Optional.empty();
        }
        long start = Math.max(from, bounds.get()[0]);
        long end = bounds.get()[1];
        if (start >= end) {
            return Optional.of(new Span(start, end));
        }
        KafkaConsumer<String, byte[]> consumer = borrow();
        boolean reusable = false;
        try {
            consumer.assign(List.of(partition));
            consumer.seek(partition, start);
            while (consumer.position(partition, remaining(deadline, topic)) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL).records(partition)) {
                    if (record.offset() >= end) {
                        break;
                    }
                    sink.accept(record);
                }
            }
            consumer.unsubscribe();
            reusable = true;
            return Optional.of(new Span(start, end));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new StorageException("Kafka: cannot read topic '" + topic + "' from offset " + start + " to " + end
                    + " within " + timeout.toMillis() + " ms", e);
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageException("Kafka: cannot read topic '" + topic + "': " + e.getMessage(), e);
        } finally {
            giveBack(consumer, reusable);
        }
    }

    /** The first and the end offset of the partition; empty when its topic does not exist. */
    private Optional<long[]> bounds(TopicPartition partition, long deadline) {
        ListOffsetsResult first = admin.listOffsets(Map.of(partition, OffsetSpec.earliest()));
        ListOffsetsResult end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()));
        try {
            return Optional.of(new long[] {
                    await(first.partitionResult(partition), deadline).offset(),
                    await(end.partitionResult(partition), deadline).offset()});
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new StorageException("Kafka: cannot find the offsets of topic '" + partition.topic() + "': "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StorageException("Kafka: no offsets of topic '" + partition.topic() + "' in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while finding the offsets of topic '" + partition.topic() + "'", e);
        }
    }

    private static <T> T await(KafkaFuture<T> future, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private static Duration remaining(long deadline, String topic) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new org.apache.kafka.common.errors.TimeoutException("reading " + topic + " took too long");
        }
        return Duration.ofNanos(left);
    }

    private KafkaConsumer<String, byte[]> borrow() {
        if (closed.get()) {
            throw new StorageException("The application queue store is closed");
        }
        KafkaConsumer<String, byte[]> consumer = idle.poll();
        if (consumer != null) {
            return consumer;
        }
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + created.incrementAndGet());
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Keeps a consumer for the next read, unless enough are kept, the store is closing, or the read failed midway. */
    private void giveBack(KafkaConsumer<String, byte[]> consumer, boolean reusable) {
        if (reusable && !closed.get() && idle.size() < KEPT_IDLE) {
            idle.add(consumer);
            // close() may have emptied the queue just before the add: then take it back and close it here.
            if (closed.get() && idle.remove(consumer)) {
                closeQuietly(consumer);
            }
            return;
        }
        closeQuietly(consumer);
    }

    private static void closeQuietly(KafkaConsumer<String, byte[]> consumer) {
        // Nothing to commit or leave (no group): no reason to wait.
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    /** Closes the idle consumers; those lent out are closed when given back. */
    @Override
    public void close() {
        closed.set(true);
        for (KafkaConsumer<String, byte[]> consumer; (consumer = idle.poll()) != null; ) {
            closeQuietly(consumer);
        }
    }
}
