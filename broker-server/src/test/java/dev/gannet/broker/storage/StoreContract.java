package dev.gannet.broker.storage;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.message.PublishProperties;
import dev.gannet.broker.message.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What every contract suite needs from a backend: a store to test, and a way to reopen it as a
 * restarted broker would. Each test isolates itself with fresh client ids and topics.
 */
public abstract class StoreContract {

    protected BrokerStore store;

    /** A store for one test; the backend may reuse shared infrastructure (a Kafka, a Redis). */
    protected abstract BrokerStore openStore();

    /** Closes {@link #store} and opens it again over the same data: a restart. */
    protected abstract BrokerStore reopen(BrokerStore closing);

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    protected void restart() {
        store = reopen(store);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    protected static void await(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store operation failed", e);
        }
    }

    protected static Message message(String topic, String payload) {
        return new Message(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false, "publisher",
                1_000, 0, PublishProperties.NONE);
    }

    /** A message with every MQTT 5 property set, to check nothing is lost on the way. */
    protected static Message richMessage(String topic) {
        return new Message(topic, new byte[] {0, 1, 2, (byte) 0xFF}, 2, true, "rich-publisher", 1_234_567, 9_999_999,
                new PublishProperties(1, "application/json", "replies/x", new byte[] {7, 7},
                        List.of(new UserProperty("a", "1"), new UserProperty("a", "2"), new UserProperty("b", ""))));
    }
}
