package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.MessageQueueStore;
import dev.gannet.broker.storage.RetainedStore;
import dev.gannet.broker.storage.SessionStore;

/**
 * The storage SPI in cluster mode: sessions and subscriptions in a compacted Kafka topic (the
 * session directory), queued messages in Redis (devices) or a Kafka topic per client
 * (applications), retained messages in a compacted Kafka topic.
 */
public final class ClusterStore implements BrokerStore {

    private final KafkaSessionDirectory sessions;
    private final ClusterQueues queues;
    private final KafkaRetainedStore retained;

    public ClusterStore(KafkaSessionDirectory sessions, ClusterQueues queues, KafkaRetainedStore retained) {
        this.sessions = sessions;
        this.queues = queues;
        this.retained = retained;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public MessageQueueStore queues() {
        return queues;
    }

    @Override
    public RetainedStore retained() {
        return retained;
    }

    public KafkaSessionDirectory directory() {
        return sessions;
    }

    /** Devices' queues in Redis, applications' in Kafka. */
    public ClusterQueues clusterQueues() {
        return queues;
    }

    @Override
    public void close() {
        sessions.close();
        retained.close();
        queues.close();
    }
}
