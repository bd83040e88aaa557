package dev.gannet.broker.cluster;

import dev.gannet.broker.storage.StoredSubscription;
import dev.gannet.broker.storage.cluster.ClusterSession;
import dev.gannet.broker.subscription.SharedGroup;
import dev.gannet.broker.subscription.Subscription;
import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.broker.subscription.TopicTree;
import dev.gannet.model.topic.TopicFilter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every subscription of every session in the cluster, by client id, kept from the session
 * directory's changes so that any node can route any message. Changes arrive on the directory's
 * one thread; matching runs concurrently on the routing thread (the topic tree allows both).
 */
final class SubscriptionIndex {

    private final TopicTree<String> tree = new TopicTree<>();
    /** What the tree holds for each client; touched by the directory thread only. */
    private final Map<String, Map<String, StoredSubscription>> byClient = new HashMap<>();

    /** Brings the tree in line with {@code current}, the session's record now (null when it ended). */
    void changed(String clientId, ClusterSession current) {
        Map<String, StoredSubscription> before = byClient.getOrDefault(clientId, Map.of());
        Map<String, StoredSubscription> after = new HashMap<>();
        if (current != null) {
            for (StoredSubscription s : current.subscriptions()) {
                after.put(s.filter(), s);
            }
        }
        for (String filter : before.keySet()) {
            if (!after.containsKey(filter)) {
                tree.unsubscribe(TopicFilter.parse(filter), clientId);
            }
        }
        for (StoredSubscription s : after.values()) {
            if (!s.equals(before.get(s.filter()))) {
                tree.subscribe(TopicFilter.parse(s.filter()), clientId, SubscriptionOptions.of(s));
            }
        }
        if (after.isEmpty()) {
            byClient.remove(clientId);
        } else {
            byClient.put(clientId, after);
        }
    }

    void match(String topic, Consumer<Subscription<String>> direct, Consumer<SharedGroup<String>> shared) {
        tree.match(topic, direct, shared);
    }

    /** The subscriptions of one client as the index holds them (for tests and diagnostics). */
    List<Subscription<String>> all() {
        return tree.all();
    }
}
