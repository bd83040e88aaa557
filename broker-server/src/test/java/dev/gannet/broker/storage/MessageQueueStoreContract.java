package dev.gannet.broker.storage;

import dev.gannet.broker.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract of {@link MessageQueueStore}, run against every backend. */
public abstract class MessageQueueStoreContract extends StoreContract {

    private QueueTarget target(String client, int qos) {
        return new QueueTarget(client, store.queues().newEntryId(), qos, false, List.of());
    }

    @Test
    void queued_messages_come_back_in_order_with_every_detail_after_a_restart() {
        String client = unique("offline");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            QueueTarget t = target(client, 1 + i % 2);
            ids.add(t.entryId());
            await(store.queues().enqueue(message("orders/" + i, "order-" + i), List.of(t)));
        }
        Message rich = richMessage("rich");
        long richId = store.queues().newEntryId();
        await(store.queues().enqueue(rich, List.of(new QueueTarget(client, richId, 2, true, List.of(3, 300_000)))));
        restart();
        List<StoredEntry> entries = store.queues().entries(client);
        assertThat(entries).extracting(StoredEntry::entryId).containsExactlyElementsOf(concat(ids, richId));
        assertThat(entries.get(0).message().topic()).isEqualTo("orders/0");
        assertThat(entries.get(1).qos()).isEqualTo(2);
        StoredEntry last = entries.get(5);
        assertThat(last.retain()).isTrue();
        assertThat(last.subscriptionIdentifiers()).containsExactly(3, 300_000);
        assertThat(last.message()).usingRecursiveComparison().isEqualTo(rich);
        assertThat(last.inFlight()).isFalse();
    }

    private static List<Long> concat(List<Long> ids, long last) {
        List<Long> all = new ArrayList<>(ids);
        all.add(last);
        return all;
    }

    @Test
    void one_message_queued_for_several_clients_is_seen_by_each() {
        String a = unique("a");
        String b = unique("b");
        await(store.queues().enqueue(message("fan/out", "shared"), List.of(target(a, 1), target(b, 2))));
        restart();
        assertThat(store.queues().entries(a)).singleElement().satisfies(e -> assertThat(e.qos()).isEqualTo(1));
        assertThat(store.queues().entries(b)).singleElement().satisfies(e -> assertThat(e.qos()).isEqualTo(2));
        await(store.queues().remove(a, store.queues().entries(a).get(0).entryId()));
        assertThat(store.queues().entries(a)).isEmpty();
        assertThat(store.queues().entries(b)).hasSize(1);
    }

    @Test
    void in_flight_and_released_states_survive_a_restart_and_removal_ends_them() {
        String client = unique("inflight");
        QueueTarget q1 = target(client, 1);
        QueueTarget q2 = target(client, 2);
        QueueTarget waiting = target(client, 1);
        await(store.queues().enqueue(message("t", "one"), List.of(q1)));
        await(store.queues().enqueue(message("t", "two"), List.of(q2)));
        await(store.queues().enqueue(message("t", "three"), List.of(waiting)));
        await(store.queues().markInFlight(client, q1.entryId(), 11));
        await(store.queues().markInFlight(client, q2.entryId(), 12));
        await(store.queues().markReleased(client, q2.entryId()));
        restart();
        List<StoredEntry> entries = store.queues().entries(client);
        assertThat(entries).extracting(StoredEntry::packetId).containsExactly(11, 12, 0);
        assertThat(entries).extracting(StoredEntry::released).containsExactly(false, true, false);
        await(store.queues().remove(client, q1.entryId()));
        await(store.queues().remove(client, q2.entryId()));
        restart();
        assertThat(store.queues().entries(client)).extracting(e -> e.message().topic()).containsExactly("t");
    }

    @Test
    void qos2_packet_ids_awaiting_pubrel_are_remembered_until_forgotten() {
        String client = unique("inbound");
        await(store.queues().rememberInbound(client, 1));
        await(store.queues().rememberInbound(client, 65_535));
        await(store.queues().forgetInbound(client, 1));
        restart();
        assertThat(store.queues().inbound(client)).containsExactly(65_535);
    }

    @Test
    void entry_ids_stay_unique_across_restarts() {
        String client = unique("ids");
        QueueTarget first = target(client, 1);
        await(store.queues().enqueue(message("t", "x"), List.of(first)));
        restart();
        assertThat(store.queues().newEntryId()).isGreaterThan(first.entryId());
    }
}
