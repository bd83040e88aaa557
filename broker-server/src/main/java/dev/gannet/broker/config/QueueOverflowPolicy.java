package dev.gannet.broker.config;

/** What happens when a message arrives for a client whose queue is full. */
public enum QueueOverflowPolicy {
    /** Discard the oldest queued message to make room: subscribers see the newest data. */
    DROP_OLDEST,
    /** Keep the queue as it is and discard the arriving message. */
    DROP_NEWEST
}
