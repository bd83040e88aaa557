package dev.gannet.broker.storage.embedded;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.storage.QueueTarget;
import dev.gannet.broker.storage.StoredEntry;
import dev.gannet.broker.storage.StoredSession;
import dev.gannet.broker.storage.StoredSubscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stored state as the changes describe it. The log writer applies each change after writing
 * it; recovery applies the snapshot and then the log. A message queued for several clients is held
 * once, counted by its entries, and forgotten when the last entry goes.
 *
 * <p>Not thread-safe: the embedded store guards it with its own monitor.
 */
final class StoreState {

    private static final class SessionState {
        long expiryIntervalSeconds;
        final Map<String, StoredSubscription> subscriptions = new LinkedHashMap<>();
    }

    private static final class Entry {
        final long entryId;
        final long messageId;
        final int qos;
        final boolean retain;
        final List<Integer> subscriptionIdentifiers;
        int packetId;
        boolean released;

        Entry(long entryId, long messageId, int qos, boolean retain, List<Integer> subscriptionIdentifiers) {
            this.entryId = entryId;
            this.messageId = messageId;
            this.qos = qos;
            this.retain = retain;
            this.subscriptionIdentifiers = subscriptionIdentifiers;
        }
    }

    private static final class StoredMessage {
        final Message message;
        int references;

        StoredMessage(Message message) {
            this.message = message;
        }
    }

    private final Map<String, SessionState> sessions = new LinkedHashMap<>();
    private final Map<String, TreeMap<Long, Entry>> queues = new HashMap<>();
    private final Map<Long, StoredMessage> messages = new HashMap<>();
    private final Map<String, Set<Integer>> inbound = new HashMap<>();
    private final Map<String, Message> retained = new LinkedHashMap<>();
    private long highestEntryId;
    private long highestMessageId;

    void apply(Change change) {
        if (change instanceof Change.SessionSaved c) {
            sessions.computeIfAbsent(c.clientId(), id -> new SessionState()).expiryIntervalSeconds = c.expiryIntervalSeconds();
        } else if (change instanceof Change.SessionRemoved c) {
            sessions.remove(c.clientId());
            TreeMap<Long, Entry> queue = queues.remove(c.clientId());
            if (queue != null) {
                queue.values().forEach(this::release);
            }
            inbound.remove(c.clientId());
        } else if (change instanceof Change.SubscriptionSaved c) {
            sessions.computeIfAbsent(c.clientId(), id -> new SessionState())
                    .subscriptions.put(c.subscription().filter(), c.subscription());
        } else if (change instanceof Change.SubscriptionRemoved c) {
            SessionState session = sessions.get(c.clientId());
            if (session != null) {
                session.subscriptions.remove(c.filter());
            }
        } else if (change instanceof Change.Enqueued c) {
            highestMessageId = Math.max(highestMessageId, c.messageId());
            StoredMessage stored = messages.computeIfAbsent(c.messageId(), id -> new StoredMessage(c.message()));
            for (QueueTarget target : c.targets()) {
                highestEntryId = Math.max(highestEntryId, target.entryId());
                queues.computeIfAbsent(target.clientId(), id -> new TreeMap<>()).put(target.entryId(),
                        new Entry(target.entryId(), c.messageId(), target.qos(), target.retain(), target.subscriptionIdentifiers()));
                stored.references++;
            }
            if (stored.references == 0) {
                messages.remove(c.messageId());
            }
        } else if (change instanceof Change.InFlight c) {
            Entry entry = entry(c.clientId(), c.entryId());
            if (entry != null) {
                entry.packetId = c.packetId();
            }
        } else if (change instanceof Change.Released c) {
            Entry entry = entry(c.clientId(), c.entryId());
            if (entry != null) {
                entry.released = true;
            }
        } else if (change instanceof Change.Removed c) {
            TreeMap<Long, Entry> queue = queues.get(c.clientId());
            Entry entry = queue == null ? null : queue.remove(c.entryId());
            if (entry != null) {
                release(entry);
                if (queue.isEmpty()) {
                    queues.remove(c.clientId());
                }
            }
        } else if (change instanceof Change.InboundRemembered c) {
            inbound.computeIfAbsent(c.clientId(), id -> new LinkedHashSet<>()).add(c.packetId());
        } else if (change instanceof Change.InboundForgotten c) {
            Set<Integer> ids = inbound.get(c.clientId());
            if (ids != null && ids.remove(c.packetId()) && ids.isEmpty()) {
                inbound.remove(c.clientId());
            }
        } else if (change instanceof Change.RetainedPut c) {
            retained.put(c.message().topic(), c.message());
        } else if (change instanceof Change.RetainedRemoved c) {
            retained.remove(c.topic());
        }
    }

