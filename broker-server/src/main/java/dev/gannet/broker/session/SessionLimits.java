package dev.gannet.broker.session;

import dev.gannet.broker.config.QueueOverflowPolicy;

/**
 * Per-session bounds.
 *
 * @param maxInflight        unacknowledged QoS 1/2 messages outstanding to the client at once
 * @param maxQueuedMessages  messages waiting to be sent (online) or kept for later (offline)
 * @param overflow           what to discard when the queue is full
 */
public record SessionLimits(int maxInflight, int maxQueuedMessages, QueueOverflowPolicy overflow) {

    public SessionLimits {
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("maxInflight must be 1..65535: " + maxInflight);
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("maxQueuedMessages must be positive: " + maxQueuedMessages);
        }
    }
}
