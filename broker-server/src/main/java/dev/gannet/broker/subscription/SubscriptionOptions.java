package dev.gannet.broker.subscription;

/**
 * What a client asked for when it subscribed to one filter.
 *
 * @param qos the granted maximum QoS (0, 1 or 2)
 */
public record SubscriptionOptions(int qos) {

    public SubscriptionOptions {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2: " + qos);
        }
    }
}