    private Entry entry(String clientId, long entryId) {
        TreeMap<Long, Entry> queue = queues.get(clientId);
        return queue == null ? null : queue.get(entryId);
    }

    private void release(Entry entry) {
        StoredMessage stored = messages.get(entry.messageId);
        if (stored != null && --stored.references <= 0) {
            messages.remove(entry.messageId);
        }
    }

    long highestEntryId() {
        return highestEntryId;
    }

    long highestMessageId() {
        return highestMessageId;
    }

    List<StoredSession> sessions() {
        List<StoredSession> out = new ArrayList<>(sessions.size());
        sessions.forEach((id, s) -> out.add(new StoredSession(id, s.expiryIntervalSeconds, new ArrayList<>(s.subscriptions.values()))));
        return out;
    }

    List<StoredEntry> entries(String clientId) {
        TreeMap<Long, Entry> queue = queues.get(clientId);
        if (queue == null) {
            return List.of();
        }
        List<StoredEntry> out = new ArrayList<>(queue.size());
        for (Entry e : queue.values()) {
            out.add(new StoredEntry(e.entryId, messages.get(e.messageId).message, e.qos, e.retain,
                    e.subscriptionIdentifiers, e.packetId, e.released));
        }
        return out;
    }

    Set<Integer> inbound(String clientId) {
        return Set.copyOf(inbound.getOrDefault(clientId, Set.of()));
    }

    List<Message> retained() {
        return new ArrayList<>(retained.values());
    }

    int messageCount() {
        return messages.size();
    }

    /** The fewest changes that rebuild this state, in an order that replays correctly: a snapshot. */
    List<Change> asChanges() {
        List<Change> out = new ArrayList<>();
        sessions.forEach((id, s) -> {
            out.add(new Change.SessionSaved(id, s.expiryIntervalSeconds));
            s.subscriptions.values().forEach(sub -> out.add(new Change.SubscriptionSaved(id, sub)));
        });
        // One Enqueued per message, with the entries still referring to it; messages in id order keep
        // each client's queue in its original order (entry ids grow with message ids).
        Map<Long, List<QueueTarget>> targets = new TreeMap<>();
        List<Change> inFlight = new ArrayList<>();
        queues.forEach((clientId, queue) -> queue.values().forEach(e -> {
            targets.computeIfAbsent(e.messageId, id -> new ArrayList<>())
                    .add(new QueueTarget(clientId, e.entryId, e.qos, e.retain, e.subscriptionIdentifiers));
            if (e.packetId != 0) {
                inFlight.add(new Change.InFlight(clientId, e.entryId, e.packetId));
            }
            if (e.released) {
                inFlight.add(new Change.Released(clientId, e.entryId));
            }
        }));
        targets.forEach((messageId, list) -> out.add(new Change.Enqueued(messageId, messages.get(messageId).message, list)));
        out.addAll(inFlight);
        inbound.forEach((clientId, ids) -> ids.forEach(id -> out.add(new Change.InboundRemembered(clientId, id))));
        retained.values().forEach(m -> out.add(new Change.RetainedPut(m)));
        return out;
    }
}
