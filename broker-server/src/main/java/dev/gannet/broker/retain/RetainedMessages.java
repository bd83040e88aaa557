package dev.gannet.broker.retain;

import dev.gannet.broker.message.Message;
import dev.gannet.model.topic.TopicFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The last retained message of each topic, in a tree of topic levels so that a new subscription
 * visits only the branches its filter can match.
 *
 * <p>Reads take no lock; writes serialise on this object so that pruning an emptied branch
 * cannot race with a store into it.
 */
public final class RetainedMessages {

    private final Node root = new Node(null, "");
    private final AtomicInteger count = new AtomicInteger();

    /** Stores {@code message} as the retained message of its topic, or clears it when the payload is empty. */
    public synchronized void apply(Message message) {
        if (message.payload().length == 0) {
            remove(message.topic());
            return;
        }
        Node node = root;
        for (String level : levels(message.topic())) {
            Node parent = node;
            node = parent.children.computeIfAbsent(level, l -> new Node(parent, l));
        }
        if (node.message == null) {
            count.incrementAndGet();
        }
        node.message = message;
    }

    /** Clears the retained message of {@code topic}; true when there was one. */
    public synchronized boolean remove(String topic) {
        Node node = root;
        for (String level : levels(topic)) {
            node = node.children.get(level);
            if (node == null) {
                return false;
            }
        }
        if (node.message == null) {
            return false;
        }
        node.message = null;
        count.decrementAndGet();
        while (node.parent != null && node.message == null && node.children.isEmpty()) {
            node.parent.children.remove(node.level, node);
            node = node.parent;
        }
        return true;
    }

    /** The retained message of exactly {@code topic}, or null. */
    public Message get(String topic) {
        Node node = root;
        for (String level : levels(topic)) {
            node = node.children.get(level);
            if (node == null) {
                return null;
            }
        }
        return node.message;
    }

    /** Every retained message whose topic matches {@code filter} (its unshared part). */
    public List<Message> matching(TopicFilter filter) {
        List<Message> out = new ArrayList<>();
        List<String> levels = filter.levels();
        match(root, levels, 0, out);
        return out;
    }

    public int size() {
        return count.get();
    }

    private void match(Node node, List<String> filterLevels, int index, List<Message> out) {
        if (index == filterLevels.size()) {
            addIfPresent(node, out);
            return;
        }
        String level = filterLevels.get(index);
        boolean atRoot = node == root;
        if (level.equals("#")) {
            // "a/#" matches "a" itself and everything below it.
            if (!atRoot) {
                addIfPresent(node, out);
            }
            node.children.values().forEach(child -> {
                if (!(atRoot && child.level.startsWith("$"))) {
                    collectAll(child, out);
                }
            });
        } else if (level.equals("+")) {
            node.children.values().forEach(child -> {
                if (!(atRoot && child.level.startsWith("$"))) {
                    match(child, filterLevels, index + 1, out);
                }
            });
        } else {
            Node child = node.children.get(level);
            if (child != null) {
                match(child, filterLevels, index + 1, out);
            }
        }
    }

    private static void addIfPresent(Node node, List<Message> out) {
        Message message = node.message;
        if (message != null) {
            out.add(message);
        }
    }

    private static void collectAll(Node node, List<Message> out) {
        addIfPresent(node, out);
        node.children.values().forEach(child -> collectAll(child, out));
    }

    private static List<String> levels(String topic) {
        return dev.gannet.model.topic.Topics.levels(topic);
    }

    private static final class Node {
        final Node parent;
        final String level;
        final Map<String, Node> children = new ConcurrentHashMap<>();
        volatile Message message;

        Node(Node parent, String level) {
            this.parent = parent;
            this.level = level;
        }
    }
}
