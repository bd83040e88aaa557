package dev.gannet.broker.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Persistent sessions and their subscriptions. Every change returns a future that completes once
 * the change is durable by the store's policy; callers acknowledge the client only then.
 */
public interface SessionStore {

    CompletableFuture<Void> saveSession(String clientId, long expiryIntervalSeconds);

    /** Removes the session with its subscriptions, queue, in-flight messages and pending QoS 2 ids. */
    CompletableFuture<Void> removeSession(String clientId);

    CompletableFuture<Void> saveSubscription(String clientId, StoredSubscription subscription);

    CompletableFuture<Void> removeSubscription(String clientId, String filter);

    /** Every stored session, for recovery at start-up. */
    List<StoredSession> loadSessions();
}
