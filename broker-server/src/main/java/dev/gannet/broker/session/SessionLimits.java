package dev.gannet.broker.session;

import dev.gannet.broker.config.BrokerConfig;
import dev.gannet.broker.config.QueueOverflowPolicy;
import dev.gannet.broker.message.Message;

/**
 * Per-session bounds, chosen by the client's type.
 *
 * @param maxInflight          unacknowledged QoS 1/2 messages outstanding to the client at once
 * @param maxQueuedMessages    messages waiting to be sent (online) or kept for later (offline)
 * @param maxMessageAgeSeconds a queued message older than this is dropped; 0 for no limit
 * @param overflow             what to discard when the queue is full
 */
public record SessionLimits(int maxInflight, int maxQueuedMessages, long maxMessageAgeSeconds, QueueOverflowPolicy overflow) {

    public SessionLimits {
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("maxInflight must be 1..65535: " + maxInflight);
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("maxQueuedMessages must be positive: " + maxQueuedMessages);
        }
        if (maxMessageAgeSeconds < 0) {
            throw new IllegalArgumentException("maxMessageAgeSeconds must not be negative: " + maxMessageAgeSeconds);
        }
    }

    /** Limits without an age limit. */
    public SessionLimits(int maxInflight, int maxQueuedMessages, QueueOverflowPolicy overflow) {
        this(maxInflight, maxQueuedMessages, 0, overflow);
    }

    /** The limits configured for clients of {@code type}. */
    public static SessionLimits of(BrokerConfig.SessionConfig config, ClientType type) {
        BrokerConfig.QueueLimits queue = config.limitsFor(type);
        return new SessionLimits(config.maxInflight(), queue.maxQueuedMessages(), queue.maxMessageAgeSeconds(), queue.overflow());
    }

    /** True when {@code message} has waited longer than this type allows. */
    public boolean isTooOld(Message message, long nowMillis) {
        return maxMessageAgeSeconds > 0 && nowMillis - message.receivedAtMillis() > maxMessageAgeSeconds * 1000;
    }
}
