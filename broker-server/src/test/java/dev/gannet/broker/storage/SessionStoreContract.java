package dev.gannet.broker.storage;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link SessionStore}, run against every backend. */
public abstract class SessionStoreContract extends StoreContract {

    private StoredSession find(String clientId) {
        return store.sessions().loadSessions().stream().filter(s -> s.clientId().equals(clientId)).findFirst().orElse(null);
    }

    @Test
    void a_saved_session_and_its_subscriptions_survive_a_restart() {
        String client = unique("device");
        await(store.sessions().saveSession(client, 3600));
        StoredSubscription temperature = new StoredSubscription("sensors/+/temp", 1, false, false, 0, 0);
        StoredSubscription shared = new StoredSubscription("$share/g/jobs/#", 2, false, true, 2, 42);
        await(store.sessions().saveSubscription(client, temperature));
        await(store.sessions().saveSubscription(client, shared));
        restart();
        StoredSession session = find(client);
        assertThat(session).isNotNull();
        assertThat(session.expiryIntervalSeconds()).isEqualTo(3600);
        assertThat(session.subscriptions()).containsExactly(temperature, shared);
    }

    @Test
    void saving_a_subscription_to_the_same_filter_replaces_it_and_saving_a_session_updates_its_expiry() {
        String client = unique("app");
        await(store.sessions().saveSession(client, 10));
        await(store.sessions().saveSubscription(client, new StoredSubscription("a/#", 0, false, false, 0, 0)));
        await(store.sessions().saveSubscription(client, new StoredSubscription("a/#", 2, true, false, 1, 5)));
        await(store.sessions().saveSession(client, 0xFFFF_FFFFL));
        StoredSession session = find(client);
        assertThat(session.expiryIntervalSeconds()).isEqualTo(0xFFFF_FFFFL);
        assertThat(session.subscriptions()).containsExactly(new StoredSubscription("a/#", 2, true, false, 1, 5));
    }

    @Test
    void removing_a_subscription_or_a_session_is_durable() {
        String kept = unique("kept");
        String gone = unique("gone");
        await(store.sessions().saveSession(kept, 60));
        await(store.sessions().saveSubscription(kept, new StoredSubscription("x", 1, false, false, 0, 0)));
        await(store.sessions().saveSubscription(kept, new StoredSubscription("y", 1, false, false, 0, 0)));
        await(store.sessions().removeSubscription(kept, "x"));
        await(store.sessions().saveSession(gone, 60));
        await(store.sessions().removeSession(gone));
        restart();
        assertThat(find(kept).subscriptions()).extracting(StoredSubscription::filter).containsExactly("y");
        assertThat(find(gone)).isNull();
    }

    @Test
    void removing_a_session_removes_its_queue_and_pending_qos2_ids() {
        String client = unique("leaving");
        await(store.sessions().saveSession(client, 60));
        long entry = store.queues().newEntryId();
        await(store.queues().enqueue(message("t", "x"), List.of(new QueueTarget(client, entry, 1, false, List.of()))));
        await(store.queues().rememberInbound(client, 9));
        await(store.sessions().removeSession(client));
        restart();
        assertThat(store.queues().entries(client)).isEmpty();
        assertThat(store.queues().inbound(client)).isEmpty();
    }
}
