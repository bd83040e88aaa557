package dev.gannet.broker.subscription;

import dev.gannet.model.topic.TopicFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Subscriptions indexed by filter level, so a published topic is matched by walking only the
 * branches that can match it.
 *
 * <p>Concurrency: matching, the hot path, takes no lock; it reads {@link ConcurrentHashMap}s and
 * volatile snapshots. Subscribing and unsubscribing, which are rare by comparison, serialise on
 * one lock so that pruning empty branches cannot race with an insertion into them. A match running
 * alongside a change sees the tree either before or after it.
 *
 * @param <S> the subscriber; compared with {@code equals}, one subscription per subscriber and filter
 */
public final class TopicTree<S> {

    private final Node<S> root = new Node<>(null, "");
    private final ReentrantLock writeLock = new ReentrantLock();

    /** Adds or replaces {@code subscriber}'s subscription to {@code filter}; true when it replaced one. */
    public boolean subscribe(TopicFilter filter, S subscriber, SubscriptionOptions options) {
        Subscription<S> subscription = new Subscription<>(subscriber, filter, options);
        writeLock.lock();
        try {
            Node<S> node = root;
            for (String level : filter.levels()) {
                Node<S> parent = node;
                node = parent.children.computeIfAbsent(level, l -> new Node<>(parent, l));
            }
            if (filter.isShared()) {
                SharedGroup<S> group = node.shared.get(filter.shareGroup());
                if (group == null) {
                    // Publish the group only once it has its member: a concurrent match must not see it empty.
                    group = new SharedGroup<>(filter.shareGroup(), filter.filter());
                    group.members(List.of(subscription));
                    node.shared.put(filter.shareGroup(), group);
                    return false;
                }
                List<Subscription<S>> members = new ArrayList<>(group.members());
                boolean replaced = members.removeIf(s -> s.subscriber().equals(subscriber));
                members.add(subscription);
                group.members(members);
                return replaced;
            }
            return node.direct.put(subscriber, subscription) != null;
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes {@code subscriber}'s subscription to {@code filter}; true when there was one. */
    public boolean unsubscribe(TopicFilter filter, S subscriber) {
        writeLock.lock();
        try {
            Node<S> node = root;
            for (String level : filter.levels()) {
                node = node.children.get(level);
                if (node == null) {
                    return false;
                }
            }
            boolean removed;
            if (filter.isShared()) {
                SharedGroup<S> group = node.shared.get(filter.shareGroup());
                if (group == null) {
                    return false;
                }
                List<Subscription<S>> members = new ArrayList<>(group.members());
                removed = members.removeIf(s -> s.subscriber().equals(subscriber));
                if (members.isEmpty()) {
                    node.shared.remove(filter.shareGroup());
                } else {
                    group.members(members);
                }
            } else {
                removed = node.direct.remove(subscriber) != null;
            }
            prune(node);
            return removed;
        } finally {
            writeLock.unlock();
        }
    }

    private void prune(Node<S> node) {
        while (node.parent != null && node.isEmpty()) {
            node.parent.children.remove(node.level, node);
            node = node.parent;
        }
    }

    /**
     * Calls {@code direct} for every non-shared subscription that matches {@code topic} (a client
     * with overlapping filters is called once per filter) and {@code shared} for every shared group
     * with a matching filter.
     */
    public void match(String topic, Consumer<Subscription<S>> direct, Consumer<SharedGroup<S>> shared) {
        // A leading wildcard does not match a topic beginning with '$' (MQTT 4.7.2).
        boolean systemTopic = !topic.isEmpty() && topic.charAt(0) == '$';
        matchLevel(root, topic, 0, systemTopic, direct, shared);
    }

    private void matchLevel(Node<S> node, String topic, int start, boolean systemTopic,
                            Consumer<Subscription<S>> direct, Consumer<SharedGroup<S>> shared) {
        boolean wildcardsAllowed = !(systemTopic && node == root);
        if (wildcardsAllowed) {
            Node<S> multi = node.children.get("#");
            if (multi != null) {
                multi.emit(direct, shared);
            }
        }
        int end = topic.indexOf('/', start);
        String level = end < 0 ? topic.substring(start) : topic.substring(start, end);
        Node<S> exact = node.children.get(level);
        Node<S> single = wildcardsAllowed ? node.children.get("+") : null;
        if (end < 0) {
            if (exact != null) {
                exact.emitWithParentMatches(direct, shared);
            }
            if (single != null) {
                single.emitWithParentMatches(direct, shared);
            }
        } else {
            if (exact != null) {
                matchLevel(exact, topic, end + 1, systemTopic, direct, shared);
            }
            if (single != null) {
                matchLevel(single, topic, end + 1, systemTopic, direct, shared);
            }
        }
    }

    /** All subscriptions, for inspection (management views, tests). */
    public List<Subscription<S>> all() {
        List<Subscription<S>> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private void collect(Node<S> node, List<Subscription<S>> out) {
        out.addAll(node.direct.values());
        node.shared.values().forEach(group -> out.addAll(group.members()));
        node.children.values().forEach(child -> collect(child, out));
    }

    /** True when no subscription is stored and every branch has been pruned. */
    public boolean isEmpty() {
        return root.children.isEmpty();
    }

    private static final class Node<S> {
        final Node<S> parent;
        final String level;
        final Map<String, Node<S>> children = new ConcurrentHashMap<>();
        final Map<S, Subscription<S>> direct = new ConcurrentHashMap<>();
        final Map<String, SharedGroup<S>> shared = new ConcurrentHashMap<>();

        Node(Node<S> parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        boolean isEmpty() {
            return children.isEmpty() && direct.isEmpty() && shared.isEmpty();
        }

        void emit(Consumer<Subscription<S>> direct, Consumer<SharedGroup<S>> shared) {
            this.direct.values().forEach(direct);
            this.shared.values().forEach(shared);
        }

        /** The topic ends at this node: its own subscribers match, and so does a "#" below it ("a/#" matches "a"). */
        void emitWithParentMatches(Consumer<Subscription<S>> direct, Consumer<SharedGroup<S>> shared) {
            emit(direct, shared);
            Node<S> multi = children.get("#");
            if (multi != null) {
                multi.emit(direct, shared);
            }
        }
    }
}
