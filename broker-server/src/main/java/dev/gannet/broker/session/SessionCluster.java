package dev.gannet.broker.session;

import java.util.concurrent.CompletableFuture;

/**
 * What the other nodes of a cluster must learn about this node's sessions, and the one step that
 * must happen before a session opens here. In embedded mode every call is {@link #NONE}: a single
 * node already knows everything.
 *
 * <p>Futures complete once the change is visible to every node; the MQTT flows answer the client
 * (CONNACK, SUBACK) only then, so a message published anywhere after the answer is routed by what
 * the answer promised.
 */
public interface SessionCluster {

    SessionCluster NONE = new SessionCluster() {
    };

    CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * Called before the session of {@code clientId} opens on this node, off the network threads: a
     * session held by another node is taken over from it (its connection closed, its state handed
     * over) and, when resumed, restored into {@code registry}.
     *
     * @param expiryIntervalSeconds the expiry the new connection asked for (0: ends with the connection)
     */
    default CompletableFuture<Void> beforeOpen(String clientId, boolean cleanStart, long expiryIntervalSeconds,
                                               ClientType type) {
        return DONE;
    }

    /** The session now belongs to a connection on this node. */
    default CompletableFuture<Void> opened(Session session) {
        return DONE;
    }

    /**
     * The subscriptions of {@code session} changed. Stored sessions already told the store through
     * the storage SPI; this is for the rest.
     */
    default CompletableFuture<Void> subscriptionsChanged(Session session) {
        return DONE;
    }

    /** The connection of {@code session} closed; a non-persistent session has ended with it. */
    default void closed(Session session) {
    }

    /**
     * False when the stored state of {@code clientId} belongs to another node now: a copy this node
     * still has (its timer expiring it, say) must not delete the session the other node serves.
     */
    default boolean holds(String clientId) {
        return true;
    }
}
