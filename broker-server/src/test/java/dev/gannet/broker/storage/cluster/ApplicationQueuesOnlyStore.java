package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.RetainedStore;
import dev.gannet.broker.storage.SessionStore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;

/**
 * A {@link BrokerStore} whose only part is a {@link KafkaApplicationQueueStore}, with the producer and
 * the Redis queue store a node would give it, for the queue contract; it owns all three, as a node
 * does, and closes them in the node's order (the store before what it was given).
 */
final class ApplicationQueuesOnlyStore implements BrokerStore {

    private final KafkaApplicationQueueStore queues;
    private final KafkaProducer<String, byte[]> producer;
    private final RedisQueueStore redis;

    private ApplicationQueuesOnlyStore(KafkaApplicationQueueStore queues, KafkaProducer<String, byte[]> producer,
                                       RedisQueueStore redis) {
        this.queues = queues;
        this.producer = producer;
        this.redis = redis;
    }

    /** Opens what a node opens: a producer like ClusterNode's, a Redis queue store, and the application store over them. */
    static ApplicationQueuesOnlyStore open(KafkaApplicationQueueStore.Settings settings, String redisUri, String redisPrefix) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, settings.clientIdPrefix(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                new StringSerializer(), new ByteArraySerializer());
        RedisQueueStore redis = RedisQueueStore.connect(redisUri, redisPrefix, new RedisQueueStore.Limits(1_000, 0));
        return new ApplicationQueuesOnlyStore(new KafkaApplicationQueueStore(settings, producer, redis), producer, redis);
    }

    @Override
    public SessionStore sessions() {
        throw new UnsupportedOperationException("cluster mode keeps sessions in Kafka; the Kafka stores' suites cover them");
    }

    @Override
    public KafkaApplicationQueueStore queues() {
        return queues;
    }

    RedisQueueStore redis() {
        return redis;
    }

    @Override
    public RetainedStore retained() {
        throw new UnsupportedOperationException("cluster mode keeps retained messages in Kafka; the Kafka stores' suites cover them");
    }

    @Override
    public void close() {
        try {
            queues.close();
        } finally {
            producer.close(Duration.ofSeconds(5));
            redis.close();
        }
    }
}
