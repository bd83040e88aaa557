package dev.gannet.broker.metrics;

import dev.gannet.broker.session.ClientType;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's running counters. Cheap to update from any thread; read by the management
 * endpoint and by tests. Counters only grow; rates are derived by whoever samples them.
 */
public final class BrokerMetrics {

    private final AtomicInteger connections = new AtomicInteger();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder protocolErrors = new LongAdder();
    private final LongAdder publishesReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder publishesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder messagesDroppedQueueFull = new LongAdder();
    private final LongAdder deviceQueueFull = new LongAdder();
    private final LongAdder applicationQueueFull = new LongAdder();
    private final LongAdder messagesDroppedNoSubscriber = new LongAdder();
    private final LongAdder publishesDenied = new LongAdder();
    private final LongAdder messagesDroppedExpired = new LongAdder();
    private final LongAdder subscriptionQuotaExceeded = new LongAdder();
    private final LongAdder connectRateExceeded = new LongAdder();
    private final LongAdder publishRateExceeded = new LongAdder();
    private final LongAdder messagesDroppedTooLarge = new LongAdder();

    public int connectionOpened() {
        connectionsAccepted.increment();
        return connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void connectionRefused() {
        connectionsRefused.increment();
    }

    public void protocolError() {
        protocolErrors.increment();
    }

    public void publishReceived(int payloadBytes) {
        publishesReceived.increment();
        bytesReceived.add(payloadBytes);
    }

    public void publishSent(int payloadBytes) {
        publishesSent.increment();
        bytesSent.add(payloadBytes);
    }

    public void droppedQueueFull(ClientType type) {
        messagesDroppedQueueFull.increment();
        (type == ClientType.APPLICATION ? applicationQueueFull : deviceQueueFull).increment();
    }

    /** Messages dropped because a client of {@code type} had a full queue. */
    public long messagesDroppedQueueFull(ClientType type) {
        return (type == ClientType.APPLICATION ? applicationQueueFull : deviceQueueFull).sum();
    }

    public void droppedNoSubscriber() {
        messagesDroppedNoSubscriber.increment();
    }

    public void publishDenied() {
        publishesDenied.increment();
    }

    public void subscriptionQuotaExceeded() {
        subscriptionQuotaExceeded.increment();
    }

    public void connectRateExceeded() {
        connectRateExceeded.increment();
    }

    public void publishRateExceeded() {
        publishRateExceeded.increment();
    }

    public long subscriptionQuotaExceededCount() {
        return subscriptionQuotaExceeded.sum();
    }

    public long connectRateExceededCount() {
        return connectRateExceeded.sum();
    }

    public long publishRateExceededCount() {
        return publishRateExceeded.sum();
    }

    public void droppedExpired() {
        messagesDroppedExpired.increment();
    }

    public void droppedTooLarge() {
        messagesDroppedTooLarge.increment();
    }

    public long messagesDroppedExpired() {
        return messagesDroppedExpired.sum();
    }

    public long messagesDroppedTooLarge() {
        return messagesDroppedTooLarge.sum();
    }

    public int connections() {
        return connections.get();
    }

    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    public long protocolErrors() {
        return protocolErrors.sum();
    }

    public long publishesReceived() {
        return publishesReceived.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long publishesSent() {
        return publishesSent.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Messages that were accepted but will never be delivered to a subscriber: queue full, expired, too large. */
    public long messagesDropped() {
        return messagesDroppedQueueFull.sum() + messagesDroppedExpired.sum() + messagesDroppedTooLarge.sum();
    }

    public long messagesDroppedQueueFull() {
        return messagesDroppedQueueFull.sum();
    }

    public long messagesDroppedNoSubscriber() {
        return messagesDroppedNoSubscriber.sum();
    }

    public long publishesDenied() {
        return publishesDenied.sum();
    }
}
