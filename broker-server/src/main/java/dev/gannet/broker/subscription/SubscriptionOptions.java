package dev.gannet.broker.subscription;

/**
 * What a client asked for when it subscribed to one filter (MQTT 5 section 3.8.3.1; an MQTT 3.1.1
 * subscription has only the QoS, the rest at their defaults).
 *
 * @param qos                    the granted maximum QoS (0, 1 or 2)
 * @param noLocal                do not send back messages this client published itself
 * @param retainAsPublished      keep the publisher's RETAIN flag on forwarded messages
 * @param retainHandling         0: send retained messages on subscribe; 1: only if the subscription
 *                               is new; 2: never
 * @param subscriptionIdentifier the client's identifier for this subscription, 0 for none
 */
public record SubscriptionOptions(int qos, boolean noLocal, boolean retainAsPublished, int retainHandling,
                                  int subscriptionIdentifier) {

    /** The largest subscription identifier (a variable byte integer). */
    public static final int MAX_SUBSCRIPTION_IDENTIFIER = 268_435_455;

    public SubscriptionOptions {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
        if (retainHandling < 0 || retainHandling > 2) {
            throw new IllegalArgumentException("retain handling must be 0, 1 or 2: " + retainHandling);
        }
        if (subscriptionIdentifier < 0 || subscriptionIdentifier > MAX_SUBSCRIPTION_IDENTIFIER) {
            throw new IllegalArgumentException("subscription identifier out of range: " + subscriptionIdentifier);
        }
    }

    /** An MQTT 3.1.1 subscription: only a QoS. */
    public SubscriptionOptions(int qos) {
        this(qos, false, false, 0, 0);
    }

    /** The options of a subscription as a store kept it. */
    public static SubscriptionOptions of(dev.gannet.broker.storage.StoredSubscription stored) {
        return new SubscriptionOptions(stored.qos(), stored.noLocal(), stored.retainAsPublished(), stored.retainHandling(),
                stored.subscriptionIdentifier());
    }

    /** The subscription to {@code rawFilter} (with any $share prefix) with these options, as a store keeps it. */
    public dev.gannet.broker.storage.StoredSubscription stored(String rawFilter) {
        return new dev.gannet.broker.storage.StoredSubscription(rawFilter, qos, noLocal, retainAsPublished, retainHandling,
                subscriptionIdentifier);
    }
}
