package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.MessageQueueStore;
import dev.gannet.broker.storage.RetainedStore;
import dev.gannet.broker.storage.SessionStore;

import java.util.List;

/**
 * A {@link BrokerStore} put together from parts, as cluster mode does (sessions and retained
 * messages in Kafka, queues elsewhere), so that the contract suites can run against the Kafka
 * parts. A part a suite does not use is null and fails loudly if asked for.
 */
final class ComposedStore implements BrokerStore {

    private final SessionStore sessions;
    private final MessageQueueStore queues;
    private final RetainedStore retained;
    private final List<AutoCloseable> parts;

    ComposedStore(SessionStore sessions, MessageQueueStore queues, RetainedStore retained, AutoCloseable... parts) {
        this.sessions = sessions;
        this.queues = queues;
        this.retained = retained;
        this.parts = List.of(parts);
    }

    private static <T> T present(T part, String name) {
        if (part == null) {
            throw new UnsupportedOperationException("this suite's store has no " + name);
        }
        return part;
    }

    @Override
    public SessionStore sessions() {
        return present(sessions, "sessions");
    }

    @Override
    public MessageQueueStore queues() {
        return present(queues, "queues");
    }

    @Override
    public RetainedStore retained() {
        return present(retained, "retained messages");
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a part of the store failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
