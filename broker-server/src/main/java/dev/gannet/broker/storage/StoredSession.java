package dev.gannet.broker.storage;

import java.util.List;

/** A persistent session as stored: its client id, expiry interval and subscriptions. */
public record StoredSession(String clientId, long expiryIntervalSeconds, List<StoredSubscription> subscriptions) {

    public StoredSession {
        subscriptions = List.copyOf(subscriptions);
    }
}
