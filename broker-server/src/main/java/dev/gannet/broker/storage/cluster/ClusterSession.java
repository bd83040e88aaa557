package dev.gannet.broker.storage.cluster;

import dev.gannet.broker.storage.StoredSession;
import dev.gannet.broker.storage.StoredSubscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One session as the cluster's session directory holds it: where it lives, whether its client is
 * connected, and what it subscribed to. Every node keeps all of them, so that the node routing a
 * message can find each matching session and its node.
 *
 * @param clientId              the MQTT client id (also the record's key)
 * @param nodeId                the node that owns the session, or null when none does yet
 * @param connected             whether the client is connected to {@code nodeId}
 * @param expiryIntervalSeconds 0 for a non-persistent session, which the directory keeps only while connected
 * @param clientType            {@code DEVICE} or {@code APPLICATION}
 * @param subscriptions         in the order they were first made; one per filter
 */
public record ClusterSession(String clientId, String nodeId, boolean connected, long expiryIntervalSeconds,
                             String clientType, List<StoredSubscription> subscriptions) {

    /** The type given to a session that the directory learns of before its owner claims it. */
    public static final String DEFAULT_CLIENT_TYPE = "DEVICE";

    public ClusterSession {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientType, "clientType");
        if (!clientType.equals("DEVICE") && !clientType.equals("APPLICATION")) {
            throw new IllegalArgumentException("client type must be DEVICE or APPLICATION: " + clientType);
        }
        subscriptions = List.copyOf(subscriptions);
    }

    /** A session that outlives its connection: the SessionStore contract covers it. */
    public boolean persistent() {
        return expiryIntervalSeconds > 0;
    }

    /** The same session, owned by {@code newNodeId} and connected there or not. */
    public ClusterSession withOwner(String newNodeId, boolean nowConnected) {
        return new ClusterSession(clientId, newNodeId, nowConnected, expiryIntervalSeconds, clientType, subscriptions);
    }

    /** The same session with another expiry interval (0: non-persistent). */
    public ClusterSession withExpiry(long newExpiryIntervalSeconds) {
        return new ClusterSession(clientId, nodeId, connected, newExpiryIntervalSeconds, clientType, subscriptions);
    }

    /** The same session with exactly these subscriptions. */
    public ClusterSession withSubscriptions(List<StoredSubscription> newSubscriptions) {
        return new ClusterSession(clientId, nodeId, connected, expiryIntervalSeconds, clientType, newSubscriptions);
    }

    /** Adds {@code subscription}, or replaces the one with the same filter in its place. */
    public ClusterSession withSubscription(StoredSubscription subscription) {
        List<StoredSubscription> updated = new ArrayList<>(subscriptions);
        int index = indexOf(subscription.filter());
        if (index < 0) {
            updated.add(subscription);
        } else {
            updated.set(index, subscription);
        }
        return withSubscriptions(updated);
    }

    /** The same session without the subscription to {@code filter} (unchanged when there is none). */
    public ClusterSession withoutSubscription(String filter) {
        int index = indexOf(filter);
        if (index < 0) {
            return this;
        }
        List<StoredSubscription> updated = new ArrayList<>(subscriptions);
        updated.remove(index);
        return withSubscriptions(updated);
    }

    private int indexOf(String filter) {
        for (int i = 0; i < subscriptions.size(); i++) {
            if (subscriptions.get(i).filter().equals(filter)) {
                return i;
            }
        }
        return -1;
    }

    /** What the {@link dev.gannet.broker.storage.SessionStore} contract returns for it. */
    public StoredSession toStoredSession() {
        return new StoredSession(clientId, expiryIntervalSeconds, subscriptions);
    }
}
