package dev.gannet.broker.storage;

/**
 * Everything the broker must remember across restarts, one interface per concern. Two
 * implementations: {@code storage.embedded} (one node, a local append-only log) and, in cluster
 * mode, Kafka, Redis and PostgreSQL. A behaviour only one backend has is a bug in this SPI; each
 * interface has one contract test suite that both run.
 */
public interface BrokerStore extends AutoCloseable {

    SessionStore sessions();

    MessageQueueStore queues();

    RetainedStore retained();

    @Override
    void close();
}
