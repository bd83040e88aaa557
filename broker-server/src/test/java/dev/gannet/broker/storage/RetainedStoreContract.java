package dev.gannet.broker.storage;

import dev.gannet.broker.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link RetainedStore}, run against every backend. */
public abstract class RetainedStoreContract extends StoreContract {

    private Message find(String topic) {
        return store.retained().loadAll().stream().filter(m -> m.topic().equals(topic)).findFirst().orElse(null);
    }

    @Test
    void the_last_retained_message_of_a_topic_survives_a_restart_with_its_properties() {
        String topic = unique("status");
        await(store.retained().put(message(topic, "first")));
        Message rich = richMessage(topic);
        await(store.retained().put(rich));
        restart();
        assertThat(find(topic)).usingRecursiveComparison().isEqualTo(rich);
    }

    @Test
    void a_removed_retained_message_stays_removed() {
        String topic = unique("cleared");
        await(store.retained().put(message(topic, "x")));
        await(store.retained().remove(topic));
        restart();
        assertThat(find(topic)).isNull();
    }
}
