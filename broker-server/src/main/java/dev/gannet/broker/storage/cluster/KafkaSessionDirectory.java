package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.cluster.kafka.CompactedTopic;
import dev.gannet.broker.storage.SessionStore;
import dev.gannet.broker.storage.StoredSession;
import dev.gannet.broker.storage.StoredSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The cluster's session directory: every session's owner node, connected flag, expiry, client
 * type and subscriptions, in the compacted {@code sessions} topic (key = client id, value =
 * {@link ClusterSession} in {@link ClusterSessionCodec}'s form). Every node holds all of it; it is
 * also the {@link SessionStore} of cluster mode, for the persistent sessions.
 *
 * <p><b>Who writes.</b> A session's record is written by the node that owns it, which holds the
 * newest state of it: each change is computed from this node's view of the record and written
 * whole. Changes to one client are serialised here (a lock per stripe of client ids), and a write
 * stays in this node's view from the moment it is made until it is read back from the topic, so
 * two quick changes to one client never lose each other while the first is on its way through
 * Kafka.
 *
 * <p><b>Two views.</b> {@link #get}, {@link #all} and {@link #loadSessions} show this node's view:
 * what it read from the topic, overlaid by its own writes not yet read back. The listener sees
 * only what was read from the topic, in topic order, like every other node's listener.
 *
 * <p>The futures complete when Kafka acknowledged the write (removeSession: and the queue was
 * removed), on a Kafka client thread: continue on your own thread if the continuation is slow.
 */
public final class KafkaSessionDirectory implements SessionStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSessionDirectory.class);
    private static final int STRIPES = 64;

    /** This node's write of a client's record (null session: removed) until it is read back, and its acknowledgement. */
    private record Written(ClusterSession session, CompletableFuture<Void> acknowledged) {
    }

    private final Function<String, CompletableFuture<Void>> removeQueue;
    private final Consumer<ClusterSessionChange> listener;
    /** As read from the topic; written on the topic's thread only. */
    private final Map<String, ClusterSession> read = new ConcurrentHashMap<>();
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private final Object[] stripes = new Object[STRIPES];
    private final CompactedTopic topic;

    /**
     * Replays the topic (blocking up to {@code startTimeout}), then follows it.
     *
     * @param removeQueue deletes a client's queued messages, in-flight messages and pending QoS 2
     *                    ids where cluster mode keeps them (Redis); {@link #removeSession} calls it
     * @param listener    called on the topic's thread for every change read from the topic (the
     *                    replay's included), in topic order; it must not block
     * @throws dev.gannet.broker.storage.StorageException when the topic cannot be read to its end in time
     */
    public KafkaSessionDirectory(String bootstrapServers, String topicName, String clientIdPrefix, Duration startTimeout,
                                 Function<String, CompletableFuture<Void>> removeQueue,
                                 Consumer<ClusterSessionChange> listener) {
        this.removeQueue = removeQueue;
        this.listener = listener;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        this.topic = new CompactedTopic(bootstrapServers, topicName, clientIdPrefix, this::applyRead);
        topic.start(startTimeout);
    }

    /** On the topic's thread. An unreadable record counts as a removal (and is logged), as on every node. */
    private void applyRead(String clientId, byte[] value) {
        ClusterSession current = value == null ? null : decode(clientId, value);
        ClusterSession previous = current == null ? read.remove(clientId) : read.put(clientId, current);
        if (!Objects.equals(previous, current)) {
            try {
                listener.accept(new ClusterSessionChange(clientId, previous, current));
            } catch (RuntimeException e) {
                LOG.error("The session directory's listener failed on client {}", clientId, e);
            }
        }
    }

    private static ClusterSession decode(String clientId, byte[] value) {
        try {
            ClusterSession session = ClusterSessionCodec.decode(value);
            if (!session.clientId().equals(clientId)) {
                throw new IOException("the record names client '" + session.clientId() + "'");
            }
            return session;
        } catch (IOException e) {
            LOG.error("Ignoring the unreadable session directory record of client '{}': {}", clientId, e.getMessage());
            return null;
        }
    }

    /** This node's view of one client: its own unread write, else what it read. */
    private ClusterSession view(String clientId) {
        Written mine = written.get(clientId);
        return mine != null ? mine.session() : read.get(clientId);
    }

    private Object stripe(String clientId) {
        return stripes[Math.floorMod(clientId.hashCode(), STRIPES)];
    }

    /**
     * Computes the client's new record from this node's view and writes it; nothing is written
     * when it does not change (then the future is that of this node's write still on its way, if any).
     */
    private CompletableFuture<Void> update(String clientId, UnaryOperator<ClusterSession> change) {
        synchronized (stripe(clientId)) {
            ClusterSession before = view(clientId);
            ClusterSession after = change.apply(before);
            if (Objects.equals(before, after)) {
                Written mine = written.get(clientId);
                return mine == null ? CompletableFuture.completedFuture(null) : mine.acknowledged().copy();
            }
            return write(clientId, after);
        }
    }

    /** Under the client's stripe lock, so that the order of writes is the order of the views they came from. */
    private CompletableFuture<Void> write(String clientId, ClusterSession session) {
        Written mine = new Written(session, new CompletableFuture<>());
        // In the view before the write is sent, so that its read-back cannot come first.
        written.put(clientId, mine);
        topic.write(clientId, session == null ? null : ClusterSessionCodec.encode(session)).whenComplete((offset, error) -> {
            if (error != null) {
                written.remove(clientId, mine); // not written: the view falls back to what was read
                mine.acknowledged().completeExceptionally(error);
                return;
            }
            // Once read back (or passed over), what was read is at least as new as this write.
            topic.readBack(offset).whenComplete((v, closedFirst) -> written.remove(clientId, mine));
            mine.acknowledged().complete(null);
        });
        return mine.acknowledged().copy(); // a copy: a caller completing its future must not touch the others'
    }

    // ---- SessionStore: the persistent sessions ----

    /** Creates the session (without owner, until a node claims it) or updates its expiry, keeping the rest. */
    @Override
    public CompletableFuture<Void> saveSession(String clientId, long expiryIntervalSeconds) {
        return update(clientId, s -> s == null
                ? new ClusterSession(clientId, null, false, expiryIntervalSeconds, ClusterSession.DEFAULT_CLIENT_TYPE, List.of())
                : s.withExpiry(expiryIntervalSeconds));
    }

    /**
     * Removes the session's record (a tombstone) and its queue (the {@code removeQueue} hook);
     * the future completes when both are done.
     */
    @Override
    public CompletableFuture<Void> removeSession(String clientId) {
        CompletableFuture<Void> record;
        synchronized (stripe(clientId)) {
            // Written even when this node's view has no record: a tombstone is cheap and clears any it has not seen.
            record = write(clientId, null);
        }
        CompletableFuture<Void> queue;
        try {
            queue = removeQueue.apply(clientId);
        } catch (RuntimeException e) {
            queue = CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(record, queue);
    }

    /** Adds the subscription, or replaces the one with the same filter; creates the session when missing. */
    @Override
    public CompletableFuture<Void> saveSubscription(String clientId, StoredSubscription subscription) {
        return update(clientId, s -> (s != null ? s
                : new ClusterSession(clientId, null, false, 0, ClusterSession.DEFAULT_CLIENT_TYPE, List.of()))
                .withSubscription(subscription));
    }

    @Override
    public CompletableFuture<Void> removeSubscription(String clientId, String filter) {
        return update(clientId, s -> s == null ? null : s.withoutSubscription(filter));
    }

    /** The persistent sessions (expiry &gt; 0) in this node's view. */
    @Override
    public List<StoredSession> loadSessions() {
        return all().stream().filter(ClusterSession::persistent).map(ClusterSession::toStoredSession).toList();
    }

    // ---- The cluster's own operations ----

    /**
     * Records that {@code nodeId} now holds {@code clientId}, connected, with its client type and
     * expiry, keeping its subscriptions; creates the record when missing. A non-persistent session
     * (expiry 0) is kept in the directory only while connected.
     */
    public CompletableFuture<Void> claim(String clientId, String nodeId, String clientType, long expiryIntervalSeconds) {
        return update(clientId, s -> new ClusterSession(clientId, nodeId, true, expiryIntervalSeconds, clientType,
                s == null ? List.of() : s.subscriptions()));
    }

    /**
     * As {@link #claim(String, String, String, long)}, with the subscriptions the session holds now
     * (a new session's own, never those an older session of the client id left): one write.
     */
    public CompletableFuture<Void> claim(String clientId, String nodeId, String clientType, long expiryIntervalSeconds,
                                         List<StoredSubscription> subscriptions) {
        return update(clientId, s -> new ClusterSession(clientId, nodeId, true, expiryIntervalSeconds, clientType,
                subscriptions));
    }

    /**
     * The client disconnected from {@code nodeId}: a persistent session keeps its record (owner
     * {@code nodeId}, not connected), a non-persistent one is removed. Nothing changes when
     * another node owns the session now (it took the session over).
     */
    public CompletableFuture<Void> disconnected(String clientId, String nodeId) {
        return update(clientId, s -> {
            if (s == null || !nodeId.equals(s.nodeId())) {
                return s;
            }
            return s.persistent() ? s.withOwner(nodeId, false) : null;
        });
    }

    /**
     * Replaces the subscriptions of a session: for non-persistent sessions, whose changes the
     * {@link SessionStore} methods do not see. Nothing is written when the record is missing: its
     * claim creates it, and a late call after the disconnect must not bring back a record that no
     * node would ever remove.
     */
    public CompletableFuture<Void> saveSubscriptions(String clientId, List<StoredSubscription> subscriptions) {
        return update(clientId, s -> s == null ? null : s.withSubscriptions(subscriptions));
    }

    /** The client's record in this node's view. */
    public Optional<ClusterSession> get(String clientId) {
        return Optional.ofNullable(view(clientId));
    }

    /** Every record in this node's view, persistent or not, connected or not. */
    public Collection<ClusterSession> all() {
        // This node's writes first, then what was read: a write read back in between is then in both
        // copies, where the other order could see it in neither (as in view()).
        Map<String, Written> mineNow = new HashMap<>(written);
        Map<String, ClusterSession> all = new HashMap<>(read);
        mineNow.forEach((clientId, mine) -> {
            if (mine.session() == null) {
                all.remove(clientId);
            } else {
                all.put(clientId, mine.session());
            }
        });
        return List.copyOf(all.values());
    }

    /**
     * Blocks until every change written to the directory before this call, by any node, has been
     * read here (and given to the listener); false on timeout. The routing node calls it before
     * matching, so that a subscription acknowledged before a publish is seen.
     */
    public boolean awaitCaughtUp(Duration timeout) {
        return topic.awaitCaughtUp(timeout);
    }

    /** Like {@link #awaitCaughtUp}, without blocking. */
    public CompletableFuture<Void> caughtUp() {
        return topic.caughtUp();
    }

    @Override
    public void close() {
        topic.close();
    }
}
