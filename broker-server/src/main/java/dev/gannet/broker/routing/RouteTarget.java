package dev.gannet.broker.routing;

import dev.gannet.broker.message.Message;
import dev.gannet.broker.subscription.SubscriptionOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * What one client's matching subscriptions add up to for one message, by the rules both routers
 * follow (on one node and across a cluster): the highest granted QoS (never above the message's),
 * RETAIN kept only if a subscription asked for "retain as published", and the identifiers of all
 * of them.
 */
public final class RouteTarget {

    private int qos = -1;
    private boolean retainAsPublished;
    private List<Integer> identifiers = List.of();

    /** A target of one subscription (a shared group's pick). */
    public static RouteTarget of(SubscriptionOptions options) {
        RouteTarget target = new RouteTarget();
        target.add(options);
        return target;
    }

    public void add(SubscriptionOptions options) {
        qos = Math.max(qos, options.qos());
        retainAsPublished |= options.retainAsPublished();
        if (options.subscriptionIdentifier() != 0) {
            if (identifiers.isEmpty()) {
                identifiers = new ArrayList<>(2);
            }
            identifiers.add(options.subscriptionIdentifier());
        }
    }

    /** The QoS the message goes out at. */
    public int qos(Message message) {
        return Math.min(message.qos(), qos);
    }

    /** RETAIN is cleared on messages sent to existing subscriptions unless asked otherwise. */
    public boolean retain(Message message) {
        return retainAsPublished && message.retain();
    }

    public List<Integer> identifiers() {
        return identifiers;
    }
}
