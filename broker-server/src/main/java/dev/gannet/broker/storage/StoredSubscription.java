package dev.gannet.broker.storage;

/** A subscription as stored: the raw filter (with any $share prefix) and its options. */
public record StoredSubscription(String filter, int qos, boolean noLocal, boolean retainAsPublished,
                                 int retainHandling, int subscriptionIdentifier) {
}
