package dev.gannet.broker.session;

import dev.gannet.broker.metrics.BrokerMetrics;
import dev.gannet.broker.subscription.SubscriptionOptions;
import dev.gannet.broker.subscription.TopicTree;
import dev.gannet.model.topic.TopicFilter;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every session by client id, and the topic tree their subscriptions live in.
 *
 * <p>Opening, closing and subscribing for one client id are serialised on a lock stripe chosen by
 * the id, so a takeover racing a subscription or a close cannot leave a subscription behind for a
 * session that has ended.
 */
public final class SessionRegistry {

    private static final int STRIPES = 64;

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final TopicTree<Session> topics = new TopicTree<>();
    private final Object[] stripes = new Object[STRIPES];
    private final SessionLimits limits;
    private final BrokerMetrics metrics;

    public SessionRegistry(SessionLimits limits, BrokerMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
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
    public Opened open(String clientId, boolean cleanStart, boolean persistent, ClientChannel channel) {
        synchronized (stripe(clientId)) {
            Session existing = sessions.get(clientId);
            ClientChannel previousOwner = null;
            if (existing != null) {
                previousOwner = existing.claim(null);
                if (cleanStart || !existing.isPersistent()) {
                    end(existing);
                    existing = null;
                }
            }
            Session session = existing != null ? existing : new Session(clientId, persistent, limits, metrics);
            session.claim(channel);
            sessions.put(clientId, session);
            return new Opened(session, existing != null, previousOwner);
        }
    }

    /** The connection {@code channel} of {@code session} has closed; a non-persistent session ends. */
    public void closed(Session session, ClientChannel channel) {
        synchronized (stripe(session.clientId())) {
            if (session.release(channel) && !session.isPersistent()) {
                end(session);
            }
        }
    }

    /** Adds or replaces a subscription; false when the session has already ended. */
    public boolean subscribe(Session session, TopicFilter filter, SubscriptionOptions options) {
        synchronized (stripe(session.clientId())) {
            if (session.isDiscarded()) {
                return false;
            }
            topics.subscribe(filter, session, options);
            session.recordSubscription(filter);
            return true;
        }
    }

    /** Removes a subscription; true when there was one. */
    public boolean unsubscribe(Session session, TopicFilter filter) {
        synchronized (stripe(session.clientId())) {
            boolean known = session.forgetSubscription(filter);
            boolean removed = topics.unsubscribe(filter, session);
            return known || removed;
        }
    }

    /** Removes a session and everything it holds (management "remove session"). */
    public boolean remove(String clientId) {
        synchronized (stripe(clientId)) {
            Session session = sessions.get(clientId);
            if (session == null) {
                return false;
            }
            end(session);
            return true;
        }
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

    private void end(Session session) {
        for (TopicFilter filter : List.copyOf(session.subscriptionMap().values())) {
            topics.unsubscribe(filter, session);
            session.forgetSubscription(filter);
        }
        session.discard();
        sessions.remove(session.clientId(), session);
    }

    private Object stripe(String clientId) {
        return stripes[Math.floorMod(clientId.hashCode(), STRIPES)];
    }
}
