package dev.gannet.broker.session;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.storage.BrokerStore;
import dev.gannet.broker.storage.StoredEntry;
import dev.gannet.broker.storage.StoredSession;
import dev.gannet.broker.storage.StoredSubscription;
import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.broker.subscription.TopicTree;
import dev.gannet.model.topic.TopicFilter;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every session by client id, and the topic tree their subscriptions live in.
 *
 * <p>Opening, closing and subscribing for one client id are serialised on a lock stripe chosen by
 * the id, so a takeover racing a subscription or a close cannot leave a subscription behind for a
 * session that has ended.
 */
public final class SessionRegistry implements AutoCloseable {

    private static final int STRIPES = 64;

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final TopicTree<Session> topics = new TopicTree<>();
    private final Object[] stripes = new Object[STRIPES];
    private final Function<ClientType, SessionLimits> limits;
    private final BrokerMetrics metrics;
    private final Consumer<Message> willPublisher;
    /** Where persistent sessions are kept; null when everything lives in memory only. */
    private final BrokerStore store;
    /** What the other nodes of a cluster hear about sessions here; NONE on a single node. */
    private volatile SessionCluster cluster = SessionCluster.NONE;
    /** Fires session expiry and delayed wills at their time, not in a periodic sweep. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gannet-session-timer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param willPublisher publishes a delayed will when its delay passes or its session ends
     */
    /**
     * @param limits        the limits of each client type
     * @param willPublisher publishes a delayed will when its delay passes or its session ends
     * @param store         where persistent sessions are kept; null to keep everything in memory
     */
    public SessionRegistry(Function<ClientType, SessionLimits> limits, BrokerMetrics metrics, Consumer<Message> willPublisher,
                           BrokerStore store) {
        this.limits = limits;
        this.metrics = metrics;
        this.willPublisher = willPublisher;
        this.store = store;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Makes this registry report to a cluster; call before the broker accepts connections. */
    public void cluster(SessionCluster cluster) {
        this.cluster = cluster;
    }

    public SessionCluster cluster() {
        return cluster;
    }

    /** A registry in memory only, whose delayed wills are discarded (for tests that never use them). */
    public SessionRegistry(SessionLimits limits, BrokerMetrics metrics) {
        this(type -> limits, metrics, will -> { }, null);
    }

    /** The outcome of a subscription change: whether it changed anything, and when that is durable. */
    public record Applied(boolean changed, CompletableFuture<Void> durable) {
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private Session newSession(String clientId, long expiryIntervalSeconds, ClientType type) {
        if (store == null || expiryIntervalSeconds == 0) {
            return new Session(clientId, expiryIntervalSeconds, limits.apply(type), metrics);
        }
        store.sessions().saveSession(clientId, expiryIntervalSeconds);
        return new Session(clientId, expiryIntervalSeconds, limits.apply(type), metrics,
                SessionPersistence.of(clientId, store.queues()));
    }

    private static boolean isStored(Session session) {
        return session.isStored();
    }

    /**
     * Rebuilds a persistent session from the store at start-up: offline, with its subscriptions,
     * queue, in-flight messages and pending QoS 2 ids, and its expiry timer running.
     */
    public Session restore(StoredSession stored, List<StoredEntry> entries, Set<Integer> inboundQos2) {
        return restore(stored, entries, inboundQos2, false);
    }

    /**
     * As {@link #restore(StoredSession, List, Set)}; with {@code dropRepeatedEntries} the session
     * also drops a second copy of a recent stored entry (in a cluster, an entry appended while the
     * session moved here can arrive both in {@code entries} and from the routing node).
     */
    public Session restore(StoredSession stored, List<StoredEntry> entries, Set<Integer> inboundQos2,
                           boolean dropRepeatedEntries) {
        // The type is known again when the client reconnects with its credentials; until then, the default's limits.
        Session session = new Session(stored.clientId(), stored.expiryIntervalSeconds(), limits.apply(ClientType.DEVICE),
                metrics, SessionPersistence.of(stored.clientId(), store.queues()));
        if (dropRepeatedEntries) {
            session.dropRepeatedEntries();
        }
        synchronized (stripe(stored.clientId())) {
            sessions.put(stored.clientId(), session);
            for (StoredSubscription s : stored.subscriptions()) {
                TopicFilter filter = TopicFilter.parse(s.filter());
                SubscriptionOptions options = SubscriptionOptions.of(s);
                topics.subscribe(filter, session, options);
                session.recordSubscription(filter, options);
            }
            for (StoredEntry e : entries) {
                session.restore(new Delivery(e.message(), e.qos(), e.retain(), e.subscriptionIdentifiers(), e.entryId()),
                        e.packetId(), e.released());
            }
            inboundQos2.forEach(session::restoreInboundQos2);
            scheduleOfflineTimer(session, -1);
        }
        return session;
    }

    /**
     * What opening a session produced.
     *
     * @param session         the session now owned by the new connection
     * @param sessionPresent  true when an existing session was resumed (CONNACK's session present flag)
     * @param previousOwner   the connection that held this client id before, to be closed; or null
     */
    public record Opened(Session session, boolean sessionPresent, ClientChannel previousOwner) {
    }

    /**
     * Opens the session of {@code clientId} for {@code channel}. A clean start, or an existing
     * session that was not persistent, replaces the old session; otherwise the persistent session
     * is resumed. The previous connection, if any, is returned for the caller to close.
     */
    public Opened open(String clientId, boolean cleanStart, long expiryIntervalSeconds, ClientType type, ClientChannel channel) {
        Message willOfEndedSession = null;
        Opened opened;
        synchronized (stripe(clientId)) {
            Session existing = sessions.get(clientId);
            ClientChannel previousOwner = null;
            if (existing != null) {
                if (cleanStart || !existing.isPersistent()) {
                    previousOwner = existing.claim(null);
                    willOfEndedSession = end(existing);
                    existing = null;
                } else {
                    previousOwner = existing.claim(channel);
                    existing.expiryIntervalSeconds(expiryIntervalSeconds);
                    if (isStored(existing)) {
                        store.sessions().saveSession(clientId, expiryIntervalSeconds);
                    }
                }
            }
            Session session = existing;
            if (session == null) {
                session = newSession(clientId, expiryIntervalSeconds, type);
                session.claim(channel);
                sessions.put(clientId, session);
            }
            session.clientType(type, limits.apply(type));
            opened = new Opened(session, existing != null, previousOwner);
        }
        publishWill(willOfEndedSession);
        cluster.opened(opened.session());
        return opened;
    }


    /** The connection {@code channel} of {@code session} has closed; a non-persistent session ends. */
    public void closed(Session session, ClientChannel channel) {
        closed(session, channel, null, 0);
    }

    /**
     * The connection {@code channel} of {@code session} has closed without a normal DISCONNECT and
     * left {@code will} to be published after {@code willDelaySeconds} (above 0), or when the session
     * ends, whichever comes first. If another connection has already resumed the session, the will
     * is not sent (MQTT-3.1.3-9). With {@code will} null this is a plain close.
     */
    public void closed(Session session, ClientChannel channel, Message will, long willDelaySeconds) {
        Message publishNow = null;
        synchronized (stripe(session.clientId())) {
            boolean wasOwner = session.release(channel);
            if (will != null) {
                if (session.isDiscarded() && !session.isHandedOver()) {
                    publishNow = will; // the session already ended (a clean start replaced it)
                } else if (wasOwner) {
                    session.pendingWill(will);
                }
            }
            if (wasOwner) {
                if (!session.isPersistent()) {
                    publishNow = end(session);
                } else {
                    scheduleOfflineTimer(session, will == null ? -1 : willDelaySeconds);
                }
                cluster.closed(session);
            }
        }
        publishWill(publishNow);
    }

    /** Arms the next timer of an offline session: its pending will's delay, else its expiry. */
    private void scheduleOfflineTimer(Session session, long willDelaySeconds) {
        long expiry = session.expiryIntervalSeconds();
        boolean expires = expiry != Session.NEVER_EXPIRES;
        if (willDelaySeconds >= 0 && (!expires || willDelaySeconds < expiry)) {
            session.offlineTimer(timer.schedule(() -> willDelayPassed(session, expiry - willDelaySeconds),
                    willDelaySeconds, TimeUnit.SECONDS));
        } else if (expires) {
            session.offlineTimer(timer.schedule(() -> expire(session), expiry, TimeUnit.SECONDS));
        }
    }

    private void willDelayPassed(Session session, long expiryLeftSeconds) {
        Message will;
        synchronized (stripe(session.clientId())) {
            if (!session.isOffline()) {
                return;
            }
            will = session.takePendingWill();
            if (session.expiryIntervalSeconds() != Session.NEVER_EXPIRES) {
                session.offlineTimer(timer.schedule(() -> expire(session), expiryLeftSeconds, TimeUnit.SECONDS));
            }
        }
        publishWill(will);
    }

    private void expire(Session session) {
        Message will;
        synchronized (stripe(session.clientId())) {
            if (!session.isOffline() || sessions.get(session.clientId()) != session) {
                return;
            }
            will = end(session);
        }
        publishWill(will);
    }

    private void publishWill(Message will) {
        if (will != null) {
            willPublisher.accept(will);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Adds or replaces a subscription; not changed when the session has already ended. */
    public Applied subscribe(Session session, TopicFilter filter, SubscriptionOptions options) {
        synchronized (stripe(session.clientId())) {
            if (session.isDiscarded()) {
                return new Applied(false, DONE);
            }
            topics.subscribe(filter, session, options);
            session.recordSubscription(filter, options);
            if (!isStored(session)) {
                return new Applied(true, cluster.subscriptionsChanged(session));
            }
            return new Applied(true, store.sessions().saveSubscription(session.clientId(), options.stored(filter.raw())));
        }
    }

    /** Removes a subscription; changed when there was one. */
    public Applied unsubscribe(Session session, TopicFilter filter) {
        synchronized (stripe(session.clientId())) {
            boolean known = session.forgetSubscription(filter);
            boolean removed = topics.unsubscribe(filter, session);
            boolean changed = known || removed;
            if (!changed) {
                return new Applied(false, DONE);
            }
            if (!isStored(session)) {
                return new Applied(true, cluster.subscriptionsChanged(session));
            }
            return new Applied(true, store.sessions().removeSubscription(session.clientId(), filter.raw()));
        }
    }

    /** An MQTT 5 DISCONNECT changed the session expiry interval. */
    public void changeExpiry(Session session, long expiryIntervalSeconds) {
        synchronized (stripe(session.clientId())) {
            session.expiryIntervalSeconds(expiryIntervalSeconds);
            if (isStored(session) && !session.isDiscarded()) {
                store.sessions().saveSession(session.clientId(), expiryIntervalSeconds);
            }
        }
    }

    /**
     * Removes a session and everything it holds (management "remove session"), closing its
     * connection if it has one; its delayed will, if any, is published.
     */
    public boolean remove(String clientId) {
        Message will;
        ClientChannel connection;
        synchronized (stripe(clientId)) {
            Session session = sessions.get(clientId);
            if (session == null) {
                return false;
            }
            connection = session.claim(null);
            will = end(session);
        }
        if (connection != null) {
            connection.disconnectByAdministrator("session removed by an administrator");
        }
        publishWill(will);
        return true;
    }

    /**
     * Lets go of the session of {@code clientId} because another node of the cluster takes it over:
     * its connection here is closed with "session taken over", and it leaves this node without
     * ending, its stored state staying for the new holder. With {@code ending} (the new connection
     * asked for a clean start) the old connection's will is published, as when a local clean start
     * replaces a session. False when this node does not hold the session.
     */
    public boolean evict(String clientId, boolean ending) {
        ClientChannel connection;
        Session session;
        synchronized (stripe(clientId)) {
            session = sessions.remove(clientId);
            if (session == null) {
                return false;
            }
            connection = session.claim(null);
            unsubscribeAll(session, false); // the session lives on elsewhere, with its subscriptions
            if (ending) {
                session.discard();
            } else {
                session.handedOver();
            }
        }
        if (connection != null) {
            connection.takenOver("client id " + clientId + " taken over by a connection to another node");
        }
        return true;
    }

    /**
     * Closes the connection of {@code clientId} (management "disconnect"); a persistent session
     * stays and waits for its client. False when the client is not connected.
     */
    public boolean disconnect(String clientId) {
        Session session = sessions.get(clientId);
        ClientChannel connection = session == null ? null : session.owner();
        if (connection == null) {
            return false;
        }
        connection.disconnectByAdministrator("disconnected by an administrator");
        return true;
    }

    /** How many subscriptions all sessions hold together. */
    public int subscriptionCount() {
        int total = 0;
        for (Session session : sessions.values()) {
            total += session.subscriptionCount();
        }
        return total;
    }

    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    public Collection<Session> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }

    public TopicTree<Session> topics() {
        return topics;
    }

    /** Ends {@code session}; returns its delayed will, which the caller publishes outside the lock. */
    private Message end(Session session) {
        Message will = session.takePendingWill();
        unsubscribeAll(session, true);
        session.discard();
        sessions.remove(session.clientId(), session);
        if (isStored(session) && cluster.holds(session.clientId())) {
            store.sessions().removeSession(session.clientId());
        }
        return will;
    }

    /** Takes the session's subscriptions out of the topic tree; {@code forget} also drops them from the session. */
    private void unsubscribeAll(Session session, boolean forget) {
        for (TopicFilter filter : List.copyOf(session.subscriptionMap().values())) {
            topics.unsubscribe(filter, session);
            if (forget) {
                session.forgetSubscription(filter);
            }
        }
    }

    private Object stripe(String clientId) {
        return stripes[Math.floorMod(clientId.hashCode(), STRIPES)];
    }
}
