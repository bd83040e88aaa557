package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.RetainedStore;
import dev.gannet.broker.storage.SessionStore;

/**
 * A {@link BrokerStore} whose only part is a {@link RedisQueueStore}, for the queue contract: in
 * cluster mode sessions and retained messages live in Kafka, whose stores have their own suites.
 */
final class RedisQueuesOnlyStore implements BrokerStore {

    private final RedisQueueStore queues;

    RedisQueuesOnlyStore(RedisQueueStore queues) {
        this.queues = queues;
    }

    @Override
    public SessionStore sessions() {
        throw new UnsupportedOperationException("cluster mode keeps sessions in Kafka; the Kafka stores' suites cover them");
    }

    @Override
    public RedisQueueStore queues() {
        return queues;
    }

    @Override
    public RetainedStore retained() {
        throw new UnsupportedOperationException("cluster mode keeps retained messages in Kafka; the Kafka stores' suites cover them");
    }

    @Override
    public void close() {
        queues.close();
    }
}
